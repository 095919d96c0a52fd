"""OOXML package helpers shared by the exporters that open corporate templates.

``as_document`` lets python-pptx and python-docx open a template; ``unusable_template`` tells,
from a file's content rather than its name, why it cannot serve as one and what to do instead.
"""

from __future__ import annotations

import io
import os
import shlex
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from xml.etree import ElementTree

from briefing.untrusted import Refused, check_declared, read_part, refuse_dtd

Application = Literal["PowerPoint", "Word"]


def as_document(data: bytes, template_type: str, document_type: str) -> bytes:
    """A template package (.potx, .dotx) with its main part typed as a document.

    python-pptx and python-docx open only documents; a template differs from one in nothing
    but that content type. Other packages are returned unchanged, every entry copied as is.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        types = source.read("[Content_Types].xml")
        if template_type.encode() not in types:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                content = source.read(info.filename)
                if info.filename == "[Content_Types].xml":
                    content = content.replace(template_type.encode(), document_type.encode())
                target.writestr(info, content)
        return out.getvalue()


# --- telling a usable template from everything else ----------------------------------------


@dataclass(frozen=True)
class _App:
    """What a template for one Office application is, and how to make one."""

    document: str  # the extension of its documents
    template: str  # the extension of its templates
    legacy: str  # the extension of its old binary format

    @property
    def formats(self) -> str:
        return f"{self.document} or {self.template}"


_APPS: dict[str, _App] = {
    "PowerPoint": _App(".pptx", ".potx", ".ppt"),
    "Word": _App(".docx", ".dotx", ".doc"),
    "Excel": _App(".xlsx", ".xltx", ".xls"),
}

_PML = "application/vnd.openxmlformats-officedocument.presentationml."
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_SML = "application/vnd.openxmlformats-officedocument.spreadsheetml."
# Main-part content type -> (application, what the file is, whether briefing can open it).
# python-pptx opens .pptm too, but a deck saved from one keeps its macro content type and
# PowerPoint then refuses the .pptx; so macro-enabled files are refused like the others.
_OOXML_MAIN: dict[str, tuple[str, str, bool]] = {
    f"{_PML}presentation.main+xml": ("PowerPoint", "a PowerPoint presentation (.pptx)", True),
    f"{_PML}template.main+xml": ("PowerPoint", "a PowerPoint template (.potx)", True),
    f"{_PML}slideshow.main+xml": ("PowerPoint", "a PowerPoint slide show (.ppsx)", False),
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml": (
        "PowerPoint",
        "a macro-enabled PowerPoint presentation (.pptm)",
        False,
    ),
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml": (
        "PowerPoint",
        "a macro-enabled PowerPoint template (.potm)",
        False,
    ),
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml": (
        "PowerPoint",
        "a macro-enabled PowerPoint slide show (.ppsm)",
        False,
    ),
    f"{_WML}document.main+xml": ("Word", "a Word document (.docx)", True),
    f"{_WML}template.main+xml": ("Word", "a Word template (.dotx)", True),
    "application/vnd.ms-word.document.macroEnabled.main+xml": (
        "Word",
        "a macro-enabled Word document (.docm)",
        False,
    ),
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": (
        "Word",
        "a macro-enabled Word template (.dotm)",
        False,
    ),
    f"{_SML}sheet.main+xml": ("Excel", "an Excel workbook (.xlsx)", False),
    f"{_SML}template.main+xml": ("Excel", "an Excel template (.xltx)", False),
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": (
        "Excel",
        "a macro-enabled Excel workbook (.xlsm)",
        False,
    ),
}
# Packages that declare no main content type are known by their conventional main part.
_MAIN_PARTS = {
    "ppt/presentation.xml": ("PowerPoint", "a PowerPoint file", True),
    "word/document.xml": ("Word", "a Word file", True),
    "xl/workbook.xml": ("Excel", "an Excel workbook", False),
}
_ODF_PREFIX = "application/vnd.oasis.opendocument."
# OpenDocument mimetype suffix -> (what the file is, LibreOffice program, Office application).
_ODF: dict[str, tuple[str, str, str | None]] = {
    "presentation": ("a LibreOffice Impress presentation (.odp)", "Impress", "PowerPoint"),
    "presentation-template": ("a LibreOffice Impress template (.otp)", "Impress", "PowerPoint"),
    "text": ("a LibreOffice Writer document (.odt)", "Writer", "Word"),
    "text-template": ("a LibreOffice Writer template (.ott)", "Writer", "Word"),
    "spreadsheet": ("a LibreOffice Calc spreadsheet (.ods)", "Calc", "Excel"),
    "spreadsheet-template": ("a LibreOffice Calc template (.ots)", "Calc", "Excel"),
    "graphics": ("a LibreOffice Draw drawing (.odg)", "Draw", None),
    "graphics-template": ("a LibreOffice Draw template (.otg)", "Draw", None),
}
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Stream names in an OLE compound file's directory (stored as UTF-16), most telling first:
# Office keeps a password-protected .pptx/.docx in an OLE file too, as "EncryptionInfo".
_OLE_STREAMS = (
    ("EncryptionInfo", None),
    ("PowerPoint Document", "PowerPoint"),
    ("WordDocument", "Word"),
    ("Workbook", "Excel"),
)
# Apple iWork files (Keynote, Pages, Numbers) are zips, or folders on a Mac, holding these.
_IWORK = ("Index/Document.iwa", "index.apxl")
_IWORK_SLIDES = ("Index/Slide", "index.apxl")
_IWORK_FOR = {"PowerPoint": "Keynote", "Word": "Pages"}
# What zipfile and zlib raise for a damaged archive, besides BadZipFile.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError)


def unusable_template(path: Path, app: Application, shown: str | None = None) -> str | None:
    """Why ``path`` cannot be opened as a ``app`` template, or None if nothing is known wrong.

    The reason is told from the content (zip or not, OOXML content types, an OpenDocument
    ``mimetype``, an OLE signature), never from the name alone, and reads after the file's
    name ("... is a LibreOffice Impress template (.otp); open it ..."). It is one line and
    says what to do. ``shown`` is how to write the path in a suggested command.
    """
    target = _APPS[app]
    again = f"save it again from {app} as {target.formats}"
    unreadable = f"is not a readable {app} file"
    if path.is_dir():
        iwork = _iwork_kind(_folder_names(path))
        if iwork is not None:
            return _iwork_advice(iwork, app)
        return f"is a folder; give the path of the template file ({target.formats}) instead"
    if not path.exists():
        return "does not exist (there is no file at that path); check the path"
    try:
        with path.open("rb") as stream:
            head = stream.read(len(_OLE_SIGNATURE))
    except OSError as exc:
        return f"cannot be read ({exc.strerror or type(exc).__name__}); check its permissions"
    if not head:
        return f"{unreadable} (it is empty: 0 bytes); {again}"
    if head == _OLE_SIGNATURE:
        return _ole_advice(path, app, shown)
    if not zipfile.is_zipfile(path):
        if head.startswith(b"PK"):
            return f"{unreadable} (it is cut off or damaged: a partial copy or download?); {again}"
        if head.startswith(b"%PDF"):
            return f"is a PDF, which cannot serve as a template; give the {app} file instead"
        return f"is not a {app} file; {again}"
    try:
        with zipfile.ZipFile(path) as package:
            return _package_advice(package, path, app, shown)
    except _ZIP_ERRORS:
        return f"{unreadable} (its zip structure is damaged); {again}"


def _package_advice(
    package: zipfile.ZipFile, path: Path, app: Application, shown: str | None
) -> str | None:
    target = _APPS[app]
    again = f"save it again from {app} as {target.formats}"
    unreadable = f"is not a readable {app} file"
    names = set(package.namelist())
    if "mimetype" in names and "[Content_Types].xml" not in names:
        mimetype = package.read("mimetype").decode("ascii", "replace").strip()
        if mimetype.startswith(_ODF_PREFIX):
            return _odf_advice(mimetype.removeprefix(_ODF_PREFIX), path, app, shown)
    iwork = _iwork_kind(names)
    if iwork is not None:
        return _iwork_advice(iwork, app)
    if "[Content_Types].xml" not in names:
        inner = [n for n in names if n.lower().endswith((target.document, target.template))]
        if len(inner) == 1:
            return f"is a zip archive holding {inner[0]}; extract that file and give its path"
        return f"is a zip archive, not a {app} file; {again}"
    try:
        check_declared(package.infolist())
        content_types = read_part(package, package.getinfo("[Content_Types].xml"))
        refuse_dtd("[Content_Types].xml", content_types)
    except Refused as refused:
        return f"is refused: part {refused.part} {refused.reason}"
    try:
        types = ElementTree.fromstring(content_types)
    except ElementTree.ParseError:
        return f"{unreadable} (its [Content_Types].xml is not XML); {again}"
    main = _main_part(types, names)
    if main is None:
        return f"is not a {app} file (it has no main document part); {again}"
    part, (owner, what, openable) = main
    if owner != app:
        return f"is {what}, not a {app} file; give a {app} {target.formats} template"
    if not openable:
        return f"is {what}; open it in {app} and save it as {target.formats}"
    if part not in names:
        return f"{unreadable} (its main part {part} is missing); {again}"
    broken = package.testzip()
    if broken is not None:
        return f"{unreadable} (its part {broken} is corrupt); {again}"
    return None


def _main_part(
    types: ElementTree.Element, names: set[str]
) -> tuple[str, tuple[str, str, bool]] | None:
    """The package's main part and what it makes the package, from its content types."""
    for override in types:
        if not override.tag.endswith("Override"):
            continue
        kind = _OOXML_MAIN.get(override.get("ContentType", ""))
        if kind is not None:
            return override.get("PartName", "").lstrip("/"), kind
    for part, kind in _MAIN_PARTS.items():
        if part in names:
            return part, kind
    return None


