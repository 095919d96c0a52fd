"""The ``md`` exporter: a Markdown summary to paste into a wiki page or a chat."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from briefing.exporters import words
from briefing.i18n import Messages, messages
from briefing.inline_markdown import to_markdown
from briefing.model import Briefing, Session
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
        text = render(briefing, words(briefing, theme))
        return [write_atomic(with_ext(output, "md"), text.encode("utf-8"))]


def render(briefing: Briefing, said: Messages | None = None) -> str:
    """The whole briefing as Markdown text, its fixed words ``said`` (by default those of
    its language, with its source's labels)."""
    meta = briefing.meta
    if said is None:
        said = messages(meta.lang, meta.labels.overrides())
    lines = [f"# {md(meta.title)}", ""]
    if meta.subtitle:
        lines += [f"*{md(meta.subtitle)}*", ""]
    facts = [md(v) for v in (meta.event, meta.location) if v]
    if meta.date:
        facts.append(said.date(meta.date))
    if facts:
        lines += [" · ".join(facts), ""]
    byline = ", ".join(md(v) for v in (meta.author, meta.role, meta.organisation) if v)
    if byline:
        lines += [said("by", names=byline), ""]
    if meta.audience:
        lines += [said.labelled(said("intended_for"), md(meta.audience)), ""]
    if meta.summary:
        lines += [f"## {said('summary')}", "", paragraph(meta.summary), ""]
    # Every session rendered in one pass in source order, then placed under its track:
    # Briefing.sessions_in would scan all sessions per track, and reading a large catalog
    # front to back is kinder to the processor's caches than track by track.
    blocks: dict[str, list[str]] = {track.id: [] for track in briefing.tracks}
    counted = dict.fromkeys(blocks, 0)
    for session in briefing.sessions:
        blocks[session.track] += _session(session, said)
        counted[session.track] += 1
    counts = ", ".join(said.labelled(t.name, said.number(counted[t.id])) for t in briefing.tracks)
    sessions = said.count("sessions_count", len(briefing.sessions))
    lines += [f"{sessions} {said.count('in_tracks', len(briefing.tracks))} ({counts}).", ""]
    top = briefing.top_takeaways()
    if top:
        lines += [f"### {said('top_takeaways')}", ""]
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


def _session(session: Session, said: Messages) -> list[str]:
    level = f" ({said('level_note', level=session.level)})" if session.level else ""
    heading = said("session_heading", code=_escape_heading(session.code), title=md(session.title))
    lines = [f"### {heading}{level}", ""]
    if session.speakers:
        label = said.count("speakers_label", len(session.speakers))
        lines += [_bold_label(said, label, ", ".join(md(s) for s in session.speakers)), ""]
    if session.notes_by:
        names = ", ".join(md(RichText.plain_text(name)) for name in session.notes_by)
        lines += [_bold_label(said, said("notes_by"), names), ""]
    if session.summary:
        lines += [paragraph(session.summary), ""]
    lines += _bullets(said("key_points"), [md(p) for p in session.key_points])
    figures = [
        f"**{_escape_heading(said.figure(stat.value, stat.unit))}** {md(stat.label)}"
        for stat in session.stats
    ]
    lines += _bullets(said("figures"), figures)
    lines += _bullets(said("takeaways"), [md(t) for t in session.takeaways])
    if session.relevance:
        lines += [_bold_label(said, said("why_it_matters"), md(session.relevance)), ""]
    video = f"<{session.video}>" if session.video else said("no_video")
    lines += [_bold_label(said, said("video"), video), ""]
    links = [f"[{md(link.label)}](<{link.url}>)" for link in session.links]
    lines += _bullets(said("links"), links)
    if session.tags:
        lines += [said.labelled(said("tags"), ", ".join(f"`{t}`" for t in session.tags)), ""]
    return lines


def _bold_label(said: Messages, label: str, text: str) -> str:
    """'**Speakers:** A, B': the label and what introduces the text bold, as a Markdown
    writer sets them ('**Intervenants :** A' in French)."""
    lead = said.lead(_escape_heading(label))
    return f"**{lead.rstrip()}**{lead[len(lead.rstrip()) :]}{text}"


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
