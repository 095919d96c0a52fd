"""Making LibreOffice's PDFs reproducible (dates from SOURCE_DATE_EPOCH, a content-based ID),
and giving them the document's language."""

from __future__ import annotations

import hashlib
import os
import re

from briefing.output import build_time

# Every replacement keeps the byte length, so the PDF's cross-reference offsets stay valid.
_INFO_DATE = re.compile(rb"/(CreationDate|ModDate)\s*\(D:([0-9]{14})([^)]*)\)")
_XMP_DATE = re.compile(rb"<(xmp:CreateDate|xmp:ModifyDate|xmp:MetadataDate)>([^<]*)</")
_CHECKSUM = re.compile(rb"/DocChecksum\s*/([0-9A-Fa-f]+)")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_LANG = re.compile(rb"/Lang\s*\(([A-Za-z0-9-]*)\)")


def set_language(pdf: bytes, lang: str) -> bytes:
    """The document's language (a BCP 47 tag) as the PDF's /Lang, for screen readers: Impress
    writes the language of LibreOffice's own settings there. The tag is written in the place
    of the one there (padded with spaces); one too long for it is written without its region.
    """

    def replace(match: re.Match[bytes]) -> bytes:
        room = len(match.group(1))
        tag = lang.encode("ascii")
        if len(tag) > room:
            tag = tag.split(b"-")[0]
        if len(tag) > room:
            return match.group(0)
        written = b"/Lang(" + tag + b")"
        return written.ljust(len(match.group(0)), b" ")

    return _LANG.sub(replace, pdf)


def stamp(pdf: bytes) -> bytes:
    """Replace the conversion time and random file ID when SOURCE_DATE_EPOCH is set."""
    if not os.environ.get("SOURCE_DATE_EPOCH"):
        return pdf
    when = build_time()
    compact = when.strftime("%Y%m%d%H%M%S").encode()

    def info(match: re.Match[bytes]) -> bytes:
        zone = b"Z".ljust(len(match.group(3)), b" ") if match.group(3) else b""
        return b"/" + match.group(1) + b"(D:" + compact + zone + b")"

    def xmp(match: re.Match[bytes]) -> bytes:
        original = match.group(2)
        iso = when.strftime("%Y-%m-%dT%H:%M:%S").encode()
        value = (iso + b"Z")[: len(original)].ljust(len(original), b" ")
        return b"<" + match.group(1) + b">" + value + b"</"

    out = _INFO_DATE.sub(lambda m: _same_length(m, info(m)), pdf)
    out = _XMP_DATE.sub(lambda m: _same_length(m, xmp(m)), out)
    content = _CHECKSUM.sub(b"", _ID.sub(b"", out))
    digest = hashlib.md5(content, usedforsecurity=False).hexdigest().upper().encode()

    def checksum(match: re.Match[bytes]) -> bytes:
        size = match.end(1) - match.start(1)
        return match.group(0)[: match.start(1) - match.start()] + digest[:size].ljust(size, b"0")

    def file_id(match: re.Match[bytes]) -> bytes:
        text = bytearray(match.group(0))
        base = match.start()
        for group in (1, 2):
            start, end = match.start(group) - base, match.end(group) - base
            text[start:end] = digest[: end - start].ljust(end - start, b"0")
        return bytes(text)

    return _CHECKSUM.sub(checksum, _ID.sub(file_id, out))


def _same_length(match: re.Match[bytes], replacement: bytes) -> bytes:
    original = match.group(0)
    if len(replacement) != len(original):
        return original  # never shift the offsets the cross-reference table points at
    return replacement
