"""Decks built on real templates must be readable as LibreOffice draws them.

The sample is built on every template of the corpus (tests/templates.py: LibreOffice's Impress
templates, pandoc's reference deck, dark, photo-background, title-only and localised masters)
through the CLI; each deck is converted to PDF once, a few decks to a LibreOffice run, and
measured: no word clipped, outside its shape or drawn over another, and at most 1% of words
with a contrast under 3:1. The checks themselves are tested on a deck made bad on purpose.
"""

from __future__ import annotations

import copy
import io
import itertools
import re
import shutil
import traceback
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from briefing.cli import cli
from briefing.exporters.pptx.style import contrast
from briefing.source import load_briefing
from tests.conftest import SAMPLE, require_tool
from tests.exporters.pptx_helpers import EPOCH, template_theme
from tests.render import (
    Contrast,
    Rendering,
    broken_words,
    clipped_words,
    convert_all,
    low_contrast_words,
    outside_words,
    overlapping_words,
    read_rendering,
    stray_words,
    summarise,
    word_contrasts,
    words_over_artwork,
)
from tests.templates import (
    DARK_BACKGROUND,
    IMPRESS,
    MADE,
    NAMES,
    PANDOC,
    impress_folder,
    impress_templates,
)

pytestmark = [pytest.mark.render, pytest.mark.slow]

MOST_LOW_CONTRAST = 0.01  # share of a deck's words allowed under 3:1
# Known faults, each failing until it is fixed (strict: a fix turns these into failures to
# remove), as {(check, template): reason}.
KNOWN: dict[tuple[str, str], str] = {}


def known(check: str) -> list[Any]:
    """The corpus for one check, its known faults marked as expected to fail."""
    return [
        pytest.param(
            name,
            marks=pytest.mark.xfail(reason=KNOWN[check, name], strict=True)
            if (check, name) in KNOWN
            else (),
        )
        for name in NAMES
    ]


CHUNK = 5  # decks per LibreOffice run: a start-up shared, and two runs at a time


@dataclass(frozen=True)
class Built:
    """The sample built on one template: what the CLI said, and the deck as rendered."""

    name: str
    exit_code: int
    output: str
    traceback: str | None
    deck: Path | None
    rendering: Rendering | None = None  # None: no deck, or LibreOffice could not convert it
    contrasts: tuple[Contrast, ...] = ()


def build_all(corpus: dict[str, Path], work: Path) -> dict[str, Built]:
    """The sample built on each template through the CLI, each deck converted to PDF once and
    measured.

    Decks are converted a few at a time by one LibreOffice run each, while the next decks are
    built: the two cores stay busy, and no deck waits for all the others.
    """
    decks = work / "decks"
    decks.mkdir(parents=True)
    built: dict[str, Built] = {}
    chunk: list[Path] = []
    with ThreadPoolExecutor(max_workers=2) as pool, pytest.MonkeyPatch.context() as mp:
        mp.chdir(work)
        pending = []
        for name, template in corpus.items():
            built[name] = build(name, template, work)
            if built[name].deck is not None:
                chunk.append(decks / f"{name}.pptx")
            if len(chunk) == CHUNK:
                pending.append(pool.submit(render_and_measure, chunk, work / "pdf"))
                chunk = []
        if chunk:
            pending.append(pool.submit(render_and_measure, chunk, work / "pdf"))
        measured = {deck: result for job in pending for deck, result in job.result().items()}
    return {
        name: replace(deck, rendering=measured[deck.deck][0], contrasts=measured[deck.deck][1])
        if deck.deck in measured
        else deck
        for name, deck in built.items()
    }


def build(name: str, template: Path, work: Path) -> Built:
    """The sample built on ``template`` by the CLI, its deck copied to decks/NAME.pptx."""
    theme = template_theme(work / "themes" / name, template)
    out = work / "out" / name
    result = CliRunner().invoke(
        cli,
        ["build", str(SAMPLE), "-f", "pptx", "-t", str(theme), "-o", str(out)],
        env={"SOURCE_DATE_EPOCH": EPOCH},
    )
    failure = None
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        failure = "".join(traceback.format_exception(result.exception))
    written = next(out.glob("*.pptx"), None)
    deck = None
    if result.exit_code == 0 and written is not None:
        deck = work / "decks" / f"{name}.pptx"
        shutil.copy(written, deck)
    return Built(name, result.exit_code, result.output, failure, deck)


