"""The ``md`` exporter: a Markdown summary to paste into a wiki page or a chat."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from briefing.inline_markdown import to_markdown
from briefing.model import Briefing, Session, plural
from briefing.output import with_ext, write_atomic
from briefing.richtext import RichText
from briefing.themes import Theme


class MarkdownExporter:
    """Writes ``<name>.md``: the summary, then each track's sessions with their key facts."""

    name: ClassVar[str] = "md"
    extensions: ClassVar[tuple[str, ...]] = ("md",)
    description: ClassVar[str] = "Markdown summary for a wiki or chat"

    def unavailable(self) -> str | None:
        return None

    def export(self, briefing: Briefing, theme: Theme, output: Path) -> list[Path]:
        return [write_atomic(with_ext(output, "md"), render(briefing).encode("utf-8"))]


def render(briefing: Briefing) -> str:
    """The whole briefing as Markdown text."""
    meta = briefing.meta
    lines = [f"# {md(meta.title)}", ""]
    if meta.subtitle:
        lines += [f"*{md(meta.subtitle)}*", ""]
    facts = [md(v) for v in (meta.event, meta.location) if v]
    if meta.date:
        facts.append(meta.date.isoformat())
    if facts:
        lines += [" · ".join(facts), ""]
    byline = ", ".join(md(v) for v in (meta.author, meta.role, meta.organisation) if v)
    if byline:
        lines += [f"By {byline}", ""]
    if meta.audience:
        lines += [f"For: {md(meta.audience)}", ""]
    if meta.summary:
        lines += ["## Summary", "", paragraph(meta.summary), ""]
    # Every session rendered in one pass in source order, then placed under its track:
    # Briefing.sessions_in would scan all sessions per track, and reading a large catalog
    # front to back is kinder to the processor's caches than track by track.
    blocks: dict[str, list[str]] = {track.id: [] for track in briefing.tracks}
    counted = dict.fromkeys(blocks, 0)
    for session in briefing.sessions:
        blocks[session.track] += _session(session)
        counted[session.track] += 1
    counts = ", ".join(f"{t.name}: {counted[t.id]}" for t in briefing.tracks)
    lines += [
        f"{plural(len(briefing.sessions), 'session')} in "
        f"{plural(len(briefing.tracks), 'track')} ({counts}).",
        "",
    ]
    top = briefing.top_takeaways()
    if top:
        lines += ["### Top takeaways", ""]
        lines += [f"- {md(text)} ({session.code})" for session, text in top]
        lines.append("")
    for track in briefing.tracks:
        lines += [f"## {_escape_heading(track.name)}", ""]
        if track.summary:
            lines += [paragraph(track.summary), ""]
        lines += blocks.pop(track.id)
    # The text ends with one line break: trailing blank lines go before joining, which
    # saves copying a large catalog's text twice more.
    while len(lines) > 1 and not lines[-1].strip():
        lines.pop()
    lines[-1] = lines[-1].rstrip()
    lines.append("")
    return "\n".join(lines)


def _session(session: Session) -> list[str]:
    level = f" (level {session.level})" if session.level else ""
    lines = [f"### {_escape_heading(session.code)}: {md(session.title)}{level}", ""]
    if session.speakers:
        lines += [f"**Speakers:** {', '.join(md(s) for s in session.speakers)}", ""]
    if session.summary:
        lines += [paragraph(session.summary), ""]
    lines += _bullets("Key points", [md(p) for p in session.key_points])
    lines += _bullets(
        "Figures",
        [f"**{_escape_heading(stat.display)}** {md(stat.label)}" for stat in session.stats],
    )
    lines += _bullets("Takeaways", [md(t) for t in session.takeaways])
    if session.relevance:
        lines += [f"**Why it matters:** {md(session.relevance)}", ""]
    if session.video:
        lines += [f"**Video:** <{session.video}>", ""]
    else:
        lines += ["**Video:** not yet available", ""]
    lines += _bullets("Links", [f"[{md(link.label)}](<{link.url}>)" for link in session.links])
    if session.tags:
        lines += [f"Tags: {', '.join(f'`{t}`' for t in session.tags)}", ""]
    return lines


def _bullets(heading: str, items: list[str]) -> list[str]:
    if not items:
        return []
    return [f"**{heading}**", "", *(f"- {item}" for item in items), ""]


def md(text: RichText) -> str:
    """Inline Markdown for rich text, on one line: a line break becomes a space."""
    written = to_markdown(text)
    return written.replace("\\\n", " ").replace("\n", " ") if "\n" in written else written


def paragraph(text: RichText) -> str:
    """Inline Markdown for a paragraph of its own, which keeps its line breaks."""
    return to_markdown(text)


def _escape_heading(text: str) -> str:
    return to_markdown(RichText.plain_text(text))
