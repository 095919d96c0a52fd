"""Build progress: a bar on a terminal for builds past about a second, silence otherwise, and
exporters that report per session or not at all."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing import parallel, progress
from briefing.build import build
from briefing.cli import cli
from briefing.selection import Selection

SAMPLE = Path("sources/reinvent-2019.yaml")


class Terminal(io.StringIO):
    """A stream that says it is a terminal, as stderr is in an interactive shell."""

    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_bar_appears_only_after_the_delay_and_counts_what_came_before() -> None:
    stream, clock = Terminal(), Clock()
    bar = progress.TerminalBar(stream, delay=1.0, clock=clock)
    bar.begin(10)
    with bar.step(10, "brief.docx"):
        bar.advance(3)
        assert stream.getvalue() == ""  # a quick build stays silent
        clock.now += 1.5
        bar.advance()
        assert "brief.docx" in stream.getvalue()
        assert " 40%" in stream.getvalue()
    bar.close()
    assert "100%" in stream.getvalue()
    assert stream.getvalue().endswith("\n")


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_on_a_terminal_shows_every_format_to_the_end(workdir: Path, jobs: int) -> None:
    stream = Terminal()
    # With two jobs the report is written by a forked process, and counted when it is done.
    assert jobs == 1 or parallel.safe() or sys.platform == "darwin"
    with progress.on_terminal(stream, delay=0) as tracker:
        written = build([SAMPLE], ["md", "docx"], None, Selection(), Path("output"), jobs=jobs)
    assert [p.suffix for p in written] == [".md", ".docx"]
    assert (tracker.total, tracker.done) == (24, 24)  # 12 sessions in two formats
    shown = stream.getvalue()
    assert "reinvent-2019.md" in shown and "reinvent-2019.docx" in shown
    assert "100%" in shown


def test_exporters_may_report_each_session_or_nothing(workdir: Path) -> None:
    seen: list[tuple[str, int]] = []

    class Recorder(progress.Tracker):
        def _show(self) -> None:
            seen.append((self.label, self.done))

    token = progress._current.set(Recorder())
    try:  # one job: a forked process would count its sessions where nobody sees them
        build([SAMPLE], ["md", "docx"], None, Selection(), Path("output"), jobs=1)
    finally:
        progress._current.reset(token)
    # md reports nothing: its step completes when it returns; docx counts each session.
    assert seen[0] == ("reinvent-2019.md", 12)
    assert seen[1:] == [("reinvent-2019.docx", 12 + n) for n in range(1, 13)]


def test_no_bar_when_stderr_is_not_a_terminal_or_quiet(workdir: Path) -> None:
    for stream, enabled in ((io.StringIO(), True), (Terminal(), False)):
        with progress.on_terminal(stream, enabled=enabled, delay=0) as tracker:
            build([SAMPLE], ["md"], None, Selection(), Path("output"))
        assert stream.getvalue() == ""
        assert not isinstance(tracker, progress.TerminalBar)
    result = CliRunner().invoke(cli, ["build", str(SAMPLE), "-f", "md"])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == "output/reinvent-2019.md\n"


def test_outside_a_build_progress_goes_nowhere() -> None:
    tracker = progress.current()
    tracker.begin(5)
    tracker.advance()
    assert (tracker.total, tracker.done) == (0, 0)