def render_and_measure(
    decks: list[Path], out: Path
) -> dict[Path, tuple[Rendering, tuple[Contrast, ...]]]:
    """The decks converted to PDF by one LibreOffice run, and each read and measured."""
    pdfs = convert_all(decks, out)
    measured = {}
    for deck, pdf in pdfs.items():
        rendering = read_rendering(deck, pdf)
        measured[deck] = (rendering, tuple(word_contrasts(rendering)))
    return measured


@pytest.fixture(scope="module")
def decks(
    template_corpus: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Built]:
    require_tool("pdftotext", "apt-get install poppler-utils")
    require_tool("pdftoppm", "apt-get install poppler-utils")
    return build_all(template_corpus, tmp_path_factory.mktemp("template-decks"))


def built(decks: dict[str, Built], name: str) -> Built:
    if name == PANDOC:
        require_tool("pandoc", "apt-get install pandoc")
    if name not in decks:
        pytest.fail(f"{name} is not in the corpus: LibreOffice could not convert it to .pptx")
    return decks[name]


def rendered(decks: dict[str, Built], name: str) -> tuple[Rendering, tuple[Contrast, ...]]:
    """The deck built on ``name`` as rendered, and its words' contrasts: a failure when there
    is no deck or no rendering."""
    deck = built(decks, name)
    if deck.deck is None:
        pytest.fail(f"no deck to measure: the build on {name} failed (see test_the_deck_builds)")
    if deck.rendering is None:
        pytest.fail(f"LibreOffice could not convert the deck built on {name} to PDF")
    return deck.rendering, deck.contrasts


# The corpus -----------------------------------------------------------------------------------


def test_the_corpus_holds_every_installed_impress_template() -> None:
    if impress_folder() is None:
        require_tool("soffice", "apt-get install libreoffice-impress")
        pytest.fail("LibreOffice is installed but its Impress templates were not found")
    assert sorted(impress_templates()) == sorted(IMPRESS)


def test_the_made_templates_are_what_they_claim(template_corpus: dict[str, Path]) -> None:
    from PIL import Image, ImageStat
    from pptx import Presentation

    assert set(template_corpus) >= {*IMPRESS, *MADE}
    assert set(template_corpus) <= set(NAMES)
    layouts = {
        name: [layout.name for layout in Presentation(str(template_corpus[name])).slide_layouts]
        for name in MADE
    }
    assert layouts["title-only"] == ["Title Slide"]
    with zipfile.ZipFile(template_corpus["title-only"]) as package:
        parts = [n for n in package.namelist() if n.startswith("ppt/slideLayouts/slideLayout")]
        master_rels = package.read("ppt/slideMasters/_rels/slideMaster1.xml.rels").decode()
    assert parts == ["ppt/slideLayouts/slideLayout1.xml"]
    assert master_rels.count("relationships/slideLayout") == 1
    german = {"Titelfolie", "Titel und Inhalt", "Abschnittsüberschrift", "Nur Titel", "Leer"}
    french = {"Diapositive de titre", "Titre et contenu", "En-tête de section", "Titre seul"}
    french.add("Vide")
    assert german <= set(layouts["german-layouts"]) and french <= set(layouts["french-layouts"])
    for localised in ("german-layouts", "french-layouts"):
        assert len(layouts[localised]) == 11
        assert not set(layouts[localised]) & {"Title Slide", "Title and Content", "Blank"}

    dark = Presentation(str(template_corpus["dark"])).slide_masters[0]
    assert str(dark.background.fill.fore_color.rgb) == DARK_BACKGROUND
    photo = Presentation(str(template_corpus["picture-background"])).slide_masters[0]
    for master in (dark, photo):
        colour_map = master.element.xpath("./p:clrMap")[0]
        assert (colour_map.get("bg1"), colour_map.get("tx1")) == ("dk1", "lt1")
    (embed,) = photo.element.xpath("./p:cSld/p:bg/p:bgPr/a:blipFill/a:blip/@r:embed")
    with Image.open(io.BytesIO(photo.part.related_part(embed).blob)) as picture:
        means = ImageStat.Stat(picture.convert("L")).mean
        extremes = picture.convert("L").getextrema()
    assert means[0] < 60 and extremes[1] - extremes[0] > 40  # dark, and not one flat colour
    for name in MADE:
        prs = Presentation(str(template_corpus[name]))
        assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)


# Decks on the corpus --------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_the_deck_builds(decks: dict[str, Built], name: str) -> None:
    deck = built(decks, name)
    assert deck.traceback is None, deck.traceback
    assert "Traceback" not in deck.output
    assert deck.exit_code == 0, deck.output


@pytest.mark.parametrize("name", known("clipped"))
def test_no_word_is_clipped(decks: dict[str, Built], name: str) -> None:
    assert clipped_words(rendered(decks, name)[0]) == []


