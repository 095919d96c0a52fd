"""The tracks' slides: each divider and its sessions, planned, titled and written in slide order.

Every track is planned first, then every slide is titled (titles are unique across the deck,
so a title depends on those before it), then the slides are written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from briefing import progress
from briefing.exporters.pptx import session as sessions_
from briefing.exporters.pptx.slides import DividerPlan, add_divider, divider_titles, plan_divider

if TYPE_CHECKING:
    from briefing.exporters.pptx.chrome import Canvas
    from briefing.model import Briefing, Track


@dataclass
class TrackWork:
    """One track planned: its divider and its sessions, then the titles of their slides."""

    track: Track
    divider: DividerPlan
    sessions: list[sessions_.SessionPlan]
    divider_titles: list[str] = field(default_factory=list)
    session_titles: list[list[str]] = field(default_factory=list)


def add_tracks(canvas: Canvas, briefing: Briefing) -> dict[str, str]:
    """Every track's divider and session slides; returns the part name of each track's first
    divider slide (the agenda links to it), by track id."""
    if briefing.meta.deck.density == "summary":
        canvas.sizes = sessions_.deck_sizes(canvas, briefing)
    work = plan(canvas, briefing, list(enumerate(briefing.tracks, start=1)))
    title(canvas, work)
    return write(canvas, work, progress.current().advance)


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
