"""The model: levels from codes, rich text, numbers, takeaways."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.inline_markdown import to_markdown
from briefing.model import Stat, format_number, level_from_code
from briefing.richtext import RichText, Span, parse
from briefing.source import load_briefing
from tests.conftest import SAMPLE


@pytest.mark.parametrize(
    ("code", "level"),
    [("DAT404-R", 400), ("ENT233-S", 200), ("STP15", None), ("X1234", None), ("AB999", None)],
)
def test_level_from_code(code: str, level: int | None) -> None:
    assert level_from_code(code) == level


def test_inline_markup_becomes_spans() -> None:
    text = parse("Use **s2n**, *not* `openssl` - see [docs](https://aws.amazon.com/s2n)")
    assert text.spans == (
        Span("Use "), Span("s2n", bold=True), Span(", "), Span("not", italic=True), Span(" "),
        Span("openssl", code=True), Span(" - see "), Span("docs", href="https://aws.amazon.com/s2n"),
    )  # fmt: skip
    assert text.plain == "Use s2n, not openssl - see docs"
    assert (
        to_markdown(text)
        == "Use **s2n**, *not* `openssl` - see [docs](<https://aws.amazon.com/s2n>)"
    )


def test_markdown_escapes_what_would_read_as_markup() -> None:
    assert to_markdown(RichText.plain_text("2 * 3 [x] _y_")) == r"2 \* 3 \[x\] \_y\_"


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [(25.3, "million", "25.3 million"), (63, "%", "63%"), (3000, None, "3,000"),
     (100, "k", "100k"), (1e21, None, "1e+21"), (2.50, "x", "2.5x")],
)  # fmt: skip
def test_stat_display(value: float, unit: str | None, shown: str) -> None:
    assert Stat.model_validate({"value": value, "unit": unit, "label": "x"}).display == shown


def test_format_number_keeps_small_fractions() -> None:
    assert format_number(0.5) == "0.5"
    assert format_number(-1234.5) == "-1,234.5"


def test_sample_captures_the_article(sample: Path) -> None:
    briefing = load_briefing(sample)
    by_code = {s.code: s for s in briefing.sessions}
    assert [t.name for t in briefing.tracks] == [
        "Reliability and Scalability", "Machine Learning", "Financial Management",
    ]  # fmt: skip
    assert by_code["ARC210"].video is None
    assert all(s.video for s in briefing.sessions if s.code != "ARC210")
    figures = {(s.code, st.display) for s in briefing.sessions for st in s.stats}
    for expected in [("CMY302", "25.3 million"), ("CMY302", "3.1 million"), ("AIM212", "63%"),
                     ("AIM212", "74%"), ("ENT204", "35%"), ("GAM302", "20 million"),
                     ("ENT233-S", "100k"), ("ENT233-S", "1,500")]:  # fmt: skip
        assert expected in figures
    # Each session's first takeaway in source order, then each one's second, and so on.
    top = [(s.code, t.plain) for s, t in briefing.top_takeaways(14)]
    assert top[:3] == [
        ("DAT404-R", "Multi-master is not a drop-in switch; budget for application changes"),
        ("CMY302", "Test at scale with dedicated load generation, and practise chaos engineering"),
        ("ARC335", "Aim for continuous resilience as the target architecture"),
    ]
    assert [code for code, _ in top[3:12]] == [
        "ENT233-S", "DOP208", "AIM212", "GAM302", "ARC210", "PNU301", "ENT204", "STP15", "DOP310",
    ]  # fmt: skip
    assert top[12:] == [
        ("DAT404-R", "Plan your own load balancing and fail-over detection"),
        ("CMY302", "Plan how to panic, as well as how to scale"),
    ]
    assert len(briefing.top_takeaways(6)) == 6


def test_key_takeaways_are_a_headline_or_a_first_takeaway_per_track() -> None:
    briefing = load_briefing(SAMPLE, "s")
    tracks = [
        track.model_copy(update={"headline": None}) if index else track
        for index, track in enumerate(briefing.tracks)
    ]
    plain = briefing.model_copy(update={"tracks": tuple(tracks)})
    lines = plain.key_takeaways()
    assert [track.id for track, _ in lines] == [track.id for track in briefing.tracks]
    assert lines[0][1] == briefing.tracks[0].headline
    for track, text in lines[1:]:
        first = next(s for s in plain.sessions_in(track) if s.takeaways)
        assert text == first.takeaways[0]
