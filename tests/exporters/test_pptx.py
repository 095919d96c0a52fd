"""The pptx exporter's deck, read back with python-pptx: order, content, links, accessibility."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from briefing.cli import cli
from briefing.exporters.pptx import PptxExporter
from briefing.exporters.pptx.paginate import split
from briefing.exporters.pptx.style import contrast, make_style
from briefing.source import load_briefing
from briefing.themes import load_theme
from tests.conftest import SAMPLE, THEMES
from tests.exporters.pptx_helpers import (
    EPOCH,
    RENAMED,
    TEMPLATE_ACCENT,
    alt_texts,
    build,
    make_template,
    package_parts,
    runs,
    template_theme,
    texts,
)
from tests.exporters.test_qr import scan

STRESS = Path(__file__).resolve().parent.parent / "data" / "stress.yaml"


def open_deck(path: Path) -> Any:
    from pptx import Presentation

    return Presentation(str(path))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample in both themes and the stress source, built once for the module."""
    out = tmp_path_factory.mktemp("decks")
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    try:
        # Full decks: every item of a session is on its slides (summary decks are tested in
        # test_pptx_summary.py).
        return {
            "default": build(SAMPLE, "default", out / "default", "--density", "full"),
            "ccoe": build(SAMPLE, "ccoe", out / "ccoe", "--density", "full"),
            "stress": build(STRESS, "default", out / "stress", "--density", "full"),
        }
    finally:
        mp.undo()


@pytest.fixture(scope="module")
def deck(built: dict[str, Path]) -> Any:
    return open_deck(built["default"])


def badge(slide: Any) -> str | None:
    return next((s.text_frame.text for s in slide.shapes if s.name == "Badge"), None)


def session_slides(deck: Any) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for slide in deck.slides:
        text = badge(slide)
        if text:
            found.setdefault(text.split()[0], []).append(slide)
    return found


# --- the slides, in order ------------------------------------------------------------------


def test_deck_is_16_9_in_both_themes(built: dict[str, Path]) -> None:
    for theme in ("default", "ccoe"):
        deck = open_deck(built[theme])
        assert (deck.slide_width, deck.slide_height) == (12192000, 6858000)


def test_slides_come_in_order(deck: Any) -> None:
    briefing = load_briefing(SAMPLE, "s")
    titles = [s.shapes.title.text_frame.text for s in deck.slides]
    assert titles[0] == "AWS re:Invent 2019"
    assert titles[1] == "Agenda"
    assert titles[-1] == "Key takeaways"
    codes = [text.split()[0] for s in deck.slides if (text := badge(s))]
    expected = [s.code for t in briefing.tracks for s in briefing.sessions_in(t)]
    assert list(dict.fromkeys(codes)) == expected  # every session, in track order
    for track in briefing.tracks:
        divider = titles.index(track.name)
        first = briefing.sessions_in(track)[0]
        assert badge(deck.slides[divider + 1]).startswith(first.code)


def test_every_session_has_its_slides_together(deck: Any) -> None:
    position = {id(s): i for i, s in enumerate(deck.slides)}
    for code, slides in session_slides(deck).items():
        indexes = [position[id(s)] for s in slides]
        assert indexes == list(range(indexes[0], indexes[0] + len(indexes))), code
        titles = [s.shapes.title.text_frame.text for s in slides]
        for number, title in enumerate(titles[1:], start=1):
            suffix = "(cont.)" if number == 1 else f"(cont. {number})"
            assert title.endswith(suffix)


def test_titles_are_unique_title_placeholders(built: dict[str, Path]) -> None:
    for name in ("default", "stress"):
        deck = open_deck(built[name])
        titles = []
        for slide in deck.slides:
            title = slide.shapes.title
            assert title is not None and title.is_placeholder
            assert title.text_frame.text.strip()
            titles.append(title.text_frame.text.casefold())
        assert len(titles) == len(set(titles))