@pytest.mark.parametrize("name", known("outside"))
def test_no_word_is_outside_its_shape(decks: dict[str, Built], name: str) -> None:
    assert outside_words(rendered(decks, name)[0]) == []


@pytest.mark.parametrize("name", NAMES)
def test_no_two_words_are_drawn_over_each_other(decks: dict[str, Built], name: str) -> None:
    assert overlapping_words(rendered(decks, name)[0]) == []


@pytest.mark.parametrize("name", NAMES)
def test_powerpoint_opens_the_deck_without_repair(decks: dict[str, Built], name: str) -> None:
    """openxml-audit (a port of the Open XML SDK's validator, with the checks that predict
    PowerPoint's repair prompt) finds nothing in the deck built on the template."""
    from openxml_audit import OpenXmlValidator

    deck = built(decks, name)
    assert deck.deck is not None, deck.output
    result = OpenXmlValidator().validate(str(deck.deck))
    assert result.is_valid, [str(error) for error in result.errors[:10]]


@pytest.mark.parametrize("name", NAMES)
def test_no_word_is_broken_inside(decks: dict[str, Built], name: str) -> None:
    assert broken_words(rendered(decks, name)[0]) == []


@pytest.mark.parametrize("name", NAMES)
def test_text_stands_out_from_its_background(decks: dict[str, Built], name: str) -> None:
    rendering, contrasts = rendered(decks, name)
    measured = list(contrasts)
    assert measured, "no word of the deck could be measured"
    low = low_contrast_words(rendering, measured=measured)
    share = len(low) / len(measured)
    assert share <= MOST_LOW_CONTRAST, (
        f"{len(low)} of {len(measured)} words ({share:.0%}) under 3:1:\n" + "\n".join(low[:25])
    )


@pytest.mark.parametrize("name", NAMES)
def test_check_template_names_the_layouts_and_masters_the_build_uses(
    decks: dict[str, Built], template_corpus: dict[str, Path], name: str
) -> None:
    """What ``check-template`` says each kind of slide will use is what the deck uses: so its
    "Falls back:" list (made from the same choices) is what the build does."""
    from pptx import Presentation

    deck = built(decks, name)
    assert deck.deck is not None, deck.output
    result = CliRunner().invoke(cli, ["check-template", str(template_corpus[name])])
    assert result.exit_code == 0, result.output
    said = predicted_layouts(result.output)
    assert set(said) == {
        "title slide",
        "track dividers",
        "agenda and session slides",
        "closing slide",
    }, result.output
    prs = Presentation(str(deck.deck))
    masters = list(prs.slide_masters)
    briefing = load_briefing(SAMPLE, "s")
    tracks = {track.name for track in briefing.tracks}
    slides = list(prs.slides)
    for index, slide in enumerate(slides):
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        if index == 0:
            role = "title slide"
        elif index == len(slides) - 1:
            role = "closing slide"
        elif title.removesuffix(" (cont.)") in tracks:
            role = "track dividers"
        else:
            role = "agenda and session slides"
        layout = slide.slide_layout
        used = (layout.name, masters.index(layout.slide_master) + 1)
        assert used == said[role], f"slide {index + 1} ({title!r}), one of the {role}"


@pytest.mark.parametrize("name", NAMES)
def test_the_deck_keeps_to_one_slide_per_session(decks: dict[str, Built], name: str) -> None:
    """A summary deck on any template: each session on one slide, at most two "Watch later"
    slides (else the codes stay on the session slides alone)."""
    from pptx import Presentation

    deck = built(decks, name)
    assert deck.deck is not None, deck.output
    titles = [s.shapes.title.text_frame.text for s in Presentation(str(deck.deck)).slides]
    briefing = load_briefing(SAMPLE, "s")
    for session in briefing.sessions:
        assert titles.count(session.title.plain) == 1, session.code
    assert sum(title.startswith("Watch later") for title in titles) <= 2


def predicted_layouts(report: str) -> dict[str, tuple[str, int]]:
    """Each kind of slide's layout name and master number, as check-template prints them:
    ``  title slide   'Title Slide' (by name)`` then ``  ...   master 2 ('Content'), ...``."""
    found: dict[str, tuple[str, int]] = {}
    lines = report.split("Used for:\n", 1)[1].splitlines()
    for first, second in itertools.pairwise(lines):
        role = re.match(r"  (\S.*?)\s{2,}'(.*?)' \(", first)
        master = re.match(r"  \s+master (\d+)", second)
        if role and master:
            found[role.group(1)] = (role.group(2), int(master.group(1)))
    return found


