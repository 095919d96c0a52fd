"""Which report pages changed: fingerprints of what each PDF page draws."""

from __future__ import annotations

from pathlib import Path

from briefing.watch.pages import page_fingerprints
from tests.watch.helpers import write_pdf


def test_pages_that_draw_the_same_match_however_the_file_is_numbered(tmp_path: Path) -> None:
    texts = ["Cover", "Summary", "Contents"]
    first = page_fingerprints(write_pdf(tmp_path / "a.pdf", texts))
    second = page_fingerprints(write_pdf(tmp_path / "b.pdf", texts, offset=40))
    assert first == second
    assert len(set(first)) == 3


def test_an_edit_changes_only_the_page_it_is_on(tmp_path: Path) -> None:
    before = page_fingerprints(write_pdf(tmp_path / "a.pdf", ["Cover", "Summary", "Contents"]))
    after = page_fingerprints(
        write_pdf(tmp_path / "b.pdf", ["Cover", "Summary, edited", "Contents"], offset=7)
    )
    assert [b == a for b, a in zip(before, after, strict=True)] == [True, False, True]


def test_a_change_to_a_shared_font_changes_every_page_using_it(tmp_path: Path) -> None:
    before = page_fingerprints(write_pdf(tmp_path / "a.pdf", ["One", "Two"]))
    after = page_fingerprints(write_pdf(tmp_path / "b.pdf", ["One", "Two"], font="Courier"))
    assert all(b != a for b, a in zip(before, after, strict=True))


def test_identical_pages_share_a_fingerprint(tmp_path: Path) -> None:
    prints = page_fingerprints(write_pdf(tmp_path / "a.pdf", ["Same", "Other", "Same"]))
    assert prints[0] == prints[2] != prints[1]
