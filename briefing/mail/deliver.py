"""``briefing email``: check everything first, build the report, then send it or save it."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from briefing import exporters
from briefing.build import build, prepare, shown
from briefing.errors import BuildError, DeliveryError, ExporterError
from briefing.libreoffice import ConversionError, convert, missing_reason
from briefing.mail.addresses import Addresses, check_addresses
from briefing.mail.message import compose, serialize, subject_line
from briefing.mail.settings import ServerOptions, Settings, resolve, with_password
from briefing.mail.smtp import connect
from briefing.model import Briefing
from briefing.output import write_atomic
from briefing.pdfstamp import stamp
from briefing.selection import Selection
from briefing.themes import Theme, load_theme

REPORT_FORMAT = "docx"
DECK_FORMAT = "pptx"
# How the report can be attached: as built, or converted to PDF (for reading on a phone).
ATTACH_AS = ("docx", "pdf")


@dataclass(frozen=True)
class EmailRequest:
    """What ``briefing email`` was asked to do."""

    source: Path
    sender: str
    to: tuple[str, ...]
    cc: tuple[str, ...] = ()
    subject: str | None = None
    selection: Selection = field(default_factory=Selection)
    theme: str | None = None
    attach_deck: bool = False
    output_dir: Path = Path("output")
    eml: Path | None = None
    server: ServerOptions = field(default_factory=ServerOptions)
    attach_as: str = REPORT_FORMAT
    lang: str | None = None  # --lang: the source's lang: for this message and its files

    @property
    def formats(self) -> tuple[str, ...]:
        return (REPORT_FORMAT, DECK_FORMAT) if self.attach_deck else (REPORT_FORMAT,)


@dataclass(frozen=True)
class _Checked:
    """Everything known to be usable before the build starts."""

    addresses: Addresses
    briefing: Briefing
    theme: Theme
    subject: str


def email_report(request: EmailRequest) -> list[str]:
    """Send the report, or write the message to ``request.eml``; return lines for the user.

    Addresses, settings, source, selection and theme are checked, and the server connected
    to (TLS, login), before anything is built: a mistake costs no build and sends nothing.
    """
    addresses = check_addresses(request.sender, request.to, request.cc)
    settings = resolve(request.server) if request.eml is None else None
    if request.eml is not None and request.eml.is_dir():
        raise DeliveryError(f"--eml {request.eml} is a folder; give a file name ending in .eml")
    if request.attach_as not in ATTACH_AS:
        choices = ", ".join(ATTACH_AS)
        raise DeliveryError(f"--attach-as {request.attach_as}: choose one of {choices}")
    for name in request.formats:
        exporters.get(name)  # an unknown or unavailable format stops us before any work
    if request.attach_as == "pdf":
        reason = missing_reason()
        if reason:
            raise DeliveryError(f"--attach-as pdf converts the report with LibreOffice: {reason}")
    briefing = prepare([request.source], request.selection, request.output_dir, lang=request.lang)[
        0
    ].briefing
    checked = _Checked(
        addresses,
        briefing,
        load_theme(request.theme),
        subject_line(briefing, request.subject, request.selection.tracks),
    )
    if request.eml is not None:
        return _save(request, checked, request.eml)
    assert settings is not None  # resolved above whenever there is no --eml
    return _send(request, checked, settings)


def _save(request: EmailRequest, checked: _Checked, target: Path) -> list[str]:
    written, message = _build(request, checked)
    write_atomic(target, serialize(message))
    return [
        *(shown(p) for p in written),
        f"Wrote {shown(target)}; nothing was sent (open it in a mail client to review and send it)",
    ]


def _send(request: EmailRequest, checked: _Checked, settings: Settings) -> list[str]:
    with connect(with_password(settings)) as outbox:
        written, message = _build(request, checked)
        outbox.send(message, checked.addresses)
    attached = ", ".join(part.get_filename() or "" for part in message.iter_attachments())
    return [
        *(shown(p) for p in written),
        f'Sent "{checked.subject}" to {_recipients(checked.addresses)} via {settings.where}, '
        f"with {attached} attached.",
    ]


def _build(request: EmailRequest, checked: _Checked) -> tuple[list[Path], EmailMessage]:
    """Build the outputs with the same pipeline as ``briefing build``; compose the message."""
    try:
        written = build(
            [request.source],
            request.formats,
            request.theme,
            request.selection,
            request.output_dir,
            lang=request.lang,
        )
    except (BuildError, ExporterError) as exc:
        # Said outright: whoever reads the error must never have to guess about the send.
        raise type(exc)(f"{exc.format_message()}; nothing was sent") from exc
    files = [_output(written, name) for name in request.formats]
    if request.attach_as == "pdf":
        files[0] = _as_pdf(files[0])
        written = [*written, files[0]]
    message = compose(checked.briefing, checked.theme, checked.addresses, checked.subject, files)
    return written, message


def _as_pdf(report: Path) -> Path:
    """The report converted to PDF by LibreOffice, written beside it as ``<name>-report.pdf``
    (the name the pdf exporter gives it)."""
    with tempfile.TemporaryDirectory(prefix="briefing-mail-") as scratch:
        try:
            pdf = convert(report, Path(scratch))
        except ConversionError as exc:
            raise DeliveryError(f"{exc.format_message()}; nothing was sent") from exc
        target = report.with_name(f"{report.stem}-report.pdf")
        return write_atomic(target, stamp(pdf.read_bytes()))


def _output(written: Sequence[Path], name: str) -> Path:
    for path in written:
        if path.suffix.lower() == f".{name}":
            return path
    raise BuildError(f"the {name!r} exporter wrote no .{name} file, so there is nothing to attach")


def _recipients(addresses: Addresses) -> str:
    to = ", ".join(a.addr_spec for a in addresses.to)
    cc = ", ".join(a.addr_spec for a in addresses.cc)
    return f"{to} (cc {cc})" if cc else to