def _odf_advice(kind: str, path: Path, app: Application, shown: str | None) -> str:
    what, program, office = _ODF.get(kind, ("an OpenDocument file", "LibreOffice", None))
    target = _APPS[app]
    if office != app:
        return f"is {what}, not a {app} file; give a {app} {target.formats} template"
    save_as = target.template if kind.endswith("-template") else target.document
    return (
        f"is {what}; open it in LibreOffice {program} and save it as {save_as}, "
        f"or run `{_convert_command(path, target.document, shown)}`"
    )


def _ole_advice(path: Path, app: Application, shown: str | None) -> str:
    target = _APPS[app]
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    owner = next(
        (owner for name, owner in _OLE_STREAMS if name.encode("utf-16-le") in data), "Office"
    )
    if owner is None:
        return (
            f"is password-protected; remove the password in {app} (File > Info) "
            f"and save it again as {target.formats}"
        )
    if owner in _APPS and owner != app:
        return (
            f"is an old binary {owner} file ({_APPS[owner].legacy}), not a {app} file; "
            f"give a {app} {target.formats} template"
        )
    what = (
        f"in the old binary {app} format ({target.legacy})"
        if owner == app
        else f"an old binary Office file ({target.legacy} or similar)"
    )
    return (
        f"is {what}, not {target.formats}; open it in {app} and save it as {target.formats}, "
        f"or run `{_convert_command(path, target.document, shown)}`"
    )


