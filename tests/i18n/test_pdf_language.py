"""A PDF LibreOffice wrote gets the document's language as its /Lang, its offsets kept."""

from __future__ import annotations

from briefing.pdfstamp import set_language

PDF = b"1 0 obj <</Type/Catalog/Pages 2 0 R/Lang(en-US)>> endobj xref 0 1 trailer"


def test_the_language_replaces_the_one_there_in_the_same_bytes() -> None:
    assert set_language(PDF, "de-DE") == PDF.replace(b"en-US", b"de-DE")
    short = set_language(PDF, "fr")
    assert b"/Lang(fr)   >>" in short and len(short) == len(PDF)
    # A tag longer than the room there is written without its region.
    assert b"/Lang(es)" in set_language(PDF, "es-419")
    assert set_language(b"no language", "de-DE") == b"no language"
