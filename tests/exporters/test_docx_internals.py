"""The python-docx internals the report relies on: the version they were written for, and
the fast paths giving exactly what python-docx's own API gives."""

from __future__ import annotations

import io
import zipfile
from importlib.metadata import version
from typing import Any

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from briefing.exporters.docx import internals
from briefing.exporters.docx.body import Body
from briefing.exporters.docx.richtext import add_text
from briefing.exporters.docx.styles import StyleBook
from briefing.themes import load_theme
from tests.conftest import ROOT

URLS = [
    "https://example.com/a",
    "https://example.com/b",
    "https://example.com/a",
    "mailto:team@example.com",
    "https://example.com/c",
    "https://example.com/b",
]


def test_written_for_the_pinned_python_docx() -> None:
    assert version("python-docx") == internals.WRITTEN_FOR
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'"python-docx=={internals.WRITTEN_FOR}"' in pyproject


def _with_gap_and_link() -> Any:
    """A document whose relationships have a gap (rId2) and hold an external link already."""
    document = Document()
    rels = document.part.rels
    del rels["rId2"]
    document.part.relate_to("https://example.com/b", RT.HYPERLINK, is_external=True)
    return document


def test_external_links_get_python_docx_ids() -> None:
    plain, fast = _with_gap_and_link(), _with_gap_and_link()
    expected = [plain.part.relate_to(url, RT.HYPERLINK, is_external=True) for url in URLS]
    links = internals.ExternalLinks(fast)
    assert [links[url] for url in URLS] == expected
    assert expected[1] == "rId2"  # the existing link is reused, not added again
    assert len(set(expected)) == 4
    assert _rels(fast) == _rels(plain)


def _rels(document: Any) -> list[tuple[str, str, str, bool]]:
    return [
        (rid, rel.reltype, rel.target_ref, rel.is_external)
        for rid, rel in document.part.rels.items()
    ]


def test_body_parts_give_python_docx_document_xml() -> None:
    theme = load_theme("default")
    plain, fast = Document(), Document()
    plain_book, fast_book = StyleBook(plain, theme, 9000), StyleBook(fast, theme, 9000)
    body = Body(fast, fast_book)
    roles = ["normal", "list bullet", "heading 2", "normal", "table text"] * 50
    for index, role in enumerate(roles):
        plain.add_paragraph(f"ünïcode & <text> {index}", style=plain_book[role])
        add_text(body.paragraph(role), f"ünïcode & <text> {index}")
        if index % 7 == 0:
            body.parts.flush()  # batches of any size join up the same
    breaking = plain.add_paragraph(style=plain_book["heading 1"])
    breaking.paragraph_format.page_break_before = True
    body.paragraph("heading 1", page_break=True)
    expected = _document_xml(_saved(plain))
    actual = _document_xml(body.parts.splice(_saved(fast)))
    assert actual == expected
    assert b"<w:p><w:pPr/><w:r><w:t>" in actual  # Normal is the default: no pStyle
    assert actual.count(b"<w:sectPr") == 1
    assert actual.index(b"<w:sectPr") > actual.index(f"&lt;text&gt; {len(roles) - 1}".encode())


def _saved(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _document_xml(package: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return archive.read("word/document.xml")
