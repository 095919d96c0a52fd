"""Exports side by side: forked processes give the same results, warnings, errors and files
as one process running them in turn, and stop cleanly when the build is interrupted."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing import log, parallel
from briefing.errors import BuildError, Location, Problem, SelectionError, SourceError

SAMPLE = "sources/reinvent-2019.yaml"

forks = pytest.mark.skipif(
    not hasattr(os, "fork") or sys.platform == "darwin", reason="exports are not forked here"
)


@pytest.fixture
def forking() -> None:
    """Tests of forked processes: this one must be allowed to fork (no stray thread)."""
    assert parallel.safe(), "a thread left running by an earlier test stops forking"


def _warning_task(i: int, fail: Exception | None = None) -> Callable[[], tuple[int, int]]:
    def task() -> tuple[int, int]:
        log.warn(f"task {i}")
        if fail is not None:
            raise fail
        return i, os.getpid()

    return task


@forks
def test_tasks_run_in_other_processes_and_come_back_in_order(forking: None) -> None:
    tasks = [_warning_task(i) for i in range(5)]
    with log.captured() as seen:
        results = parallel.run(tasks, 2, [f"out{i}" for i in range(5)])
    assert [i for i, _ in results] == [0, 1, 2, 3, 4]
    pids = [pid for _, pid in results]
    assert pids[0] == pids[2] == pids[4] == os.getpid()  # this process takes every other task
    assert pids[1] == pids[3] != os.getpid()  # one forked process takes the rest
    assert seen == [f"task {i}" for i in range(5)]  # warnings in task order, as in turn


@forks
def test_the_first_error_in_task_order_is_raised_after_the_warnings_before_it(
    forking: None,
) -> None:
    tasks = [
        _warning_task(0),
        _warning_task(1, SelectionError("no session is in track 'X'")),  # forked
        _warning_task(2, BuildError("cannot write out2")),  # here
        _warning_task(3),
    ]
    with log.captured() as seen, pytest.raises(SelectionError) as raised:
        parallel.run(tasks, 2, ["out0", "out1", "out2", "out3"])
    assert raised.value.format_message() == "no session is in track 'X'"
    assert seen == ["task 0", "task 1"]  # what running them in turn would have shown


@forks
def test_an_error_with_located_problems_crosses_whole(forking: None) -> None:
    problem = Problem(Location("brief.yaml", 3, 5), "unknown key 'titel'")
    tasks = [_warning_task(0), _warning_task(1, SourceError([problem]))]
    with log.captured(), pytest.raises(SourceError) as raised:
        parallel.run(tasks, 2, ["out0", "out1"])
    assert raised.value.problems == [problem]


@forks
def test_a_forked_process_that_dies_is_reported_by_what_it_was_writing(forking: None) -> None:
    def dies() -> tuple[int, int]:
        os._exit(3)

    with log.captured(), pytest.raises(BuildError) as raised:
        parallel.run([_warning_task(0), dies], 2, ["brief.pptx", "brief.docx"])
    message = raised.value.format_message()
    assert "brief.docx" in message and "exit status 3" in message and "--jobs 1" in message


@forks
def test_each_process_stops_at_its_first_failing_task(forking: None, tmp_path: Path) -> None:
    def task(i: int) -> Callable[[], int]:
        def run() -> int:
            if i == 1:
                raise BuildError("cannot write out1")
            (tmp_path / f"out{i}").touch()
            return i

        return run

    with pytest.raises(BuildError, match="out1"):
        parallel.run([task(i) for i in range(4)], 2, [f"out{i}" for i in range(4)])
    # 0 and 2 ran here; the forked process ran 1, which failed, and so never started 3.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out0", "out2"]


@forks
def test_when_no_process_can_be_forked_this_one_runs_every_task(
    forking: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    before = os.listdir("/proc/self/fd") if os.path.isdir("/proc/self/fd") else []
    results = parallel.run([_warning_task(i) for i in range(3)], 3, ["a", "b", "c"])
    assert results == [(0, os.getpid()), (1, os.getpid()), (2, os.getpid())]
    if before:
        assert os.listdir("/proc/self/fd") == before  # the pipes were closed


def test_one_job_or_other_threads_keep_everything_in_this_process() -> None:
    results = parallel.run([_warning_task(0), _warning_task(1)], 1, ["a", "b"])
    assert [pid for _, pid in results] == [os.getpid(), os.getpid()]
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:  # forking beside another thread is not safe
        assert not parallel.safe()
        results = parallel.run([_warning_task(0), _warning_task(1)], 2, ["a", "b"])
        assert [pid for _, pid in results] == [os.getpid(), os.getpid()]
    finally:
        release.set()
        other.join()


def _build(folder: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", "build", SAMPLE, "-f", "pptx", "-f", "docx",
         "-f", "md", "-o", str(folder), *options],
        capture_output=True, text=True, check=False,
        env={**os.environ, "BRIEFING_PAGE_NUMBERS": "off"},
    )  # fmt: skip


def test_a_build_side_by_side_matches_one_in_turn(workdir: Path) -> None:
    together = _build(workdir / "together", "--jobs", "3")
    in_turn = _build(workdir / "in-turn", "--jobs", "1")
    assert together.returncode == in_turn.returncode == 0, together.stderr
    assert together.stdout.replace("together", "in-turn") == in_turn.stdout
    assert "Warning: CMY302" in in_turn.stderr  # the deck's warnings, then any others
    assert together.stderr == in_turn.stderr
    for name in ("reinvent-2019.pptx", "reinvent-2019.docx", "reinvent-2019.md"):
        assert (workdir / "together" / name).read_bytes() == (
            workdir / "in-turn" / name
        ).read_bytes()
