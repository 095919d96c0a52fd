"""A deck made in two processes is the deck made in one, byte for byte; the second process
reports its failures and is stopped when the build stops; progress counts every session."""

from __future__ import annotations

import importlib.util
import os
import signal
from pathlib import Path
from typing import Any

import pytest
import yaml

from briefing import progress
from briefing.exporters.pptx import parallel, tracks
from briefing.exporters.pptx.deck import build_deck
from briefing.source import load_briefing
from briefing.themes import load_theme
from tests.conftest import ROOT, SAMPLE
from tests.exporters.pptx_helpers import EPOCH


def catalog(folder: Path, sessions: int, full: bool) -> Path:
    """A source in the benchmark's shape: 8 tracks, every field, videos and charts if full."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    generate: Any = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    path = folder / f"catalog-{sessions}-{full}.yaml"
    path.write_text(yaml.safe_dump(generate.source(sessions, full)), encoding="utf-8")
    return path


def deck(source: Path, theme: str, monkeypatch: pytest.MonkeyPatch, *, fork: bool) -> bytes:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setattr(tracks, "MIN_SESSIONS", 0 if fork else 10**9)
    return build_deck(load_briefing(source), load_theme(theme))


@pytest.mark.skipif(not parallel.can_fork(), reason="needs fork and two CPUs")
@pytest.mark.parametrize(
    ("name", "theme"),
    [("sample", "default"), ("sample", "ccoe"), ("text", "default"), ("full", "ccoe")],
)
def test_two_processes_make_the_same_deck_as_one(
    name: str, theme: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = SAMPLE if name == "sample" else catalog(tmp_path, 48, name == "full")
    made: list[str] = []
    real = parallel.Helper.__init__

    def counted(self: parallel.Helper, work: Any) -> None:
        made.append("helper")
        real(self, work)

    monkeypatch.setattr(parallel.Helper, "__init__", counted)
    one = deck(source, theme, monkeypatch, fork=False)
    assert made == []
    two = deck(source, theme, monkeypatch, fork=True)
    assert made == ["helper"]
    assert two == one


def test_without_fork_one_process_makes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = deck(SAMPLE, "default", monkeypatch, fork=False)
    monkeypatch.setattr(tracks, "can_fork", lambda: False)
    monkeypatch.setattr(tracks, "Helper", None)  # fails if called
    assert deck(SAMPLE, "default", monkeypatch, fork=True) == expected


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_the_second_process_reports_its_failure() -> None:
    def fail(receive: Any) -> None:
        raise ValueError(f"no slide for {receive()}")

    with parallel.Helper(fail) as helper:
        helper.send("track 5")
        with pytest.raises(parallel.HelperError, match="ValueError: no slide for track 5"):
            helper.result()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_the_second_process_stops_when_the_build_does() -> None:
    def wait_forever(receive: Any) -> None:
        receive()  # nothing is ever sent

    pids = []
    with pytest.raises(KeyboardInterrupt), parallel.Helper(wait_forever) as helper:
        assert helper._pid is not None
        pids.append(helper._pid)
        raise KeyboardInterrupt
    with pytest.raises(ProcessLookupError):  # killed and reaped, not left running
        os.kill(pids[0], signal.SIG_DFL)


@pytest.mark.skipif(not parallel.can_fork(), reason="needs fork and two CPUs")
def test_progress_counts_every_session_in_both_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = catalog(tmp_path, 40, False)
    for fork in (False, True):
        tracker = progress.Tracker()
        tracker.begin(40)
        token = progress._current.set(tracker)
        try:
            with tracker.step(40, "catalog.pptx"):
                advanced = []
                real = tracker.advance

                def advance(units: int = 1, real: Any = real, seen: list[int] = advanced) -> None:
                    seen.append(units)
                    real(units)

                monkeypatch.setattr(tracker, "advance", advance)
                deck(source, "default", monkeypatch, fork=fork)
        finally:
            progress._current.reset(token)
        assert sum(advanced) == 40 and tracker.done == 40
        assert len(advanced) > 1  # step by step, not all at the end


def test_no_second_process_while_other_threads_run() -> None:
    import threading

    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert not parallel.can_fork()
    finally:
        stop.set()
        worker.join()
