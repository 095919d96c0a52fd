"""Shared by the live preview's tests: decks of the sample, edits a writer would make."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from briefing.build import build
from briefing.selection import Selection

# A key point of CMY302 (Hotstar), on one session slide, and the edit the tests make to it.
KEY_POINT = "Methods used to scale up and down"
EDITED = "Methods used to scale out and down"
# A YAML mistake on that line: a list opened and never closed.
BROKEN_FROM, BROKEN_TO = "- ML-based traffic patterns", "- ML-based traffic: [patterns"


def edit(source: Path, old: str, new: str) -> None:
    """Save ``source`` with ``old`` replaced by ``new``, the way editors do: a new file
    renamed over the old one."""
    text = source.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {source} exactly once"
    handle, temporary = tempfile.mkstemp(dir=source.parent, prefix=".saving-")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text.replace(old, new))
    os.replace(temporary, source)


def deck(source: Path, out: Path, theme: str | None = None) -> Path:
    """The deck ``briefing build -f pptx`` makes of ``source``."""
    (path,) = build([source], ("pptx",), theme, Selection(), out)
    return path


def slide_texts(path: Path) -> list[str]:
    """Every slide's text, read by python-pptx."""
    from pptx import Presentation

    texts = []
    for slide in Presentation(str(path)).slides:
        parts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        texts.append("\n".join(parts))
    return texts


def write_pdf(path: Path, texts: list[str], font: str = "Helvetica", offset: int = 0) -> Path:
    """A PDF with a page of ``texts`` each, all in one ``font``; ``offset`` shifts the number
    of every object in the file (as a new layout of a document does)."""
    bodies: dict[int, bytes] = {}
    first_page = 4
    kids = " ".join(f"{first_page + 2 * i + offset} 0 R" for i in range(len(texts)))
    bodies[1] = f"<< /Type /Catalog /Pages {2 + offset} 0 R >>".encode()
    bodies[2] = f"<< /Type /Pages /Kids [{kids}] /Count {len(texts)} >>".encode()
    bodies[3] = f"<< /Type /Font /Subtype /Type1 /BaseFont /{font} >>".encode()
    for index, text in enumerate(texts):
        page, content = first_page + 2 * index, first_page + 2 * index + 1
        stream = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode()
        bodies[page] = (
            f"<< /Type /Page /Parent {2 + offset} 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 {3 + offset} 0 R >> >> /Contents {content + offset} 0 R >>"
        ).encode()
        bodies[content] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number, body in bodies.items():
        offsets[number + offset] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number + offset, body)
    size = max(offsets) + 1
    xref = len(out)
    out += b"xref\n0 %d\n" % size
    for number in range(size):
        if number in offsets:
            out += b"%010d 00000 n \n" % offsets[number]
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        size, 1 + offset, xref,
    )  # fmt: skip
    path.write_bytes(bytes(out))
    return path
