"""Choosing a summary slide (``summary.fit_one_slide``) measures most candidate layouts without
making them, and stops trying a set of figures once its right column needs a second slide.
It must choose what making and trying every candidate chooses: the reference below does that,
ranking them by ``summary.preference`` and, within one set of figures and one place for "why it
matters", by the order of ``summary._choices``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from briefing.exporters.pptx import session as session_module
from briefing.exporters.pptx import summary
from briefing.exporters.pptx.columns import Layout, plain_text
from briefing.exporters.pptx.deck import build_deck
from briefing.exporters.pptx.pieces import Columns
from briefing.exporters.pptx.style import Style
from briefing.model import Session
from briefing.source import load_briefing
from briefing.themes import load_theme
from tests.conftest import SAMPLE
from tests.exporters.test_pptx_summary import generated

DATA = Path(__file__).resolve().parent.parent / "data"


def every_layout(
    session: Session, style: Style, columns: Columns, size: float
) -> tuple[summary.Shown, int, int] | None:
    """The fullest single slide found by making every candidate layout: what it shows, and
    how many paragraphs and blocks its page has."""
    choices = summary._choices(session)
    statement = 0 < len(session.key_points) <= summary.STATEMENT_POINTS and not session.stats
    charted = [i for i, s in enumerate(session.stats) if s.unit] if session.chart else []
    whole_chart = charted[-1] + 1 if charted else 0
    places = (
        [(True, True), (True, False), (False, False)] if session.relevance else [(False, False)]
    )
    best: tuple[tuple[int, ...], summary.Shown, Layout] | None = None
    for why, why_right in places:
        for stats in range(len(session.stats) + 1):
            for points, takeaways in choices:
                shown = summary.Shown(points, takeaways, stats, why)
                hidden = shown.hidden(session)
                more = plain_text(summary.more_text(hidden, style.words)) if hidden else None
                layout = Layout(
                    summary.trimmed(session, shown),
                    style,
                    columns,
                    size,
                    why_right,
                    None,
                    more,
                    statement=statement,
                )
                if layout.pages_needed() != 1:
                    continue
                key = (
                    *summary.preference(
                        stats >= whole_chart, why, takeaways, stats, hidden, why_right
                    ),
                    choices.index((points, takeaways)),
                )
                if best is None or key < best[0]:
                    best = (key, shown, layout)
    if best is None:
        return None
    page = best[2].split(1)[0]
    return best[1], len(page.items), len(page.blocks)


@pytest.mark.parametrize(
    ("source", "theme"),
    [
        ("sample", None),
        ("sample", "ccoe"),
        ("stress", None),
        ("shapes", None),
        ("generated", None),
    ],
)
def test_the_search_chooses_what_trying_every_layout_chooses(
    source: str, theme: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = {
        "sample": SAMPLE,
        "stress": DATA / "stress.yaml",
        "shapes": DATA / "shapes.yaml",
        "generated": generated(tmp_path / "generated.yaml", copies=2),
    }[source]
    checked: list[str] = []

    def compared(session: Session, style: Style, columns: Columns, size: float) -> Any:
        fitted = summary.fit_one_slide(session, style, columns, size)
        found = (fitted.shown, len(fitted.page.items), len(fitted.page.blocks)) if fitted else None
        assert found == every_layout(session, style, columns, size), (session.code, size)
        checked.append(session.code)
        return fitted

    monkeypatch.setattr(session_module, "fit_one_slide", compared)
    build_deck(load_briefing(path), load_theme(theme))
    briefing = load_briefing(path)
    # Every session was chosen for at least once, most at several body sizes.
    assert set(checked) == {s.code for s in briefing.sessions}
    assert len(checked) > len(briefing.sessions)
