"""A summary deck: each session on one slide, at one title size and one body size, what does
not fit in the speaker notes; a full deck keeps everything on slides."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from briefing.cli import cli
from briefing.source import load_briefing
from tests.conftest import SAMPLE
from tests.exporters.pptx_helpers import (
    EPOCH,
    build_dated,
    make_template,
    template_theme,
    texts,
)

MORE = re.compile(r"^\(\+(\d+) more in the notes\)$")
INCH = 914400


def open_deck(path: Path) -> Any:
    from pptx import Presentation

    return Presentation(str(path))


def badge(slide: Any) -> str | None:
    return next((s.text_frame.text for s in slide.shapes if s.name == "Badge"), None)


def notes(slide: Any) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def generated(path: Path, copies: int = 5) -> Path:
    """The sample's sessions five times over in five tracks: 60 sessions."""
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    tracks, sessions = [], []
    for copy in range(copies):
        tracks.append({"id": f"track-{copy}", "name": f"Track number {copy + 1}"})
        for index, session in enumerate(data["sessions"]):
            sessions.append({**session, "code": f"GEN{copy}{index:02d}", "track": f"track-{copy}"})
    data["tracks"], data["sessions"] = tracks, sessions
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def decks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("summary")
    many = generated(out / "generated.yaml")
    return {
        "default": build_dated(SAMPLE, "default", out / "default"),
        "ccoe": build_dated(SAMPLE, "ccoe", out / "ccoe"),
        "full": build_dated(SAMPLE, "default", out / "full", "--density", "full"),
        "generated": build_dated(many, "default", out / "generated"),
    }


def session_slides(deck: Any) -> list[Any]:
    return [slide for slide in deck.slides if badge(slide)]


def key_point_sizes(slide: Any) -> set[float]:
    """The sizes of a slide's key points (none on a statement slide, whose points are set
    large on purpose)."""
    shape = next((s for s in slide.shapes if s.name == "Key points"), None)
    if shape is None:
        assert any(s.name == "Statement" for s in slide.shapes)
        return set()
    sizes = set()
    for paragraph in shape.text_frame.paragraphs[1:]:  # the heading first
        for run in paragraph.runs:
            if run.text.strip() and run.font.size is not None:
                sizes.add(run.font.size.pt)
    return sizes


@pytest.mark.parametrize("theme", ["default", "ccoe"])
def test_every_session_is_on_exactly_one_slide(decks: dict[str, Path], theme: str) -> None:
    deck = open_deck(decks[theme])
    briefing = load_briefing(SAMPLE, "s")
    assert len(deck.slides) <= 20
    titles = [s.shapes.title.text_frame.text for s in deck.slides]
    assert not any("(cont." in title for title in titles)
    codes = [badge(slide).split()[0] for slide in session_slides(deck)]  # type: ignore[union-attr]
    assert codes == [session.code for session in briefing.sessions]


def test_what_a_slide_leaves_out_is_in_its_notes_and_counted_on_it(
    decks: dict[str, Path],
) -> None:
    deck = open_deck(decks["default"])
    briefing = load_briefing(SAMPLE, "s")
    moved = 0
    for session, slide in zip(briefing.sessions, session_slides(deck), strict=True):
        shown = " ".join(texts(slide))
        said = notes(slide)
        left_out = [
            item.plain
            for item in (*session.key_points, *session.takeaways)
            if item.plain not in shown
        ]
        for text in left_out:
            assert f"- {text}" in said, (session.code, text)
        if session.relevance and session.relevance.plain not in shown:
            assert f"Why it matters: {session.relevance.plain}" in said
            left_out.append(session.relevance.plain)
        callouts = sum(shape.name.startswith("Figure: ") for shape in slide.shapes)
        charted = sum(
            len(list(shape.chart.plots[0].categories)) for shape in slide.shapes if shape.has_chart
        )
        figures = session.stats[callouts + charted :]
        marker = [MORE.match(t) for t in texts(slide) if MORE.match(t)]
        if left_out or figures:
            assert marker, session.code
            assert int(marker[0][1]) == len(left_out) + len(figures), session.code
            moved += 1
        else:
            assert not marker
        assert session.key_points[0].plain in shown  # the first key point is always there
    assert moved  # the sample has more than fits: the test sees items move


