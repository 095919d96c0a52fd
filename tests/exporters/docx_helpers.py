"""Reading built .docx files in tests: headings, fields, links and styles, as Word sees them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document

EPOCH = "1576800000"  # 2019-12-20T00:00:00Z
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def open_docx(path: Path) -> Any:
    return Document(str(path))


def style_name(document: Any, paragraph: Any) -> str:
    """The name Word shows for a paragraph's style (default: Normal)."""
    style_id = paragraph._p.style
    for style in document.styles:
        if style.style_id == style_id:
            return str(style.name)
    return "Normal"


def heading_level(document: Any, paragraph: Any) -> int | None:
    name = style_name(document, paragraph).casefold()
    if name.startswith("heading ") and name[8:].isdigit():
        return int(name[8:])
    return None


def all_paragraphs(document: Any) -> list[Any]:
    """Every paragraph of the body in reading order, those in tables included (a session
    is set in a table whose rows never split)."""
    from docx.text.paragraph import Paragraph

    return [Paragraph(p, document._body) for p in document.element.body.iter(f"{W}p")]


def headings(document: Any) -> list[tuple[int, str]]:
    """(level, text) of every heading in the body, in order."""
    found = []
    for paragraph in all_paragraphs(document):
        level = heading_level(document, paragraph)
        if level is not None:
            found.append((level, paragraph_text(paragraph)))
    return found


def paragraph_text(paragraph: Any) -> str:
    """All the text of a paragraph, hyperlinks and non-breaking hyphens included."""
    parts = []
    for node in paragraph._p.iter(f"{W}t", f"{W}noBreakHyphen", f"{W}tab"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}noBreakHyphen":
            parts.append("-")
        else:
            parts.append("\t")
    return "".join(parts)


def instructions(element: Any) -> list[str]:
    """Every field instruction (complex and simple fields) under ``element``."""
    complex_ = [node.text or "" for node in element.iter(f"{W}instrText")]
    simple = [node.get(f"{W}instr") for node in element.iter(f"{W}fldSimple")]
    return [text.strip() for text in [*complex_, *simple]]


def styles_named(document: Any, name: str) -> list[Any]:
    """Styles Word would show as ``name``, by name or style id, ignoring case and spaces."""
    key = "".join(name.split()).casefold()
    return [
        s
        for s in document.styles
        if key in ("".join((s.name or "").split()).casefold(), (s.style_id or "").casefold())
    ]
