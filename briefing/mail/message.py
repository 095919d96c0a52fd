"""The message itself: headers, the text and HTML alternatives, and the attached outputs."""

from __future__ import annotations

import datetime as dt
import email.policy
import hashlib
import mimetypes
import os
from collections.abc import Callable, Sequence
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from briefing.errors import DeliveryError
from briefing.exporters import words
from briefing.i18n import Key, messages
from briefing.mail.addresses import Addresses
from briefing.mail.body import html_body, text_body
from briefing.mail.summary import Attachment, digest
from briefing.model import Briefing
from briefing.output import build_time
from briefing.themes import Theme

MIME_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".pdf": "application/pdf",
    ".md": "text/markdown",
}
# What each attached file is, as a message key: "the full report".
WHAT: dict[str, Key] = {".docx": "full_report", ".pdf": "full_report", ".pptx": "slide_deck"}


def utc_now() -> dt.datetime:
    """The time now in UTC, to the second (what a Date header can show)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


# What a message's Date is read from when SOURCE_DATE_EPOCH is not set.
clock: Callable[[], dt.datetime] = utc_now


def subject_line(briefing: Briefing, given: str | None, tracks: Sequence[str] = ()) -> str:
    """The subject: the one given, or the briefing title (plus the tracks when some were chosen)."""
    if given is not None:
        subject = " ".join(given.split())
        if not subject:
            raise DeliveryError("--subject is empty; give some text or leave it out")
        return subject
    subject = " ".join(briefing.meta.title.plain.split())
    if tracks:
        names = [t.name for t in briefing.tracks]
        subject += " – " + messages(briefing.meta.lang).join(names)
    return subject


def compose(
    briefing: Briefing,
    theme: Theme,
    addresses: Addresses,
    subject: str,
    files: Sequence[Path],
) -> EmailMessage:
    """One message: multipart/alternative (text, HTML) with each file attached under its name."""
    said = words(briefing, theme)
    attachments = [
        Attachment(
            f.name, said(WHAT[f.suffix.lower()]) if f.suffix.lower() in WHAT else f.suffix[1:]
        )
        for f in files
    ]
    summary = digest(briefing, attachments, theme.footer, said)
    text, html = text_body(summary), html_body(summary, theme)
    message = EmailMessage(policy=email.policy.default)
    message["Subject"] = subject
    message["From"] = addresses.sender
    message["To"] = addresses.to
    if addresses.cc:
        message["Cc"] = addresses.cc
    reproducible = _reproducible()
    message["Date"] = format_datetime(build_time() if reproducible else clock())
    # Quoted-printable keeps both bodies 7-bit: safe through servers without 8BITMIME.
    message.set_content(text, cte="quoted-printable")
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    fingerprint = hashlib.sha256(f"{subject}\0{text}\0{html}".encode())
    for path in files:
        data = path.read_bytes()
        fingerprint.update(data)
        maintype, subtype = mime_type(path).split("/", 1)
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=path.name)
    # After the content: setting it replaces every Content- header.
    message["Content-Language"] = said.lang
    _stamp(message, fingerprint.hexdigest(), addresses.sender.domain, reproducible=reproducible)
    return message


def mime_type(path: Path) -> str:
    guessed = MIME_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    return guessed or "application/octet-stream"


def serialize(message: EmailMessage) -> bytes:
    """The bytes sent over SMTP (CRLF line ends), also what ``--eml`` writes."""
    return message.as_bytes(policy=email.policy.SMTP)


def _reproducible() -> bool:
    """Whether SOURCE_DATE_EPOCH asks for the same bytes from the same content."""
    return bool(os.environ.get("SOURCE_DATE_EPOCH", "").strip())


def _stamp(message: EmailMessage, fingerprint: str, domain: str, *, reproducible: bool) -> None:
    """Message-ID and MIME boundaries: derived from the content under SOURCE_DATE_EPOCH.

    With SOURCE_DATE_EPOCH set, the same report gives the same .eml bytes; otherwise the
    Message-ID is unique, because clients drop a second message carrying the same one.
    """
    if reproducible:
        message["Message-ID"] = f"<{fingerprint[:32]}@{domain}>"
    else:
        message["Message-ID"] = make_msgid(domain=domain)
    # A part would have to contain its own hash to contain the boundary: safe in practice.
    multiparts = [part for part in message.walk() if part.is_multipart()]
    for index, part in enumerate(multiparts):
        part.set_boundary(f"=_briefing_{fingerprint[:24]}_{index}")