def test_each_session_that_moves_items_says_so_once(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["build", str(SAMPLE), "-f", "pptx", "-o", str(tmp_path)],
        env={"SOURCE_DATE_EPOCH": EPOCH},
    )
    assert result.exit_code == 0
    lines = [line for line in result.stderr.splitlines() if "moved to the speaker notes" in line]
    codes = [line.split(":")[1].strip() for line in lines]
    assert codes and len(codes) == len(set(codes))
    assert all("--density full" in line for line in lines)


def test_a_full_deck_shows_everything_on_slides(decks: dict[str, Path]) -> None:
    deck = open_deck(decks["full"])
    briefing = load_briefing(SAMPLE, "s")
    shown = " ".join(t for slide in deck.slides for t in texts(slide))
    for session in briefing.sessions:
        for item in (*session.key_points, *session.takeaways):
            assert item.plain in shown, (session.code, item.plain)
    assert not any(MORE.match(t) for slide in deck.slides for t in texts(slide))


def test_the_density_can_be_set_in_the_source(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "briefing:\n", "briefing:\n  deck: {density: full}\n", 1
    )
    source = tmp_path / "full.yaml"
    source.write_text(text, encoding="utf-8")
    full = open_deck(build_dated(source, "default", tmp_path / "out"))
    assert any("(cont." in s.shapes.title.text_frame.text for s in full.slides)


@pytest.mark.parametrize("name", ["default", "ccoe", "generated"])
def test_one_body_size_and_at_most_two_title_sizes(decks: dict[str, Path], name: str) -> None:
    slides = session_slides(open_deck(decks[name]))
    bodies: set[float] = set()
    heads: set[float] = set()
    for slide in slides:
        bodies |= key_point_sizes(slide)
        title = slide.shapes.title.text_frame.paragraphs[0].runs[0].font.size
        heads.add(title.pt)
    assert len(bodies) == 1 and min(bodies) >= 18, bodies
    assert len(heads) <= 2, heads


def test_charts_only_where_the_source_asks(decks: dict[str, Path]) -> None:
    briefing = load_briefing(SAMPLE, "s")
    for name in ("default", "full"):
        deck = open_deck(decks[name])
        charted = {
            badge(slide).split()[0]  # type: ignore[union-attr]
            for slide in session_slides(deck)
            if any(shape.has_chart for shape in slide.shapes)
        }
        assert charted <= {s.code for s in briefing.sessions if s.chart}
    assert {s.code for s in briefing.sessions if s.chart} == {"CMY302"}


def test_qr_codes_can_be_scanned_across_a_room(decks: dict[str, Path]) -> None:
    deck = open_deck(decks["default"])
    codes = [s for slide in deck.slides for s in slide.shapes if s.name == "Video QR code"]
    assert codes
    assert all(min(s.width, s.height) >= 1.6 * INCH for s in codes)


def test_the_closing_slide_has_one_line_per_track(decks: dict[str, Path]) -> None:
    deck = open_deck(decks["default"])
    briefing = load_briefing(SAMPLE, "s")
    closing = " ".join(texts(deck.slides[-1]))
    assert deck.slides[-1].shapes.title.text_frame.text == "Key takeaways"
    for track in briefing.tracks:
        assert track.headline is not None
        assert f"{track.name}: {track.headline.plain}" in closing
    assert "Questions?" in closing


def test_session_slides_say_where_they_stand(decks: dict[str, Path]) -> None:
    deck = open_deck(decks["default"])
    found = [
        shape.text_frame.text
        for slide in session_slides(deck)
        for shape in slide.shapes
        if shape.name == "Track"
    ]
    assert found[0].endswith("Track 1 of 3 · Session 1 of 5")
    assert found[-1].endswith("Track 3 of 3 · Session 3 of 3")