def test_title_slide_has_the_meta_data_and_logo(deck: Any) -> None:
    slide = deck.slides[0]
    text = " ".join(texts(slide))
    for part in (
        "AWS re:Invent 2019",
        "Breakout sessions",
        "Las Vegas, NV",
        "20 December 2019",
        "Cloud Center of Excellence",
        "Group AWS Programme Manager",
        "StepStone",
    ):
        assert part in text
    assert alt_texts(slide) == ["default logo"]


def test_agenda_links_jump_to_the_dividers(deck: Any) -> None:
    briefing = load_briefing(SAMPLE, "s")
    agenda = deck.slides[1]
    cards = [s for s in agenda.shapes if s.name.startswith("Agenda: ")]
    assert len(cards) == len(briefing.tracks)
    for card, track in zip(cards, briefing.tracks, strict=True):
        count = len(briefing.sessions_in(track))
        assert card.text_frame.text.startswith(f"{track.name}\n{count} sessions")
        target = card.click_action.target_slide
        assert target is not None
        assert target.shapes.title.text_frame.text == track.name
        link = card._element.xpath("./p:nvSpPr/p:cNvPr/a:hlinkClick")[0]
        assert link.get("action") == "ppaction://hlinksldjump"


def test_dividers_list_their_sessions(deck: Any) -> None:
    briefing = load_briefing(SAMPLE, "s")
    by_title = {s.shapes.title.text_frame.text: s for s in deck.slides}
    for track in briefing.tracks:
        text = " ".join(texts(by_title[track.name]))
        assert track.headline is not None and track.headline.plain in text
        assert track.summary is not None and track.summary.plain not in text  # the agenda's
        for session in briefing.sessions_in(track):
            assert f"{session.code}   {session.title.plain}" in text


def test_closing_slide_has_a_line_per_track_and_questions(deck: Any) -> None:
    briefing = load_briefing(SAMPLE, "s")
    text = " ".join(texts(deck.slides[-1]))
    assert "Questions?" in text
    assert briefing.meta.author is not None and briefing.meta.author.plain in text
    for track, line in briefing.key_takeaways():
        assert f"{track.name}: {line.plain}" in text


# --- session slides --------------------------------------------------------------------------


def test_session_slides_show_everything(deck: Any) -> None:
    briefing = load_briefing(SAMPLE, "s")
    slides = session_slides(deck)
    for session in briefing.sessions:
        text = " ".join(t for s in slides[session.code] for t in texts(s))
        assert session.title.plain in text
        for item in (*session.key_points, *session.takeaways, *session.speakers):
            assert item.plain in text, (session.code, item.plain)
        if session.relevance:
            assert session.relevance.plain in text
        level = f"  ·  Level {session.level}" if session.level else ""
        assert badge(slides[session.code][0]) == f"{session.code}{level}"


def test_stats_are_callouts_or_a_native_chart(deck: Any) -> None:
    slides = session_slides(deck)
    charts = [s for slide in slides["CMY302"] for s in slide.shapes if s.has_chart]
    assert len(charts) == 1
    chart = charts[0].chart
    assert chart.chart_type is not None and list(chart.plots[0].series[0].values) == [25.3, 3.1]
    assert list(chart.plots[0].categories) == [
        "concurrent streams at peak on Hotstar",
        "concurrent streams for the Super Bowl",
    ]
    assert any("3,000" in t for s in slides["CMY302"] for t in texts(s))  # the odd one out
    # Different units (million+, billion+): callouts, no chart.
    arc = slides["ARC335"]
    assert not any(s.has_chart for slide in arc for s in slide.shapes)
    assert {"200 million+", "3 billion+"} <= {
        t.split("\n")[0] for slide in arc for t in texts(slide)
    }


