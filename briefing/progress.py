"""Build progress: a bar on stderr for builds that take more than about a second.

The pipeline tells the current tracker how much work a build holds (sessions times formats)
and runs each exporter as one step. An exporter that can report finer progress calls, once
per session::

    from briefing import progress
    progress.current().advance()

An exporter that never does still works: its step is completed when it returns. Outside a
build, or when nobody asked for a bar, ``current()`` is a tracker that shows nothing.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

# How long a build runs before its bar appears: shorter builds stay silent.
DELAY = 1.0
# Redraws per bar at most, so a large build does not spend its time drawing.
_REDRAWS = 200


class Tracker:
    """Counts the work done in a build; shows nothing."""

    def __init__(self) -> None:
        self.total = 0
        self.done = 0
        self.label = ""
        self._step_end = 0

    def begin(self, total: int) -> None:
        """A build of ``total`` units of work starts."""
        self.total, self.done, self._step_end = total, 0, 0

    @contextmanager
    def step(self, size: int, label: str = "") -> Iterator[None]:
        """One exporter's run over ``size`` units: whatever it does not report itself is
        counted when it returns."""
        self.label = label
        self._step_end = min(self.done + size, self.total)
        yield
        self._move_to(self._step_end)

    def advance(self, units: int = 1) -> None:
        """``units`` more done (a session written); never past the current step."""
        self._move_to(min(self.done + units, self._step_end))

    def close(self) -> None:
        """The build is over."""

    def _move_to(self, position: int) -> None:
        if position > self.done:
            self.done = position
            self._show()

    def _show(self) -> None:
        pass


class TerminalBar(Tracker):
    """A click progress bar on ``stream`` (a terminal), from ``delay`` seconds into the build."""

    def __init__(
        self, stream: TextIO, *, delay: float = DELAY, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__()
        self._stream = stream
        self._delay = delay
        self._clock = clock
        self._started = clock()
        self._bar: ProgressBar[Any] | None = None
        self._shown = 0

    def _show(self) -> None:
        if self._bar is None:
            if self._clock() - self._started < self._delay:
                return
            import click

            self._bar = click.progressbar(
                length=self.total,
                label=self.label,
                file=self._stream,
                update_min_steps=max(1, self.total // _REDRAWS),
            )
            self._bar.__enter__()
        self._bar.label = self.label
        self._bar.update(self.done - self._shown)
        self._shown = self.done

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


class _Nowhere(Tracker):
    """Where progress goes when nothing tracks it: it keeps no count."""

    def begin(self, total: int) -> None:
        pass

    def _move_to(self, position: int) -> None:
        pass


_NOWHERE = _Nowhere()
_current: ContextVar[Tracker | None] = ContextVar("briefing_progress", default=None)


def current() -> Tracker:
    """The tracker of the build running now (one that keeps nothing when there is none)."""
    return _current.get() or _NOWHERE


@contextmanager
def hidden() -> Iterator[None]:
    """Within the block, builds show no progress (a forked process writing some of the
    outputs leaves the bar to the process that drew it)."""
    token = _current.set(None)
    try:
        yield
    finally:
        _current.reset(token)


@contextmanager
def on_terminal(
    stream: TextIO | None = None, *, enabled: bool = True, delay: float = DELAY
) -> Iterator[Tracker]:
    """Within the block, builds show a bar on ``stream`` (default: stderr) when it is a
    terminal and ``enabled`` (False for --quiet); otherwise they show nothing."""
    target = stream if stream is not None else sys.stderr
    tracker = TerminalBar(target, delay=delay) if enabled and target.isatty() else Tracker()
    token = _current.set(tracker)
    try:
        yield tracker
    finally:
        tracker.close()
        _current.reset(token)