def test_a_chart_of_stats_in_different_units_is_a_located_error(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "    chart: Concurrent streams at peak\n",
        "    chart: Concurrent streams at peak\n",
    )
    text = text.replace(
        "{value: 3.1, unit: million, label: concurrent streams for the Super Bowl}",
        "{value: 3.1, unit: billion, label: concurrent streams for the Super Bowl}",
    )
    source = tmp_path / "bad.yaml"
    source.write_text(text, encoding="utf-8")
    line = next(
        number
        for number, content in enumerate(text.splitlines(), start=1)
        if content.startswith("    chart:")
    )
    result = CliRunner().invoke(cli, ["validate", str(source)])
    assert result.exit_code == 1
    assert f"bad.yaml:{line}:12: sessions[1].chart: a chart compares stats in one unit" in (
        result.stderr
    )
    assert "Traceback" not in result.output


def test_the_themes_type_scale_caps_the_sizes(tmp_path: Path) -> None:
    theme = tmp_path / "small"
    theme.mkdir()
    (theme / "theme.yaml").write_text(
        "name: small\ntype_scale: {title: 24, body: 18}\n", encoding="utf-8"
    )
    deck = open_deck(build_dated(SAMPLE, str(theme), tmp_path / "out"))
    slides = session_slides(deck)
    assert set().union(*(key_point_sizes(slide) for slide in slides)) == {18.0}
    heads = {s.shapes.title.text_frame.paragraphs[0].runs[0].font.size.pt for s in slides}
    assert max(heads) <= 24


# --- sessions of unusual shapes -------------------------------------------------------------

SHAPES = Path(__file__).resolve().parent.parent / "data" / "shapes.yaml"


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    deck = open_deck(build_dated(SHAPES, "default", tmp_path_factory.mktemp("shapes")))
    return {badge(slide).split()[0]: slide for slide in session_slides(deck)}  # type: ignore[union-attr]


def test_a_negative_figure_is_charted_from_zero_with_its_label_clear(
    shapes: dict[str, Any],
) -> None:
    slide = shapes["NEG101"]
    (frame,) = [s for s in slide.shapes if s.has_chart]
    chart = frame.chart
    assert list(chart.plots[0].series[0].values) == [-4.5, 2.1, 7.8]
    assert chart.has_title and chart.chart_title.text_frame.text == "Year-on-year change by region"
    assert chart.value_axis.minimum_scale < -4.5 and chart.value_axis.maximum_scale > 7.8
    xml = frame.chart.part.blob.decode()
    assert '<c:tickLblPos val="low"/>' in xml  # names at the edge, clear of the bar below 0
    # The chart takes at least half of the content area.
    area = 960 * 12700 * 0.5 * 0.5  # half the width and half the height, at the least
    assert frame.width * frame.height >= area


def test_a_single_figure_is_the_slides_hero(shapes: dict[str, Any]) -> None:
    slide = shapes["ONE201"]
    (figure,) = [s for s in slide.shapes if s.name.startswith("Figure: ")]
    number = figure.text_frame.paragraphs[0].runs[0].font.size.pt
    others = [
        run.font.size.pt
        for s in shapes["NEG101"].shapes
        if s.name == "Key points"
        for p in s.text_frame.paragraphs
        for run in p.runs
    ]
    assert number >= 48 and number >= 2 * max(others)


def test_figures_without_key_points_take_the_main_place(shapes: dict[str, Any]) -> None:
    slide = shapes["EIGHT301"]
    figures = [s for s in slide.shapes if s.name.startswith("Figure: ")]
    assert len(figures) >= 3
    assert all(f.left < 960 * 12700 * 0.2 for f in figures)  # on the left, the main place
    assert all(f.width > 960 * 12700 * 0.45 for f in figures)
    marker = next(MORE.match(t) for t in texts(slide) if MORE.match(t))
    assert int(marker[1]) == 8 - len(figures)
    for line in ("40 Tbps peak egress", "1.5 billion requests a day", "0 customer-visible"):
        assert line in notes(slide)


