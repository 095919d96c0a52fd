"""Summary decks: each session on exactly one slide, all at one title size and one body size.

A session shows its key points and takeaways in source order, at most ``LIMITS`` of each,
as many as fit at the deck's body size; its figures while they fit beside them. What is left
goes to the speaker notes, and the slide says how much ("(+3 more in the notes)"). The deck's
body size is the largest step of the theme's type scale, down to 18 pt, at which the fewest
items have to move; its title size the largest at which every session title takes at most
two lines, a title too long for that taking the next step down on its own slide.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefing.exporters.pptx.columns import Layout, plain_text
from briefing.exporters.pptx.pieces import (
    KEY_POINTS,
    MORE_GROUP,
    STATEMENT,
    TAKEAWAYS,
    WHY,
    Columns,
    Page,
)
from briefing.model import Session, Stat
from briefing.richtext import RichText

if TYPE_CHECKING:
    from briefing.exporters.pptx.style import Style
    from briefing.i18n import Messages

LIMITS = (5, 3)  # key points, takeaways a summary slide shows at most
BODY_FLOOR = 18.0  # a summary deck's body text is never smaller
TITLE_STEP = 4.0  # between a deck's title size and the next step down
TITLE_LINES = 2
STATEMENT_POINTS = 2  # at most this many key points, and no figures: a statement slide


@dataclass(frozen=True)
class DeckSizes:
    """A summary deck's body size, and each session's title size, by session code (a
    session missing from it has its title fitted on its slide)."""

    body: float
    titles: dict[str, float]
    # What measuring the body size found for each session at that size, kept for planning.
    fitted: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Shown:
    """How much of a session its one slide shows; the rest is in the notes."""

    key_points: int
    takeaways: int
    stats: int
    why: bool = True  # "why it matters", when the session says

    def hidden(self, session: Session) -> int:
        return (
            len(session.key_points)
            - self.key_points
            + len(session.takeaways)
            - self.takeaways
            + len(session.stats)
            - self.stats
            + (1 if session.relevance and not self.why else 0)
        )


@dataclass(frozen=True)
class Fitted:
    """A session on one slide: the page, what it shows and at which body size."""

    page: Page
    shown: Shown
    size: float


def more_text(count: int, words: Messages) -> str:
    """'(+3 more in the notes)'."""
    return words.count("more_in_notes", count)


@dataclass(frozen=True, slots=True)
class Trimmed:
    """The part of a session its slide shows (``columns.Content``)."""

    summary: RichText | None
    key_points: tuple[RichText, ...]
    stats: tuple[Stat, ...]
    chart: RichText | None
    takeaways: tuple[RichText, ...]
    relevance: RichText | None


def trimmed(session: Session, shown: Shown) -> Trimmed:
    """The session with only what its slide shows."""
    return Trimmed(
        session.summary,
        session.key_points[: shown.key_points],
        session.stats[: shown.stats],
        session.chart,
        session.takeaways[: shown.takeaways],
        session.relevance if shown.why else None,
    )


def _choices(session: Session) -> list[tuple[int, int]]:
    """(key points, takeaways) to try, the most wanted first: some takeaway if there is one,
    then as many items as can be, then key points before takeaways."""
    most_points = min(LIMITS[0], len(session.key_points))
    most_takeaways = min(LIMITS[1], len(session.takeaways))
    least_points = 1 if most_points else 0  # the first key point is always shown
    options = [
        (k, m) for k in range(least_points, most_points + 1) for m in range(0, most_takeaways + 1)
    ]
    return sorted(options, key=lambda o: (-min(o[1], 1), -(o[0] + o[1]), -o[0]))


def preference(
    whole_chart: bool, why: bool, takeaways: int, stats: int, hidden: int, why_right: bool
) -> tuple[int, ...]:
    """How a single slide of a session ranks, the fullest lowest (see ``fit_one_slide``)."""
    return (-int(whole_chart), -int(why), -min(takeaways, 1), -stats, hidden, 0 if why_right else 1)


def fit_one_slide(session: Session, style: Style, columns: Columns, size: float) -> Fitted | None:
    """The fullest single slide of ``session`` at ``size``; None if not even its first key
    point fits there. Fullest: the chart it asks for shown, then "why it matters", then a
    takeaway if there is one, then
    the most figures (the slide's picture), then the fewest items left to the notes, then
    "why it matters" beside the points rather than under them."""
    choices = _choices(session)
    # One or two key points and no figures: a statement, its points set large.
    statement = 0 < len(session.key_points) <= STATEMENT_POINTS and not session.stats
    # A chart the session asks for is shown whole before anything else is weighed.
    charted = [i for i, stat in enumerate(session.stats) if stat.unit] if session.chart else []
    whole_chart = charted[-1] + 1 if charted else 0
    least_hidden = Shown(*choices[0], len(session.stats)).hidden(session)
    best: tuple[tuple[int, ...], Fitted] | None = None
    measured: dict[object, object] = {}  # the texts' heights, the same in every layout tried
    shared: dict[object, object] = {}  # the figures' and headings' measures, likewise
    mores: dict[int, RichText] = {}  # "(+2 more in the notes)", by count
    # Where "why it matters" goes: beside the points, under them, to the notes.
    places = (
        [(True, True), (True, False), (False, False)] if session.relevance else [(False, False)]
    )
    items = len(session.key_points) + len(session.takeaways)
    room = columns.left_room(0) + 1e-6
    # All the key points and takeaways a layout may show, "why it matters" under them: the
    # left column of every layout tried is measured from this one without being made, and
    # only a layout whose left column fits is made. (Sessions with key points: without them,
    # the left column's first group depends on what else is shown.)
    probe = (
        Layout(
            trimmed(session, Shown(max(k for k, _ in choices), max(m for _, m in choices), 0)),
            style,
            columns,
            size,
            False,
            shared,
            statement=statement,
            measured=measured,
        )
        if session.key_points
        else None
    )
    for why, why_right in places:
        for stats in range(len(session.stats), -1, -1):
            # Shown(...).hidden(session), less the key points and takeaways shown.
            left_out = (
                items + len(session.stats) - stats + (1 if session.relevance and not why else 0)
            )
            for points, takeaways in choices:  # most wanted first: the first that fits wins
                hidden = left_out - points - takeaways
                key = preference(stats >= whole_chart, why, takeaways, stats, hidden, why_right)
                if best is not None and key >= best[0]:
                    continue
                more = None
                if hidden:  # one text per count, so its measures are shared (Layout.measured)
                    more = mores.get(hidden) or mores.setdefault(
                        hidden, plain_text(more_text(hidden, style.words))
                    )
                if probe is not None:
                    shows = {
                        KEY_POINTS: points,
                        STATEMENT: points,
                        TAKEAWAYS: takeaways,
                        WHY: int(why and not why_right),
                    }
                    if probe.left_total(shows, (MORE_GROUP, more) if more else None) > room:
                        continue  # its left column overflows
                shown = Shown(points, takeaways, stats, why)
                layout = Layout(
                    trimmed(session, shown),
                    style,
                    columns,
                    size,
                    why_right,
                    shared,
                    more,
                    statement=statement,
                    measured=measured,
                )
                # (Its left column measured above is the one it has, in the same order.)
                if layout.pages_needed() == 1 if probe is not None else layout.on_one_slide():
                    best = (key, Fitted(layout.split(1)[0], shown, size))
                    break
                if not layout.fits or len(layout.right_runs) > 1:
                    break  # the right column needs another slide, whatever the left shows
            if best is not None and best[0][4] == least_hidden:
                return best[1]  # all that the limits allow is shown
    return best[1] if best is not None else None


def body_sizes(top: float) -> list[float]:
    """The body sizes a summary deck may use, largest first."""
    sizes, size = [], float(int(top))
    while size >= BODY_FLOOR:
        sizes.append(size)
        size -= 1.0
    return sizes or [BODY_FLOOR]


def deck_body_size(
    sessions: Sequence[Session], fit: Callable[[Session, float], Fitted | None], top: float
) -> float:
    """The largest body size at which the fewest items leave the sessions' slides, each
    session put on its slide by ``fit``.

    A session showing all that the limits allow at one size shows it at every smaller size
    (its text takes no more room there), so it is not fitted again at the smaller sizes; the
    caller fits it at the chosen size if it has no fit there."""
    best: tuple[int, float] | None = None
    settled: dict[int, int] = {}  # id of a session showing all it can -> what it leaves out
    for size in body_sizes(top):
        hidden = 0
        for session in sessions:
            least = settled.get(id(session))
            if least is None:
                fitted = fit(session, size)
                shown = fitted.shown.hidden(session) if fitted else 10_000
                if shown == _beyond_limits((session,)):
                    settled[id(session)] = shown
                hidden += shown
            else:
                hidden += least
        if best is None or hidden < best[0]:
            best = (hidden, size)
        if hidden == _beyond_limits(sessions):
            break  # nothing moves for want of room: no smaller size shows more
    assert best is not None
    return best[1]


def _beyond_limits(sessions: Sequence[Session]) -> int:
    """Items that move to the notes however large the slide: past the limits."""
    return sum(
        max(0, len(s.key_points) - LIMITS[0]) + max(0, len(s.takeaways) - LIMITS[1])
        for s in sessions
    )


def title_sizes(
    titles: dict[str, str], fits: Callable[[str, float], bool], top: float, floor: float
) -> dict[str, float]:
    """Each title's size: the largest step at which every title fits, or fits one step
    down; a title that fits at no step gets none (its slide fits it)."""
    steps, size = [], top
    while size >= floor:
        steps.append(size)
        size -= TITLE_STEP
    for index, size in enumerate(steps):
        lower = steps[index + 1] if index + 1 < len(steps) else None
        chosen: dict[str, float] = {}
        for code, text in titles.items():
            if fits(text, size):
                chosen[code] = size
            elif lower is not None and fits(text, lower):
                chosen[code] = lower
            else:
                break
        else:
            return chosen
    return {code: steps[-1] for code, text in titles.items() if fits(text, steps[-1])}