def _iwork_kind(names: set[str]) -> str | None:
    """Which iWork application made a package with these entries, if one did."""
    if not any(name in names for name in _IWORK):
        return None
    return "Keynote" if any(n.startswith(_IWORK_SLIDES) for n in names) else "Pages"


def _iwork_advice(kind: str, app: Application) -> str:
    what = (
        "an Apple Keynote presentation" if kind == "Keynote" else "an Apple Pages or Numbers file"
    )
    target = _APPS[app]
    if kind != _IWORK_FOR[app]:
        return f"is {what}, not a {app} file; give a {app} {target.formats} template"
    return (
        f"is {what}; in {kind} choose File > Export To > {app} and give the exported "
        f"{target.document} file"
    )


def _folder_names(folder: Path) -> set[str]:
    """The telling entries of a Mac package folder (a .key bundle), named as in its zip."""
    index = folder / "Index"
    try:
        names = {p.name for p in folder.iterdir()}
        if index.is_dir():
            names |= {f"Index/{p.name}" for p in index.iterdir()}
    except OSError:
        return set()
    return names


def _convert_command(path: Path, extension: str, shown: str | None) -> str:
    """The LibreOffice command that converts ``path`` to ``extension``, writing it beside it."""
    where = Path(shown) if shown is not None else path
    # Beside the file when that folder can be written to (a theme's); else the current folder.
    beside = str(where.parent) != "." and os.access(path.parent, os.W_OK)
    outdir = f" --outdir {shlex.quote(str(where.parent))}" if beside else ""
    to = extension.lstrip(".")
    return f"soffice --headless --convert-to {to}{outdir} {shlex.quote(str(where))}"
