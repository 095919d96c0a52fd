"""Golden files for the deck: each case's package as its parts and canonical XML.

Each case is a folder under ``tests/golden/pptx/``. ``parts.txt`` lists the package's entries
sorted by name (the order entries are written in carries no meaning in a package) with the
SHA-256 of each one's canonical form: canonical XML for XML parts, the canonical XML of every
entry inside for an embedded workbook, the bytes for media. Every XML part the exporter writes
or edits is kept as canonical XML, timestamps blanked (``tests.golden.canonical_xml``); the
masters and layouts, copied from the base template, are compared by their hash alone.

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

from tests.golden import EPOCH, PARTS, ROOT, _epoch, canonical_xml, read_folder, write_folders

FOLDER = ROOT / "pptx"
STRESS = ROOT.parent / "data" / "stress.yaml"
# Base-template parts, identical in every deck on that template: kept as hashes.
_UNCHANGED = ("ppt/slideLayouts/", "ppt/slideMasters/")


def canonical_parts(package: bytes) -> dict[str, str]:
    """The deck as ``{PARTS: listing, entry name: canonical XML}``, timestamps blanked."""
    listing: list[str] = []
    parts: dict[str, str] = {}
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        for name in sorted(archive.namelist()):
            data = archive.read(name)
            if name.endswith((".xml", ".rels")):
                text = canonical_xml(data)
                data = text.encode("utf-8")
                if not name.startswith(_UNCHANGED):
                    parts[name] = text
            elif name.endswith(".xlsx"):
                data = _canonical_workbook(data)
            listing.append(f"{name} sha256:{hashlib.sha256(data).hexdigest()}")
    return {PARTS: "\n".join(listing) + "\n", **parts}


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

    with _epoch():
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