def test_video_is_a_link_and_a_qr_code(deck: Any) -> None:
    briefing = load_briefing(SAMPLE, "s")
    slides = session_slides(deck)
    for session in briefing.sessions:
        first = slides[session.code][0]
        if session.video is None:  # no caption for what is not there
            assert not any(s.name in ("Video QR code", "Video", "Video link") for s in first.shapes)
            continue
        link = [r for r in runs(first) if r.hyperlink.address == session.video]
        assert link and link[0].text == "Watch the session video"
        qr = next(s for s in first.shapes if s.name == "Video QR code")
        assert qr.click_action.hyperlink.address == session.video
        descr = qr._element.nvPicPr.cNvPr.get("descr")
        assert descr == f"QR code linking to the video of {session.code}: {session.title.plain}"


def test_every_qr_code_reads_back_as_its_sessions_video(deck: Any) -> None:
    """Each code on the slides, decoded, is its session's video link, with modules of at least
    2.5 pt on the slide (a projected deck is scanned from the back of the room)."""
    videos = {s.code: s.video for s in load_briefing(SAMPLE, "s").sessions if s.video}
    read: dict[str, set[str]] = {}
    for slide in deck.slides:
        for shape in slide.shapes:
            if not shape.name.endswith("QR code"):
                continue
            code = shape._element.nvPicPr.cNvPr.get("descr").split(" of ")[1].split(":")[0]
            found = scan(shape.image.blob)
            assert found.text == videos[code], code
            assert shape.click_action.hyperlink.address == found.text
            points = shape.width / 12700
            assert points * found.module_px / found.side_px >= 2.5, (code, found.modules)
            assert found.quiet >= 2
            read.setdefault(shape.name, set()).add(code)
    assert read == {"Video QR code": set(videos), "Watch later QR code": set(videos)}


def test_inline_formatting_becomes_runs(built: dict[str, Path]) -> None:
    slides = session_slides(open_deck(built["default"]))
    cmy = runs(slides["CMY302"][0])
    assert any(r.text == "3,000" and r.font.bold for r in cmy)
    dop = [r for s in slides["DOP310"] for r in runs(s)]
    assert any(r.text == "s2n" and r.font.name == "Consolas" for r in dop)
    stress = session_slides(open_deck(built["stress"]))
    long_runs = [r for s in stress["LONG401"] for r in runs(s)]
    guide = next(r for r in long_runs if r.text == "the well-architected guide")
    assert guide.hyperlink.address == "https://aws.amazon.com/architecture/well-architected/"
    assert any(r.text == "cells" and r.font.italic for r in long_runs)


def test_body_text_is_never_below_14_pt_and_key_points_are_18(deck: Any) -> None:
    for slides in session_slides(deck).values():
        for slide in slides:
            for shape in slide.shapes:
                if not shape.has_text_frame or shape.name in ("Footer", "Slide Number"):
                    continue
                for run in (r for p in shape.text_frame.paragraphs for r in p.runs):
                    assert run.font.size.pt >= 14, (shape.name, run.text)
                if shape.name == "Key points":
                    sizes = {
                        r.font.size.pt for p in shape.text_frame.paragraphs[1:] for r in p.runs
                    }
                    assert min(sizes) >= 18


def test_long_key_point_lists_split_evenly(built: dict[str, Path]) -> None:
    slides = session_slides(open_deck(built["stress"]))["LONG401"]
    counts = []
    for slide in slides:
        box = next((s for s in slide.shapes if s.name == "Key points"), None)
        if box is not None:
            counts.append(len(box.text_frame.paragraphs) - 1)  # less the heading
    assert sum(counts) == 15
    assert len(counts) == 2 and abs(counts[0] - counts[1]) <= 1  # 7 + 8, never 14 + 1


def test_a_session_with_nothing_still_gets_a_readable_slide(built: dict[str, Path]) -> None:
    slides = session_slides(open_deck(built["stress"]))["NONE000"]
    assert len(slides) == 1
    text = " ".join(texts(slides[0]))
    assert "No key points were noted for this session." in text
    assert not any(s.name.startswith("Video") for s in slides[0].shapes)


def test_speaker_notes_hold_summary_and_notes(deck: Any) -> None:
    briefing = load_briefing(SAMPLE, "s")
    slides = session_slides(deck)
    for session in briefing.sessions:
        notes = slides[session.code][0].notes_slide.notes_text_frame.text
        if session.summary:
            assert session.summary.plain in notes
        if session.notes:
            assert session.notes.plain in notes
        for stat in session.stats:
            assert stat.display in notes


