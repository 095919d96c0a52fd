"""Golden files for the Word report: each case's package as its parts and canonical XML.

Each case is stored as a folder under ``tests/golden/docx/``: ``parts.txt`` lists the
package's entries in order, each with the SHA-256 of its canonical form, and every XML entry
the exporter writes or edits is kept as canonical XML (C14N 2.0, attributes sorted, indented)
with its timestamps blanked, so a change shows as a readable diff of the part that changed.
Parts copied unchanged from the template (``UNCHANGED``) are compared by their hash alone.

After an intended change to the report, regenerate them from the repository root with::

    .venv/bin/python -m tests.golden --regenerate

and review the diff before committing it.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent
FOLDER = ROOT / "docx"
EPOCH = "1576800000"  # 2019-12-20T00:00:00Z
PARTS = "parts.txt"
# Template parts the exporter never touches: large, identical in every case, kept as hashes.
UNCHANGED = frozenset(
    {
        "word/stylesWithEffects.xml",
        "word/theme/theme1.xml",
        "word/webSettings.xml",
        "word/fontTable.xml",
        "customXml/item1.xml",
        "customXml/itemProps1.xml",
        "customXml/_rels/item1.xml.rels",
    }
)
# Core properties that hold the build time; blanked so only structure and content compare.
_TIMESTAMPS = (
    "{http://purl.org/dc/terms/}created",
    "{http://purl.org/dc/terms/}modified",
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastPrinted",
)


def canonical_parts(package: bytes) -> dict[str, str]:
    """The package as ``{PARTS: listing, entry name: canonical XML}``, timestamps blanked;
    the listing holds every entry's hash, the XML only the parts the exporter writes."""
    listing: list[str] = []
    parts: dict[str, str] = {}
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        for info in archive.infolist():
            data = archive.read(info.filename)
            name = info.filename
            if name.endswith((".xml", ".rels")):
                text = canonical_xml(data)
                data = text.encode("utf-8")
                if name not in UNCHANGED:
                    parts[name] = text
            listing.append(f"{name} sha256:{hashlib.sha256(data).hexdigest()}")
    return {PARTS: "\n".join(listing) + "\n", **parts}


def canonical_xml(data: bytes) -> str:
    root = etree.fromstring(data)
    for stamp in root.iter(*_TIMESTAMPS):
        stamp.text = ""
    canonical = etree.canonicalize(root)
    # Re-indent for readable diffs; the documents hold no whitespace between elements.
    reparsed = etree.fromstring(canonical.encode("utf-8"))
    return str(etree.tostring(reparsed, encoding="unicode", pretty_print=True))


@contextmanager
def _epoch() -> Iterator[None]:
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def _render(source: Path, theme: str) -> bytes:
    from briefing.exporters.docx.report import render
    from briefing.source import load_briefing
    from briefing.themes import load_theme

    with _epoch():
        return render(load_briefing(source), load_theme(theme))


def _sample(theme: str) -> Callable[[], bytes]:
    from tests.conftest import SAMPLE

    return lambda: _render(SAMPLE, theme)


def _reference(*, numbering: bool) -> Callable[[], bytes]:
    def build() -> bytes:
        from tests.conftest import SAMPLE
        from tests.exporters.test_docx_reference import libreoffice_like_reference, theme_with

        with tempfile.TemporaryDirectory(prefix="briefing-golden-") as scratch:
            folder = Path(scratch)
            reference = libreoffice_like_reference(folder / "corp.docx", numbering=numbering)
            return _render(SAMPLE, theme_with(folder / "corp", reference))

    return build


CASES: dict[str, Callable[[], bytes]] = {
    "sample-default": _sample("default"),
    "sample-ccoe": _sample("ccoe"),
    "markup-default": lambda: _render(ROOT / "markup.yaml", "default"),
    "reference": _reference(numbering=True),
    "reference-without-numbering": _reference(numbering=False),
}


def read_folder(folder: Path, skip: Callable[[str], bool]) -> dict[str, str]:
    """The golden parts stored in ``folder``: the listing, and each XML part not skipped."""
    listing = (folder / PARTS).read_text(encoding="utf-8")
    parts = {PARTS: listing}
    for line in listing.splitlines():
        name = line.rsplit(" ", 1)[0]
        if name.endswith((".xml", ".rels")) and not skip(name):
            parts[name] = (folder / name).read_text(encoding="utf-8")
    return parts


def write_folders(
    cases: dict[str, Callable[[], bytes]],
    canonical: Callable[[bytes], dict[str, str]],
    root: Path,
) -> list[Path]:
    """Rewrite each case's golden folder under ``root`` from what its builder makes now."""
    written = []
    for case, build in cases.items():
        folder = root / case
        shutil.rmtree(folder, ignore_errors=True)
        for name, text in canonical(build()).items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        written.append(folder)
    return written


def stored(case: str) -> dict[str, str]:
    """The golden parts of ``case`` as written by ``regenerate``."""
    return read_folder(FOLDER / case, UNCHANGED.__contains__)


def regenerate() -> list[Path]:
    """Rewrite every case's golden folder from the current exporter."""
    return write_folders(CASES, canonical_parts, FOLDER)