# The checks themselves ------------------------------------------------------------------------

GREY = "D9D9D9"  # on white: 1.4:1
NAVY = "1B365D"


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> Rendering:
    """A deck with each fault once, beside text that has none of them:
    1. text running out of its box and off the slide; 2. two text boxes on top of each other;
    3. light grey text on white; 4. text across a drawing of the layout, and the layout's own
    text; 5. a word too long for its box."""
    require_tool("soffice", "apt-get install libreoffice-impress libreoffice-writer")
    require_tool("pdftotext", "apt-get install poppler-utils")
    require_tool("pdftoppm", "apt-get install poppler-utils")
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Pt

    work = tmp_path_factory.mktemp("bad-deck")
    prs = Presentation()
    blank = prs.slide_layouts[6]

    def box(slide: Any, name: str, text: str, x: int, y: int, w: int, h: int) -> Any:
        shape = slide.shapes.add_textbox(Pt(x), Pt(y), Pt(w), Pt(h))
        shape.name = name
        shape.text_frame.word_wrap = True
        shape.text_frame.text = text
        return shape

    overflow = prs.slides.add_slide(blank)
    box(overflow, "Fits", "plenty of room here", 20, 20, 300, 40)
    box(overflow, "Overflowing", " ".join(f"word{i}" for i in range(120)), 20, 440, 300, 30)

    stacked = prs.slides.add_slide(blank)
    box(stacked, "Alone", "nothing on top of me", 20, 20, 300, 40)
    box(stacked, "Under", "lowest layer words", 20, 200, 300, 40)
    box(stacked, "Over", "topmost sheet text", 24, 202, 300, 40)

    grey = prs.slides.add_slide(blank)
    faint = box(grey, "Faint", "barely visible greyish", 20, 20, 400, 40)
    box(grey, "Plain", "black and white", 20, 120, 400, 40)
    dark = grey.shapes.add_shape(MSO_SHAPE.RECTANGLE, Pt(20), Pt(220), Pt(400), Pt(60))
    dark.name = "Reversed"
    dark.fill.solid()
    dark.fill.fore_color.rgb = RGBColor.from_string(NAVY)
    dark.line.fill.background()
    dark.text_frame.text = "white on navy"
    for shape, colour in ((faint, GREY), (dark, "FFFFFF")):
        for run in shape.text_frame.paragraphs[0].runs:
            run.font.color.rgb = RGBColor.from_string(colour)
            run.font.size = Pt(24)

    # python-pptx adds no shapes to a layout: the drawing is made on a slide elsewhere.
    scratch = Presentation()
    drawing = scratch.slides.add_slide(scratch.slide_layouts[6]).shapes.add_shape(
        MSO_SHAPE.OVAL, Pt(300), Pt(250), Pt(300), Pt(150)
    )
    drawing.name = "Decoration"
    drawing.element.xpath("./p:nvSpPr/p:cNvPr")[0].set("id", "1000")
    band = scratch.slides[0].shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, prs.slide_width, Pt(140))
    band.name = "Band"
    band.element.xpath("./p:nvSpPr/p:cNvPr")[0].set("id", "1001")
    pair = scratch.slides[0].shapes.add_group_shape()
    pair.name = "Pair"
    for left in (300, 560):  # two squares far apart: the group's box holds the gap
        pair.shapes.add_shape(MSO_SHAPE.RECTANGLE, Pt(left), Pt(160), Pt(20), Pt(20))
    pair.element.xpath("./p:nvGrpSpPr/p:cNvPr")[0].set("id", "1002")
    for number, square in enumerate(pair.element.xpath("./p:sp/p:nvSpPr/p:cNvPr"), 1003):
        square.set("id", str(number))
    caption = scratch.slides[0].shapes.add_textbox(Pt(400), Pt(460), Pt(300), Pt(30))
    caption.text_frame.text = "template caption"
    caption.element.xpath("./p:nvSpPr/p:cNvPr")[0].set("id", "1005")
    art_layout = prs.slide_layouts[5]  # Title Only: its title lies on the band
    tree = art_layout.element.xpath("./p:cSld/p:spTree")[0]
    tree.insert(2, copy.deepcopy(band.element))  # behind the placeholders
    tree.append(copy.deepcopy(drawing.element))
    tree.append(copy.deepcopy(pair.element))
    tree.append(copy.deepcopy(caption.element))
    art = prs.slides.add_slide(art_layout)
    art.shapes.title.text = "Heading above"
    box(art, "Over art", "edgeword insideword", 270, 300, 250, 40)  # x 300: the drawing
    covered = art.shapes.add_shape(MSO_SHAPE.RECTANGLE, Pt(320), Pt(350), Pt(250), Pt(40))
    covered.name = "Covered"
    covered.text_frame.text = "hidden drawing below"
    box(art, "Clear", "away from pictures", 20, 450, 250, 40)
    box(art, "Gap", "between squares", 380, 140, 170, 30)  # across the top of the group's box

    narrow = prs.slides.add_slide(blank)
    word = box(narrow, "Narrow", "Incomprehensibilities", 20, 20, 60, 360)
    word.text_frame.paragraphs[0].runs[0].font.size = Pt(28)
    box(narrow, "Wide", "Incontrovertibly", 20, 420, 500, 60)

    deck = work / "bad.pptx"
    prs.save(str(deck))
    return read_rendering(deck, convert_all([deck], work)[deck])