def test_content_slides_have_footer_number_and_logo(built: dict[str, Path]) -> None:
    deck = open_deck(built["ccoe"])
    for number, slide in enumerate(deck.slides, start=1):
        names = {s.name: s for s in slide.shapes}
        if number == 1:
            assert "Footer" not in names
            continue
        assert names["Footer"].text_frame.text == "Cloud Center of Excellence · Internal"
        field = names["Slide Number"]._element.xpath(".//a:fld")[0]
        assert field.get("type") == "slidenum" and field.xpath("./a:t")[0].text == str(number)
        logos = [s for s in slide.shapes if s.shape_type == 13 and "logo" in alt_texts_of(s)]
        assert len(logos) == 1
        ratio = logos[0].width / logos[0].height
        assert ratio == pytest.approx(764 / 240, rel=0.01)  # aspect ratio kept


def alt_texts_of(shape: Any) -> str:
    return str(shape._element.nvPicPr.cNvPr.get("descr", ""))


def test_every_picture_and_chart_has_real_alt_text(built: dict[str, Path]) -> None:
    for name in ("default", "ccoe", "stress"):
        for slide in open_deck(built[name]).slides:
            for descr in alt_texts(slide):
                assert descr.strip(), name
                assert not descr.lower().endswith((".png", ".jpg", ".jpeg", ".gif"))
    chart = next(s for s in open_deck(built["default"]).slides for s in s.shapes if s.has_chart)
    descr = chart._element.nvGraphicFramePr.cNvPr.get("descr")
    assert descr.startswith("Bar chart of 2 figures in million.")
    assert "concurrent streams at peak on Hotstar: 25.3 million" in descr


# --- the package -----------------------------------------------------------------------------


def test_document_properties_come_from_the_source(deck: Any) -> None:
    props = deck.core_properties
    assert props.title == "AWS re:Invent 2019"
    assert props.author == "Cloud Center of Excellence"
    assert props.subject == "AWS re:Invent 2019"
    briefing = load_briefing(SAMPLE, "s")
    known = {t.name for t in briefing.tracks} | {tag for s in briefing.sessions for tag in s.tags}
    keywords = props.keywords.split(", ")
    assert keywords[:3] == [t.name for t in briefing.tracks]
    assert set(keywords) <= known and len(keywords) > 10  # whole words, within 255 characters
    stamp = dt.datetime.fromtimestamp(int(EPOCH), tz=dt.UTC).replace(tzinfo=None)
    assert props.created == props.modified == stamp
    assert props.revision == 1


