"""Which slides changed: fingerprints of what each slide draws, its notes, and the deck of only
the slides to draw."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from briefing.watch.slides import read_slides, subset
from tests.watch.helpers import EDITED, KEY_POINT, deck, edit, slide_texts

SOURCE = Path("sources/reinvent-2019.yaml")


def test_a_one_word_edit_changes_only_the_slide_that_shows_it(workdir: Path) -> None:
    before = read_slides(deck(SOURCE, workdir / "before"))
    edit(SOURCE, KEY_POINT, EDITED)
    after_deck = deck(SOURCE, workdir / "after")
    after = read_slides(after_deck)

    changed = [
        b.number for b, a in zip(before, after, strict=True) if b.fingerprint != a.fingerprint
    ]
    showing = [n for n, text in enumerate(slide_texts(after_deck), start=1) if EDITED in text]
    assert len(showing) == 1
    assert changed == showing


def test_the_same_source_built_again_gives_the_same_fingerprints(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The chart's embedded workbook records when it was saved: nothing a slide draws.
    first = deck(SOURCE, workdir / "first")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    second = deck(SOURCE, workdir / "second")
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        assert any(a.read(n) != b.read(n) for n in a.namelist() if n.startswith("ppt/embeddings"))
    assert [s.fingerprint for s in read_slides(first)] == [
        s.fingerprint for s in read_slides(second)
    ]


def test_another_theme_changes_every_slide(workdir: Path) -> None:
    default = read_slides(deck(SOURCE, workdir / "default"))
    ccoe = read_slides(deck(SOURCE, workdir / "ccoe", theme="ccoe"))
    assert len(default) == len(ccoe)
    assert all(d.fingerprint != c.fingerprint for d, c in zip(default, ccoe, strict=True))


def test_a_session_added_before_a_slide_renumbers_and_so_changes_it(workdir: Path) -> None:
    before = read_slides(deck(SOURCE, workdir / "before"))
    text = SOURCE.read_text("utf-8")
    first_session = text.index("\n  - code:", text.index("\nsessions:"))
    # A copy of the first session, with its own code, in the first session's place.
    end = text.index("\n  - code:", first_session + 1)
    copy = text[first_session:end].replace("code: ", "code: X", 1)
    SOURCE.write_text(text[:first_session] + copy + text[first_session:], "utf-8")
    after = read_slides(deck(SOURCE, workdir / "after"))
    assert len(after) == len(before) + 1
    # The title slide keeps its fingerprint; the closing slide, now one further on, does not.
    assert after[0].fingerprint == before[0].fingerprint
    assert after[-1].fingerprint != before[-1].fingerprint


def test_notes_are_the_speaker_notes_python_pptx_reads(workdir: Path) -> None:
    from pptx import Presentation

    path = deck(SOURCE, workdir / "out")
    expected = [
        s.notes_slide.notes_text_frame.text.strip() if s.has_notes_slide else ""
        for s in Presentation(str(path)).slides
    ]
    assert [s.notes for s in read_slides(path)] == expected
    assert sum(bool(n) for n in expected) > len(expected) // 2


def test_the_subset_holds_only_the_chosen_slides_numbered_as_in_the_deck(workdir: Path) -> None:
    from pptx import Presentation

    path = deck(SOURCE, workdir / "out")
    slides = read_slides(path)
    small = subset(path, [slides[4], slides[11]], workdir / "small.pptx")

    # python-pptx reads a field's text too: the numbers 5 and 12 are still there, as text.
    assert slide_texts(small) == [slide_texts(path)[4], slide_texts(path)[11]]
    for slide in Presentation(str(small)).slides:
        assert b'type="slidenum"' not in slide.part.blob
    assert b'type="slidenum"' in Presentation(str(path)).slides[4].part.blob
