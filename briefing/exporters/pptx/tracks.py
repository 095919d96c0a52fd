"""The tracks' slides: each divider and its sessions, planned, titled and written in slide order.

A large deck is made in two halves at once: a second process (forked) plans and writes the
second half of the tracks while this one does the first. Everything a slide's bytes depend on
from the slides before it (its number, the titles already taken, the charts and images
already numbered) is worked out from the first half's plans before either half is written, so
the deck is the same, byte for byte, as when one process makes it all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from briefing import progress
from briefing.exporters.pptx import session as sessions_
from briefing.exporters.pptx.parallel import Helper, can_fork
from briefing.exporters.pptx.slides import DividerPlan, add_divider, divider_titles, plan_divider

if TYPE_CHECKING:
    from briefing.exporters.pptx.chrome import Canvas
    from briefing.model import Briefing, Track

# Fewer sessions than this in the second half: forking costs more than it saves.
MIN_SESSIONS = 150


@dataclass
class TrackWork:
    """One track planned: its divider and its sessions, then the titles of their slides."""

    track: Track
    divider: DividerPlan
    sessions: list[sessions_.SessionPlan]
    divider_titles: list[str] = field(default_factory=list)
    session_titles: list[list[str]] = field(default_factory=list)


@dataclass(frozen=True)
class Position:
    """Where the deck stands after some slides: what the next slides are numbered from."""

    slides: int
    titles: frozenset[str]
    images: dict[object, str]
    charts: int


@dataclass
class Half:
    """What the second process made, for this one to add to the deck."""

    slides: list[str]
    types: dict[str, str]
    parts: list[tuple[str, bytes]]
    after: Position
    dividers: dict[str, str]
    sessions: int


def add_tracks(canvas: Canvas, briefing: Briefing) -> dict[str, str]:
    """Every track's divider and session slides; returns the part name of each track's first
    divider slide (the agenda links to it), by track id."""
    if briefing.meta.deck.density == "summary":
        canvas.sizes = sessions_.deck_sizes(canvas, briefing)
    numbered = list(enumerate(briefing.tracks, start=1))
    counts = [len(briefing.sessions_in(track)) for _, track in numbered]
    split = _split(counts)
    first, second = numbered[:split], numbered[split:]
    if first and second and sum(counts[split:]) >= MIN_SESSIONS and can_fork():
        return _in_two(canvas, briefing, first, second)
    dividers: dict[str, str] = {}
    for part in (first, second):
        work = plan(canvas, briefing, part)
        title(canvas, work)
        dividers.update(write(canvas, work, progress.current().advance))
    return dividers


def _split(counts: list[int]) -> int:
    """The number of tracks in the first half: about half the sessions."""
    total, running = sum(counts), 0
    for index, count in enumerate(counts):
        if running + count / 2 >= total / 2:
            return index
        running += count
    return len(counts)


def plan(canvas: Canvas, briefing: Briefing, tracks: list[tuple[int, Track]]) -> list[TrackWork]:
    ways = sessions_.wayfinding(briefing, canvas.style.words)
    return [
        TrackWork(
            track,
            plan_divider(canvas, briefing, track, number),
            [
                sessions_.plan(canvas, session, ways[session.code], briefing.minutes(1))
                for session in briefing.sessions_in(track)
            ],
        )
        for number, track in tracks
    ]


def title(canvas: Canvas, work: list[TrackWork]) -> None:
    """Give every slide of ``work`` its title, in slide order (titles are unique)."""
    for track in work:
        track.divider_titles = divider_titles(canvas, track.divider)
        track.session_titles = [sessions_.titles(canvas, s) for s in track.sessions]


def write(canvas: Canvas, work: list[TrackWork], advance: Any) -> dict[str, str]:
    dividers = {}
    for track in work:
        slides = add_divider(canvas, track.divider, track.divider_titles)
        dividers[track.track.id] = slides[0].partname
        for planned, titles in zip(track.sessions, track.session_titles, strict=True):
            sessions_.add_session(canvas, planned, track.track, titles)
            advance()
    return dividers


def position(canvas: Canvas) -> Position:
    package = canvas.package
    return Position(
        canvas.count, frozenset(canvas.titles), dict(package.images), package.charts_made
    )


def predict(canvas: Canvas, work: list[TrackWork]) -> Position:
    """Where the deck will stand once ``work`` (planned and titled) is written."""
    slides = canvas.count
    charts = canvas.package.charts_made
    images = dict(canvas.package.images)
    for track in work:
        slides += len(track.divider.runs)
        for planned in track.sessions:
            slides += len(planned.pages)
            charts += planned.charts
            video = planned.session.video
            if video and ("qr", video) not in images:  # see session._video
                images["qr", video] = f"/ppt/media/briefing-image{len(images) + 1}.png"
    return Position(slides, frozenset(canvas.titles), images, charts)


def _in_two(
    canvas: Canvas,
    briefing: Briefing,
    first: list[tuple[int, Track]],
    second: list[tuple[int, Track]],
) -> dict[str, str]:
    def second_half(receive: Any) -> Half:
        work = plan(canvas, briefing, second)
        start: Position = receive()
        _move_to(canvas, start)
        package = canvas.package
        made_before, types_before = len(package.parts), set(package.types)
        title(canvas, work)
        dividers = write(canvas, work, lambda: None)  # this process draws no progress
        return Half(
            slides=package.slides[start.slides :],
            types={k: v for k, v in package.types.items() if k not in types_before},
            parts=package.parts[made_before:],
            after=position(canvas),
            dividers=dividers,
            sessions=sum(len(track.sessions) for track in work),
        )

    with Helper(second_half) as helper:
        work = plan(canvas, briefing, first)
        title(canvas, work)
        expected = predict(canvas, work)
        helper.send(expected)
        tracker = progress.current()
        dividers = write(canvas, work, tracker.advance)
        reached = position(canvas)
        if reached != expected:  # the prediction must hold: the deck would differ otherwise
            raise RuntimeError(f"the deck's first half ended at {reached}, not {expected}")
        half: Half = helper.result()
    _add_half(canvas, half)
    tracker.advance(half.sessions)
    dividers.update(half.dividers)
    return dividers


def _move_to(canvas: Canvas, start: Position) -> None:
    """Set this process's deck where the other one's will be when it has written its half."""
    package = canvas.package
    count = len(package.slides)
    package.slides.extend(f"/ppt/slides/slide{n}.xml" for n in range(count + 1, start.slides + 1))
    package.notes_made = start.slides  # every slide has its notes page
    package.charts_made = start.charts
    package.images = dict(start.images)
    canvas.count = start.slides
    canvas.titles = set(start.titles)


def _add_half(canvas: Canvas, half: Half) -> None:
    package = canvas.package
    package.slides.extend(half.slides)
    package.types.update(half.types)
    package.parts.extend(half.parts)
    package.notes_made = half.after.slides
    package.charts_made = half.after.charts
    package.images = dict(half.after.images)
    canvas.count = half.after.slides
    canvas.titles = set(half.after.titles)