def test_output_is_byte_identical_under_source_date_epoch(
    built: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    again = build(SAMPLE, "default", tmp_path, "--density", "full")
    assert again.read_bytes() == built["default"].read_bytes()


def test_no_part_is_orphaned(built: dict[str, Path]) -> None:
    names, targets = package_parts(built["default"].read_bytes())
    assert len(names) == len(set(names))
    loose = [n for n in names if not n.endswith(".rels") and n != "[Content_Types].xml"]
    assert [n for n in loose if n not in targets] == []


def test_track_selection_gives_only_that_track(tmp_path: Path) -> None:
    deck = open_deck(build(SAMPLE, "default", tmp_path, "--track", "machine learning"))
    codes = list(session_slides(deck))
    assert codes == ["AIM212", "GAM302", "ARC210", "PNU301"]
    titles = [s.shapes.title.text_frame.text for s in deck.slides]
    assert "Machine Learning" in titles and "Reliability and Scalability" not in titles


def test_exporter_is_cheap_to_import_and_registered() -> None:
    import subprocess
    import sys

    code = (
        "import sys, briefing.exporters.pptx as p; "
        "print(p.PptxExporter.name, p.PptxExporter.extensions, "
        "any(m.startswith(('pptx', 'PIL', 'segno', 'lxml')) for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["pptx", "('pptx',)", "False"]
    from briefing.exporters import get

    assert isinstance(get("pptx"), PptxExporter)


# --- colours ---------------------------------------------------------------------------------


def test_low_contrast_colours_are_named_in_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "pale"
    folder.mkdir()
    (folder / "theme.yaml").write_text(
        "name: pale\ncolors:\n  text: '#AAAAAA'\n  primary: '#DDDDDD'\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        cli, ["build", str(SAMPLE), "-f", "pptx", "-t", str(folder), "-o", "out"]
    )
    assert result.exit_code == 0, result.output
    assert "#AAAAAA on background #FFFFFF" in result.stderr
    assert "primary #DDDDDD" in result.stderr
    assert "WCAG AA" in result.stderr
    quiet = CliRunner().invoke(
        cli, ["build", str(SAMPLE), "-f", "pptx", "-t", str(folder), "-o", "out2"]
    )
    assert "#AAAAAA" in quiet.stderr  # warned on every build, not once per process


def test_built_in_themes_meet_wcag_aa() -> None:
    from briefing.exporters.pptx.style import contrast_problems

    for name in ("default", "ccoe"):
        style = make_style(load_theme(str(THEMES / name)))
        assert contrast_problems(style) == []
        assert contrast(style.text, style.background) >= 4.5
        assert contrast(style.on_primary, style.primary) >= 4.5


# --- templates -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_template(tmp_path_factory.mktemp("template") / "corporate.pptx")


@pytest.fixture(scope="module")
def template_deck(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = template_theme(tmp_path_factory.mktemp("theme") / "corporate", template)
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
    try:
        return build(SAMPLE, str(folder), tmp_path_factory.mktemp("out"))
    finally:
        mp.undo()


def test_template_deck_uses_the_templates_layouts_and_colours(template_deck: Path) -> None:
    deck = open_deck(template_deck)
    layouts = {s.slide_layout.name for s in deck.slides}
    assert {"Cover", "Title, Content", "Section Title", "1_Title Only"} <= layouts
    assert not any("Sample" in t for s in deck.slides for t in texts(s))
    badge_fill = next(s for s in deck.slides[3].shapes if s.name in ("Badge",)).fill.fore_color.rgb
    # The template's accent1 (the deck's primary): the accent is kept for the big numbers.
    assert str(badge_fill) == TEMPLATE_ACCENT
    bars = [s for sl in deck.slides for s in sl.shapes if s.name == "Card bar"]
    assert bars and str(bars[0].fill.fore_color.rgb) == TEMPLATE_ACCENT
    footer = next(s for s in deck.slides[1].shapes if s.name == "Footer")
    assert footer.text_frame.text == "ACME Corp · Confidential"  # the theme's footer
    runs_ = [r for sl in deck.slides for r in runs(sl) if r.font.name]
    assert {r.font.name for r in runs_} <= {"Arial", "Consolas"}  # the template's font


def test_template_sample_slides_leave_no_orphans(template_deck: Path) -> None:
    data = template_deck.read_bytes()
    names, targets = package_parts(data)
    assert len(names) == len(set(names))
    loose = [n for n in names if not n.endswith(".rels") and n != "[Content_Types].xml"]
    assert [n for n in loose if n not in targets] == []
    assert not any(n.endswith(".png") and "briefing-image" not in n for n in names)
    presentation = next(n for n in names if n == "ppt/presentation.xml")
    import zipfile

    with zipfile.ZipFile(template_deck) as package:
        xml = package.read(presentation).decode()
    assert "sectionLst" not in xml  # the sections listed the removed slides
    with zipfile.ZipFile(template_deck) as package:
        view = package.read("ppt/viewProps.xml").decode()
    assert "<p:sld " not in view and "p:outlineViewPr" in view  # the outline view's too
    assert "docProps/thumbnail.jpeg" not in names  # it showed the template's first slide
    assert not any(
        n.startswith("ppt/slides/slide")
        and n.endswith(".xml")
        and "Sample" in zipfile.ZipFile(template_deck).read(n).decode()
        for n in names
    )


def test_potx_templates_work(template: Path, tmp_path: Path) -> None:
    import zipfile

    potx = tmp_path / "corporate.potx"
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(potx, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"presentationml.presentation.main+xml", b"presentationml.template.main+xml"
                )
            target.writestr(info, data)
    folder = template_theme(tmp_path / "potx", potx)
    deck = open_deck(build(SAMPLE, str(folder), tmp_path / "out"))
    assert "Cover" in {s.slide_layout.name for s in deck.slides}


def test_a_broken_template_is_one_clear_error(tmp_path: Path) -> None:
    import zipfile

    bad = tmp_path / "broken.pptx"  # a package whose presentation part is not XML
    with zipfile.ZipFile(bad, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("ppt/presentation.xml", "not xml at all")
    folder = template_theme(tmp_path / "broken", bad)
    result = CliRunner().invoke(
        cli, ["build", str(SAMPLE), "-f", "pptx", "-t", str(folder), "-o", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert "cannot open the PowerPoint template" in result.output
    assert "Traceback" not in result.output


def test_check_template_reports_layouts_and_their_use(template: Path) -> None:
    result = CliRunner().invoke(cli, ["check-template", str(template)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Slide size: 13.33 x 7.50 in (16:9)" in out
    assert "Sample slides: 2" in out
    assert f"primary = accent1 #{TEMPLATE_ACCENT}" in out
    assert "headings Arial, body Arial" in out
    for renamed in RENAMED.values():
        assert repr(renamed) in out
    assert "title slide" in out and "'Cover' (by name ('Cover'))" in out
    assert "session slides" in out and "'1_Title Only' (by name)" in out
    assert "track dividers" in out and "'Section Title'" in out
    assert "placeholders share an idx in 1 layout(s) ('Section Title')" in out


def test_check_template_on_a_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check-template", str(tmp_path / "nope.pptx")])
    assert result.exit_code == 1
    assert "no file" in result.output


# --- pagination ------------------------------------------------------------------------------


def test_balanced_split_never_leaves_an_orphan() -> None:
    assert split([1.0] * 15, 14.0) == [(0, 7), (7, 15)]
    assert split([1.0] * 3, 14.0) == [(0, 3)]
    runs_ = split([30.0, 30.0, 30.0, 100.0], 120.0)
    assert runs_ == [(0, 3), (3, 4)]
    assert split([200.0], 100.0) is None


def test_a_template_without_titled_layouts_still_gets_slide_titles(tmp_path: Path) -> None:
    from pptx import Presentation

    prs = Presentation()
    for layout in list(prs.slide_layouts):
        if layout.name != "Blank":
            prs.slide_layouts.remove(layout)
    prs.save(str(tmp_path / "blank.pptx"))
    report = CliRunner().invoke(cli, ["check-template", str(tmp_path / "blank.pptx")])
    assert "no layout has a title placeholder; the deck adds one to each slide" in report.output
    folder = template_theme(tmp_path / "blank", tmp_path / "blank.pptx")
    deck = open_deck(build(SAMPLE, str(folder), tmp_path / "out"))
    titles = [s.shapes.title for s in deck.slides]
    assert all(t is not None and t.is_placeholder for t in titles)
    assert titles[1].text_frame.text == "Agenda"


def test_right_to_left_paragraphs_read_from_the_right(built: dict[str, Path]) -> None:
    slide = session_slides(open_deck(built["stress"]))["RTL201"][0]
    box = next(s for s in slide.shapes if s.name == "Key points")
    directions = {
        p.text.split()[0]: (p._p.pPr.get("rtl"), p._p.pPr.get("algn"))
        for p in box.text_frame.paragraphs[1:]
    }
    assert directions["النص"] == ("1", "r")
    assert directions["טקסט"] == ("1", "r")
    assert directions["Mixed:"] == ("0", "l")  # Latin first: left to right
