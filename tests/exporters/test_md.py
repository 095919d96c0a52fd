"""The md exporter: a Markdown summary with every selected session and its facts."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt

from briefing.exporters.markdown import MarkdownExporter, render
from briefing.source import load_briefing
from briefing.themes import load_theme


def test_renders_every_session_with_its_facts(sample: Path) -> None:
    briefing = load_briefing(sample)
    text = render(briefing)
    assert text.startswith("# AWS re:Invent 2019\n")
    for session in briefing.sessions:
        assert f"### {session.code}: " in text
    assert "**25.3 million**" in text
    assert "**Video:** not yet available" in text  # ARC210
    assert "12 sessions in 3 tracks" in text


def test_output_is_valid_markdown_with_real_links(sample: Path) -> None:
    html = MarkdownIt("commonmark").render(render(load_briefing(sample)))
    assert html.count("<h3>") == 12 + 1  # the sessions and the top takeaways
    assert (
        '<a href="https://www.youtube.com/results?search_query=AWS+re%3AInvent+2019+CMY302">'
        in html
    )
    assert "javascript:" not in html


def test_export_writes_one_file(sample: Path, tmp_path: Path, workdir: Path) -> None:
    written = MarkdownExporter().export(
        load_briefing(sample), load_theme("default"), tmp_path / "x.y"
    )
    assert written == [tmp_path / "x.y.md"]
    assert written[0].read_text(encoding="utf-8").startswith("# AWS re:Invent 2019")


def test_line_breaks_stay_in_paragraphs_and_become_spaces_on_one_line(tmp_path: Path) -> None:
    source = tmp_path / "breaks.yaml"
    source.write_text(
        'briefing:\n  title: Breaks\n  summary: "First line\\\\\\nsecond line"\n'
        "tracks:\n  - {id: a, name: A}\n"
        "sessions:\n  - code: A101\n    title: One\n    track: a\n"
        '    key_points: ["Point\\\\\\nwith a break"]\n',
        encoding="utf-8",
    )
    text = render(load_briefing(source))
    assert "First line\\\nsecond line" in text  # a Markdown hard break, in its paragraph
    assert "- Point with a break" in text  # a list item stays on one line
    assert "\\ " not in text  # no stray backslash
    html = MarkdownIt("commonmark").render(text)
    assert "First line<br />\nsecond line" in html
