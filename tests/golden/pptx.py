"""Golden files for the deck: each case's package as its parts and canonical XML.

Each case is a folder under ``tests/golden/pptx/``. ``parts.txt`` lists the package's entries
sorted by name (the order entries are written in carries no meaning in a package) with the
SHA-256 of each one's canonical form: canonical XML for XML parts, the canonical XML of every
entry inside for an embedded workbook, the bytes for media. Every XML part the exporter writes
or edits is kept as canonical XML, timestamps blanked (``tests.golden.canonical_xml``); the
masters and layouts, copied from the base template, are compared by their hash alone.

The golden files hold the package's structure and its text, not where the text lands: in the
parts the exporter writes, every value that comes from measuring text (``MEASURED``: shapes'
positions and sizes, font sizes, indents, spacing, insets) is blanked, as are the zero-width
spaces that break long words where a line ends. Positions are the render tests' to check
(``tests.render``), against where LibreOffice drew each word. Text is measured with pinned
fonts while the decks are built (``tests.pinned_fonts``), so what goes on a slide and what
moves on to the next one or into the notes is the same on every machine.

The same command regenerates these and the report's (see ``tests.golden``)::

    .venv/bin/python -m tests.golden --regenerate
"""

from __future__ import annotations

import hashlib
import io
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from tests.golden import EPOCH, PARTS, ROOT, _epoch, canonical_xml, read_folder, write_folders
from tests.pinned_fonts import pinned_fallbacks

FOLDER = ROOT / "pptx"
STRESS = ROOT.parent / "data" / "stress.yaml"
# Base-template parts, identical in every deck on that template: kept as hashes.
_UNCHANGED = ("ppt/slideLayouts/", "ppt/slideMasters/")
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
# DrawingML attributes whose values come from measuring text, by element: blanked.
MEASURED = {
    "off": ("x", "y"),
    "ext": ("cx", "cy"),
    "chOff": ("x", "y"),
    "chExt": ("cx", "cy"),
    "rPr": ("sz",),
    "endParaRPr": ("sz",),
    "defRPr": ("sz",),
    "pPr": ("marL", "indent"),
    "spcPts": ("val",),
    "spcPct": ("val",),
    "bodyPr": ("lIns", "rIns", "tIns", "bIns"),
    "normAutofit": ("fontScale", "lnSpcReduction"),
    "gridCol": ("w",),
    "tr": ("h",),
    "tcPr": ("marL", "marR", "marT", "marB"),
}
ZWSP = "\u200b"


def canonical_parts(package: bytes) -> dict[str, str]:
    """The deck as ``{PARTS: listing, entry name: canonical XML}``, timestamps blanked."""
    listing: list[str] = []
    parts: dict[str, str] = {}
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        for name in sorted(archive.namelist()):
            data = archive.read(name)
            if name.endswith((".xml", ".rels")):
                unchanged = name.startswith(_UNCHANGED)
                text = canonical_xml(data if unchanged else without_measures(data))
                data = text.encode("utf-8")
                if not unchanged:
                    parts[name] = text
            elif name.endswith(".xlsx"):
                data = _canonical_workbook(data)
            listing.append(f"{name} sha256:{hashlib.sha256(data).hexdigest()}")
    return {PARTS: "\n".join(listing) + "\n", **parts}


def without_measures(data: bytes) -> bytes:
    """An XML part with the values that come from measuring text blanked (``MEASURED``) and
    zero-width spaces left out of its text."""
    root = etree.fromstring(data)
    for element, attributes in MEASURED.items():
        for node in root.iter(_A + element):
            for attribute in attributes:
                if attribute in node.attrib:
                    node.set(attribute, "")
    for node in root.iter(_A + "t"):
        if node.text:
            node.text = node.text.replace(ZWSP, "")
    return bytes(etree.tostring(root))


def _canonical_workbook(data: bytes) -> bytes:
    """An embedded workbook as its entries' names and canonical XML, in name order."""
    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as workbook:
        for name in sorted(workbook.namelist()):
            out.append(f"--- {name}\n{canonical_xml(workbook.read(name))}")
    return "".join(out).encode("utf-8")


def _deck(source: Path, theme: str) -> bytes:
    from briefing.exporters.pptx.deck import build_deck
    from briefing.source import load_briefing
    from briefing.themes import load_theme

    with _epoch(), pinned_fallbacks():
        return build_deck(load_briefing(source), load_theme(theme))


def _sample(theme: str) -> Callable[[], bytes]:
    from tests.conftest import SAMPLE

    return lambda: _deck(SAMPLE, theme)


def _template() -> bytes:
    from tests.conftest import SAMPLE
    from tests.exporters.pptx_helpers import make_template, template_theme

    with tempfile.TemporaryDirectory(prefix="briefing-golden-") as scratch:
        folder = Path(scratch)
        template = make_template(folder / "corporate.pptx")
        return _deck(SAMPLE, str(template_theme(folder / "corporate", template)))


CASES: dict[str, Callable[[], bytes]] = {
    "sample-default": _sample("default"),
    "sample-ccoe": _sample("ccoe"),
    "stress-default": lambda: _deck(STRESS, "default"),
    "template": _template,
}


def stored(case: str) -> dict[str, str]:
    """The golden parts of ``case`` as written by ``regenerate``."""
    return read_folder(FOLDER / case, lambda name: name.startswith(_UNCHANGED))


def regenerate() -> list[Path]:
    """Rewrite every deck case's golden folder from the current exporter."""
    return write_folders(CASES, canonical_parts, FOLDER)


__all__ = ["CASES", "EPOCH", "canonical_parts", "regenerate", "stored"]