def on_slide(lines: list[str], number: int) -> list[str]:
    return [line for line in lines if line.startswith((f"slide {number}:", f"slide {number},"))]


def test_the_checks_find_words_run_out_of_their_box_and_off_the_slide(bad: Rendering) -> None:
    outside, clipped = outside_words(bad), clipped_words(bad)
    # The box holds the first line; the next lines run below it, the rest off the slide.
    assert any("'Overflowing': 'word5' is drawn outside its box" in line for line in outside)
    assert any("'Overflowing': 'word119' is not drawn" in line for line in clipped)
    assert not any("'Fits'" in line for line in outside + clipped)
    assert not any("'word0'" in line for line in outside + clipped)  # the first line fits
    assert on_slide(outside + clipped, 2) == []


def test_the_checks_find_words_drawn_over_each_other(bad: Rendering) -> None:
    found = overlapping_words(bad)
    assert on_slide(found, 1) == [] and on_slide(found, 3) == []
    stacked = " ".join(on_slide(found, 2))
    assert "'lowest'" in stacked and "'topmost'" in stacked
    assert "'nothing'" not in stacked


def test_the_checks_find_light_grey_on_white(bad: Rendering) -> None:
    measured = {c.word: c for c in word_contrasts(bad) if c.slide == 3}
    assert measured["barely"].text == f"#{GREY}" and measured["barely"].background == "#FFFFFF"
    assert measured["navy"].text == "#FFFFFF" and measured["navy"].background == f"#{NAVY}"
    assert measured["black"].ratio == pytest.approx(21.0)
    assert measured["navy"].ratio == pytest.approx(contrast("#FFFFFF", f"#{NAVY}"))
    low = " ".join(on_slide(low_contrast_words(bad), 3))
    assert all(f"'{word}'" in low for word in ("barely", "visible", "greyish"))
    assert not any(f"'{word}'" in low for word in ("black", "white", "navy"))


def test_the_checks_find_text_across_the_templates_artwork(bad: Rendering) -> None:
    found = " ".join(words_over_artwork(bad))
    assert "'edgeword' of 'Over art' lies across layout 'Title Only' artwork 'Decoration'" in found
    assert "'insideword'" not in found  # wholly on the drawing: the contrast check judges it
    assert "'hidden'" not in found  # its filled shape lies between it and the drawing
    assert "'away'" not in found  # far from any
    assert "'heading'" not in found  # wholly on the band
    assert "Band" not in found
    assert "'between'" not in found and "'squares'" not in found  # in the group's gap


def test_the_checks_find_the_templates_own_text(bad: Rendering) -> None:
    found = stray_words(bad)
    assert on_slide(found, 4) == [
        "slide 4: 'template' is in none of the slide's shapes",
        "slide 4: 'caption' is in none of the slide's shapes",
    ]
    assert on_slide(found, 3) == []  # text in a filled shape, as well as text boxes


def test_the_checks_find_a_word_broken_inside(bad: Rendering) -> None:
    found = broken_words(bad)
    assert len(found) == 1 and "'Narrow': 'incomprehensibilities' is broken as" in found[0]


def test_the_summary_counts_what_the_checks_find(bad: Rendering) -> None:
    summary = summarise(bad)
    assert summary.clipped == len(clipped_words(bad)) > 0
    assert summary.outside == len(outside_words(bad)) > 0
    assert summary.overlapping >= 4  # two words of each box at least
    assert summary.low_contrast == len(low_contrast_words(bad)) >= 3
    assert 0 < summary.low_contrast_share < 1
    assert summary.over_artwork == len(words_over_artwork(bad)) > 0
    assert summary.broken == 1
    assert summary.stray == len(stray_words(bad)) > 0
