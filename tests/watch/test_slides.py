"""Which slides changed: fingerprints of what each slide draws, its notes, and the deck of only
the slides to draw."""

from __future__ import annotations

import posixpath
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from briefing.watch.slides import read_slides, subset
from tests.render import convert_all, pdf_pages
from tests.watch.helpers import EDITED, KEY_POINT, deck, edit, slide_texts

SOURCE = Path("sources/reinvent-2019.yaml")
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
JUMP = b"ppaction://hlinksldjump"


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


@pytest.mark.render
@pytest.mark.slow
def test_a_subset_with_the_agenda_but_not_all_it_links_to_converts_and_looks_the_same(
    workdir: Path, soffice: str
) -> None:
    path = deck(SOURCE, workdir / "out")
    slides = read_slides(path)
    with zipfile.ZipFile(path) as package:
        (agenda,) = [s for s in slides if JUMP in package.read(s.part)]
        linked = _slide_links(package, agenda.part)
    # The title, the agenda and the first track's divider; the other dividers are left out.
    keep = [slides[0], agenda, next(s for s in slides if s.part == linked[0])]
    assert len(linked) > 1 and keep[2] is not agenda
    small = subset(path, keep, workdir / "small" / "slides.pptx")

    converted = convert_all([small, path], workdir / "pdf")
    assert small in converted, "LibreOffice could not convert the subset"
    assert len(pdf_pages(converted[small])) == len(keep)
    for page, slide in enumerate(keep, start=1):
        assert _pixels(converted[small], page) == _pixels(converted[path], slide.number)

    with zipfile.ZipFile(small) as package:
        assert _dangling(package) == []
        assert sorted(_slide_parts(package)) == sorted(s.part for s in keep)
        # The jump to the divider kept still works; those to the dividers left out are gone.
        assert _slide_links(package, agenda.part) == linked[:1]
        assert package.read(agenda.part).count(JUMP) == 1


def _relationships(package: zipfile.ZipFile, part: str) -> list[tuple[str, str, str]]:
    """A part's relationships as (type, target part name, target mode), in the package's
    order."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in package.namelist():
        return []
    found = []
    for rel in etree.fromstring(package.read(rels)).iter(RELS):
        mode = rel.get("TargetMode", "Internal")
        target = rel.get("Target", "")
        if mode == "Internal":
            target = posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
        found.append((rel.get("Type", ""), target, mode))
    return found


def _dangling(package: zipfile.ZipFile) -> list[str]:
    """Every internal relationship of the package whose target is not in it."""
    names = set(package.namelist())
    sources = [""] + [n for n in names if not n.endswith(".rels")]
    return [
        f"{source} -> {target}"
        for source in sources
        for _, target, mode in _relationships(package, source)
        if mode == "Internal" and target not in names
    ]


def _slide_parts(package: zipfile.ZipFile) -> list[str]:
    return [
        target
        for kind, target, _ in _relationships(package, "ppt/presentation.xml")
        if kind.endswith("/slide")
    ]


def _slide_links(package: zipfile.ZipFile, part: str) -> list[str]:
    return [target for kind, target, _ in _relationships(package, part) if kind.endswith("/slide")]


def _pixels(pdf: Path, page: int) -> bytes:
    """A page of ``pdf`` drawn small by pdftoppm, as raw pixels."""
    command = ["pdftoppm", "-r", "24", "-f", str(page), "-l", str(page), "-singlefile", str(pdf)]
    return subprocess.run(command, capture_output=True, check=True, timeout=120).stdout