def test_one_or_two_points_without_figures_make_a_statement(decks: dict[str, Path]) -> None:
    briefing = load_briefing(SAMPLE, "s")
    slides = dict(
        zip(
            [s.code for s in briefing.sessions],
            session_slides(open_deck(decks["default"])),
            strict=True,
        )
    )
    dop = next(s for s in briefing.sessions if s.code == "DOP208")
    assert len(dop.key_points) == 2 and not dop.stats
    slide = slides["DOP208"]
    statement = next(s for s in slide.shapes if s.name == "Statement")
    assert [p.text for p in statement.text_frame.paragraphs] == [k.plain for k in dop.key_points]
    body = key_point_sizes(slides["DAT404-R"])
    sizes = {r.font.size.pt for p in statement.text_frame.paragraphs for r in p.runs}
    assert min(sizes) >= 1.4 * max(body)
    quote = next(s for s in slide.shapes if s.name == "Why it matters")
    assert quote.text_frame.text == dop.relevance.plain  # type: ignore[union-attr]
    assert all(r.font.italic for p in quote.text_frame.paragraphs for r in p.runs)
    assert any(s.name == "Quote bar" for s in slide.shapes)


def test_a_session_with_nothing_but_a_title_gets_one_plain_slide(
    shapes: dict[str, Any],
) -> None:
    slide = shapes["BARE401"]
    assert "No key points were noted for this session." in " ".join(texts(slide))
    assert not any(s.name.startswith(("Video", "Figure", "Chart")) for s in slide.shapes)


# --- watch later and timing -----------------------------------------------------------------


def test_videos_wait_on_watch_later_slides_in_codes_of_two_inches(
    decks: dict[str, Path],
) -> None:
    deck = open_deck(decks["default"])
    briefing = load_briefing(SAMPLE, "s")
    later = [s for s in deck.slides if s.shapes.title.text_frame.text.startswith("Watch later")]
    assert 1 <= len(later) <= 2
    assert deck.slides.index(later[-1]) == len(deck.slides) - 2  # just before the closing
    codes = [s for slide in later for s in slide.shapes if s.name == "Watch later QR code"]
    linked = [code.click_action.hyperlink.address for code in codes]
    assert linked == [s.video for s in briefing.sessions if s.video]
    assert all(min(code.width, code.height) >= 2 * INCH for code in codes)
    labels = " ".join(t for slide in later for t in texts(slide))
    assert all(s.code in labels for s in briefing.sessions if s.video)


def test_the_duration_is_shared_out_on_the_agenda_and_in_the_notes(
    decks: dict[str, Path],
) -> None:
    deck = open_deck(decks["default"])
    briefing = load_briefing(SAMPLE, "s")
    assert briefing.meta.duration == 45
    agenda = " ".join(texts(deck.slides[1]))
    for track in briefing.tracks:
        count = len(briefing.sessions_in(track))
        assert f"about {round(45 * count / len(briefing.sessions))} min" in agenda
    for slide in session_slides(deck):
        assert notes(slide).startswith(f"About {round(45 / len(briefing.sessions))} min.")


def test_session_slides_on_a_template_say_where_they_stand(tmp_path: Path) -> None:
    theme = template_theme(tmp_path / "theme", make_template(tmp_path / "corporate.pptx"))
    deck = open_deck(build_dated(SAMPLE, str(theme), tmp_path / "out"))
    found = [
        (shape.text_frame.text, shape.left)
        for slide in session_slides(deck)
        for shape in slide.shapes
        if shape.name == "Track"
    ]
    assert [text for text, _ in found][:2] == [
        "Track 1 of 3 · Session 1 of 5",
        "Track 1 of 3 · Session 2 of 5",
    ]
    assert len(found) == 12
    speakers = [
        shape.left + shape.width
        for slide in session_slides(deck)
        for shape in slide.shapes
        if shape.name == "Speakers"
    ]
    assert speakers and max(speakers) <= min(left for _, left in found)  # side by side


@pytest.mark.parametrize("name", ["default", "ccoe", "full", "generated"])
def test_powerpoint_opens_the_decks_without_repair(decks: dict[str, Path], name: str) -> None:
    from openxml_audit import OpenXmlValidator

    result = OpenXmlValidator().validate(str(decks[name]))
    assert result.is_valid, [str(error) for error in result.errors[:10]]
