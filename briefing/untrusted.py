"""Opening packages that come from outside (templates, reference documents) within limits.

A .pptx or .docx is a zip of parts. Before anything is unpacked, every part's declared size,
their total and, for XML, how far they unpack are checked against the limits below; parts
are then read only when the document reaches them through its relationships, each read
stopping at its limit whatever its header says. An XML part with a DTD or an entity
declaration is refused: Office refuses them, and an entity is how a part reads files from
the machine or unpacks into gigabytes. What passes is a new package holding only the parts
the document uses. docs/reliability.md lists the limits and what users see.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree

from briefing.errors import ThemeError
from briefing.log import warn

MIB = 1 << 20
FILE_LIMIT = 200 * MIB  # the package file itself
PART_LIMIT = 100 * MIB  # one part, unpacked
TOTAL_LIMIT = 500 * MIB  # all parts, unpacked
XML_RATIO = 200  # how many times its packed size an XML part may unpack to ...
RATIO_FLOOR = 1 * MIB  # ... once it unpacks to more than this
_CHUNK = 1 * MIB

_TYPES = "[Content_Types].xml"
_ROOT_RELS = "_rels/.rels"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
# What zipfile and zlib raise for a damaged archive.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, RuntimeError, KeyError)


class Refused(Exception):
    """A package breaks a limit or carries a DTD: ``part`` names where."""

    def __init__(self, part: str, reason: str) -> None:
        super().__init__(f"{part}: {reason}")
        self.part = part
        self.reason = reason


def open_package(path: Path, label: str) -> bytes:
    """The package at ``path`` with only the parts its document uses, every one within the
    limits and free of DTDs; ``label`` says what it is in the one-line error ("the
    PowerPoint template deck.pptx"). A file that is not a readable zip is returned as it is,
    for the caller's own diagnosis, and so is reading what is not a file (OSError)."""
    if not path.is_file():
        return path.read_bytes()  # raises the OSError the caller explains
    size = path.stat().st_size
    if size > FILE_LIMIT:
        raise ThemeError(
            f"{label} is {_size(size)}, over the limit of {_size(FILE_LIMIT)} for a template; "
            "save it again without embedded media it does not need"
        )
    data = path.read_bytes()
    try:
        used = used_parts(data)
    except Refused as refused:
        raise ThemeError(f"{label} is refused: part {refused.part} {refused.reason}") from None
    for part, width, height in huge_pictures(used):
        warn(
            f"{label}: picture {part} is {width} x {height} pixels, over Pillow's limit; it is "
            "kept as it is, and left blank in previews and PDFs"
        )
    return used


def used_parts(data: bytes) -> bytes:
    """``data`` (a package) rebuilt with only the parts reachable from its relationships;
    Refused when a part breaks a limit or carries a DTD. Returned unchanged when it is not
    a readable zip."""
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS:
        return data
    with source:
        infos = {info.filename: info for info in source.infolist() if not info.is_dir()}
        check_declared(list(infos.values()))
        if _TYPES not in infos or _ROOT_RELS not in infos:
            return data  # not an Open XML package: the caller says what it is
        try:
            parts = _reachable(source, infos)
        except _ZIP_ERRORS:
            return data  # a damaged part: the caller's diagnosis names it
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for name, info in infos.items():
                if name in parts:
                    target.writestr(info, parts[name])
        return out.getvalue()


def huge_pictures(data: bytes) -> list[tuple[str, int, int]]:
    """The pictures of a package (``data``) larger than Pillow's decompression-bomb limit:
    (part, width, height), read from their headers without decoding them."""
    import warnings

    from PIL import Image

    limit = Image.MAX_IMAGE_PIXELS
    if limit is None:
        return []
    found: list[tuple[str, int, int]] = []
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS:
        return []
    with package, warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        for info in package.infolist():
            if "/media/" not in f"/{info.filename}" or info.file_size > PART_LIMIT:
                continue
            Image.MAX_IMAGE_PIXELS = None  # the header is read to learn the size, not decoded
            try:
                with Image.open(package.open(info)) as image:
                    width, height = image.size
            except Exception:  # not an image Pillow reads, so not one it would decode
                continue
            finally:
                Image.MAX_IMAGE_PIXELS = limit
            if width * height > limit:
                found.append((info.filename, width, height))
    return found


def without_huge_pictures(source: Path, scratch: Path) -> Path:
    """``source`` (a deck or report about to be rendered), or a copy in ``scratch`` whose
    pictures over Pillow's limit are replaced by a blank one, so a preview or PDF never
    decodes them."""
    if source.suffix.lower() not in (".pptx", ".docx"):
        return source
    data = source.read_bytes()
    huge = {part for part, _, _ in huge_pictures(data)}
    if not huge:
        return source
    from PIL import Image

    blank = io.BytesIO()
    Image.new("L", (1, 1), 255).save(blank, "PNG")
    out = scratch / source.name
    with (
        zipfile.ZipFile(io.BytesIO(data)) as package,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy,
    ):
        for info in package.infolist():
            copy.writestr(info, blank.getvalue() if info.filename in huge else package.read(info))
    return out


def check_declared(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse before unpacking anything: a part or the whole over its limit, or an XML part
    that unpacks to far more than it packs (the sizes the zip declares)."""
    total = 0
    for info in infos:
        if info.file_size > PART_LIMIT:
            raise Refused(
                info.filename,
                f"would unpack to {_size(info.file_size)}, over the limit of "
                f"{_size(PART_LIMIT)} a part",
            )
        if (
            _is_xml(info.filename)
            and info.file_size > RATIO_FLOOR
            and info.file_size > XML_RATIO * max(info.compress_size, 1)
        ):
            raise Refused(
                info.filename,
                f"would unpack to {info.file_size // max(info.compress_size, 1)} times its "
                f"packed size, over the limit of {XML_RATIO} for XML",
            )
        total += info.file_size
        if total > TOTAL_LIMIT:
            raise Refused(
                info.filename,
                f"takes the parts past {_size(TOTAL_LIMIT)} unpacked, the limit for a package",
            )


def read_part(source: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """One part, read in chunks and stopped at its declared size and its limit (a header
    that understates the size cannot make it unpack further)."""
    limit = min(info.file_size, PART_LIMIT)
    chunks = []
    read = 0
    with source.open(info) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            read += len(chunk)
            if read > limit:
                raise Refused(info.filename, "unpacks to more than its header declares")
            chunks.append(chunk)
    return b"".join(chunks)


def refuse_dtd(part: str, data: bytes) -> None:
    """Refuse an XML part whose prolog (what comes before its root element) declares a
    document type or entities, in whatever encoding the part is written."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = data.decode("utf-16", "replace")
    elif data[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        text = data.decode("utf-16-le" if data[0] == 0x3C else "utf-16-be", "replace")
    else:
        text = data.decode("latin-1")
    at = 0
    while True:
        while at < len(text) and text[at] in " \t\r\n\ufeff":
            at += 1
        if text.startswith("<?", at):
            end = text.find("?>", at)
            at = end + 2 if end >= 0 else len(text)
        elif text.startswith("<!--", at):
            end = text.find("-->", at)
            at = end + 3 if end >= 0 else len(text)
        elif text.startswith("<!", at):
            raise Refused(part, "declares a DTD or entities, which Office refuses")
        else:
            return  # the root element, or text no parser will take (the reader says so)


def _reachable(source: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo]) -> dict[str, bytes]:
    """Every part the package's relationships reach from its root, with the content types
    and each reached part's relationships, read and checked."""
    parts: dict[str, bytes] = {}
    # Part names are compared without case, as Open XML packages name them.
    by_key = {name.casefold(): name for name in infos}

    def take(wanted: str) -> bytes | None:
        name = by_key.get(wanted.casefold())
        if name is None or name in parts:
            return None
        info = infos[name]
        data = read_part(source, info)
        if _is_xml(name):
            refuse_dtd(name, data)
            _well_formed(name, data)
        parts[name] = data
        return data

    take(_TYPES)
    queue = [_ROOT_RELS]
    while queue:
        rels_name = queue.pop()
        rels = take(rels_name)
        if rels is None:
            continue
        base = _source_folder(rels_name)
        for target in _targets(rels_name, rels):
            name = posixpath.normpath(posixpath.join(base, target)).lstrip("/")
            if take(name) is not None:
                folder, file = posixpath.split(by_key[name.casefold()])
                queue.append(posixpath.join(folder, "_rels", f"{file}.rels"))
    return parts


def _well_formed(part: str, data: bytes) -> None:
    """Refuse a part no XML parser takes (cut off, damaged): it would be copied into the
    output as it is. Without a DTD (refused first) the parser expands no entities."""
    try:
        ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise Refused(part, f"is not well-formed XML ({exc})") from None


def _targets(rels_name: str, rels: bytes) -> list[str]:
    try:
        root = ElementTree.fromstring(rels)
    except ElementTree.ParseError as exc:
        raise Refused(rels_name, f"is not well-formed XML ({exc})") from None
    return [
        rel.get("Target", "")
        for rel in root.iter(_REL)
        if rel.get("TargetMode") != "External" and rel.get("Target")
    ]


def _source_folder(rels_name: str) -> str:
    """The folder a relationships part's targets are relative to: its source part's."""
    folder = posixpath.dirname(posixpath.dirname(rels_name))
    return "/" + folder if folder else "/"


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


def _size(count: int) -> str:
    for unit, factor in (("GiB", 1 << 30), ("MiB", MIB), ("KiB", 1 << 10)):
        if count >= factor:
            return f"{count / factor:.1f} {unit}"
    return f"{count} bytes"
