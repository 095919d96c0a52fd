"""A build's exports run side by side, one forked process per extra processor.

Every export writes its own files from the same loaded sources, so once the sources are
loaded the build can fork and let each process write a share of the outputs. A forked
process starts with everything already loaded (the sources, the theme, the modules imported
so far) and sends back what its exports returned, the warnings they gave and the error that
stopped one. This process reports them in the order the exports would run one after another:
the warnings, the files listed and the error shown are the same as with ``--jobs 1``, and
so are the files' bytes.

Forking is used where it is safe: on Linux and other systems with ``fork`` except macOS,
and only while the process runs no other thread (the live preview's server builds one
export at a time). Elsewhere the exports run one after another.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from briefing import log, progress
from briefing.errors import BriefingError, BuildError

T = TypeVar("T")


def processors() -> int:
    """The processors this process may use: how many exports run at once by default."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # systems without processor affinity
        return os.cpu_count() or 1


def safe() -> bool:
    """Whether this process may fork: the system has ``fork`` and is not macOS, and no other
    thread is running."""
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


@dataclass
class _Outcome(Generic[T]):
    """What one export gave: its result, or the error that stopped it; its warnings."""

    value: T | None = None
    error: BriefingError | None = None
    warnings: list[str] = field(default_factory=list)


def run(
    tasks: Sequence[Callable[[], T]],
    jobs: int,
    names: Sequence[str],
    elsewhere: Callable[[int], None] = lambda index: None,
) -> list[T]:
    """Run every task and return their results in order, up to ``jobs`` at once: tasks 0,
    jobs, 2*jobs... in this process, the others shared among ``jobs - 1`` forked processes
    (all in this process where forking is not safe).

    ``names`` says what each task makes (``reinvent-2019.pptx``), for the error shown when a
    forked process ends without sending its results; ``elsewhere(i)`` is called here for
    each task ``i`` that ran in a forked process, once its outcome has come back (the build
    counts its progress then). A task's BriefingError is raised here once every task has
    ended, the first in task order, after the warnings of the tasks before it and its own;
    warnings of later tasks are dropped, as they would not have run.
    """
    lanes = max(1, min(jobs, len(tasks)))
    if lanes == 1 or not safe():
        return [task() for task in tasks]
    shares = [list(range(lane, len(tasks), lanes)) for lane in range(lanes)]
    sys.stdout.flush()
    sys.stderr.flush()
    children = [_fork([tasks[i] for i in share]) for share in shares[1:]]
    outcomes: dict[int, _Outcome[T]] = {}
    try:
        for i in shares[0]:
            outcomes[i] = _outcome(tasks[i])
        collected: list[tuple[list[_Outcome[T]] | None, str]] = [
            _collect(child) for child in children
        ]
    except BaseException:
        # Interrupted (Ctrl-C, SIGTERM): the forked processes stop too, each removing the
        # file it was writing, and are waited for, so none is left writing afterwards.
        _stop(children)
        raise
    for share, (received, status) in zip(shares[1:], collected, strict=True):
        if received is None:
            what = ", ".join(names[i] for i in share)
            lost = BuildError(
                f"the process writing {what} ended without a result ({status}); "
                "build again with --jobs 1 to see the error"
            )
            received = [_Outcome(error=lost) for _ in share]
        outcomes.update(zip(share, received, strict=True))
        for i in share:
            elsewhere(i)
    results: list[T] = []
    for i in range(len(tasks)):
        outcome = outcomes[i]
        for message in outcome.warnings:
            log.warn(message)
        if outcome.error is not None:
            raise outcome.error
        results.append(outcome.value)  # type: ignore[arg-type]  # set when no error
    return results


def _outcome(task: Callable[[], T]) -> _Outcome[T]:
    with log.captured() as warnings:
        try:
            return _Outcome(value=task(), warnings=warnings)
        except BriefingError as exc:
            return _Outcome(error=exc, warnings=warnings)


@dataclass
class _Child:
    pid: int
    reader: int
    ended: bool = False


def _fork(tasks: Sequence[Callable[[], T]]) -> _Child:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid:
        os.close(writer)
        return _Child(pid, reader)
    # The forked process: run the tasks, send the outcomes, and end without returning
    # into the caller's code (no cleanup of the parent's files, no atexit handlers).
    os.close(reader)
    signal.signal(signal.SIGINT, _interrupted)
    signal.signal(signal.SIGTERM, _interrupted)
    status = 1
    try:
        with progress.hidden():
            outcomes = [_sendable(_outcome(task)) for task in tasks]
        with os.fdopen(writer, "wb") as pipe:
            pickle.dump(outcomes, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        status = 0
    finally:
        os._exit(status)


def _interrupted(signum: int, frame: object) -> None:
    """In a forked process, Ctrl-C and the build's own stop signal alike: the first one
    interrupts the export (which removes its temporary file); later ones are ignored, so
    they cannot cut that cleanup short."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt


def _sendable(outcome: _Outcome[T]) -> _Outcome[T]:
    """The outcome with an error that survives the pipe: one that cannot be pickled and
    rebuilt as it is is sent as a BuildError with the same message."""
    if outcome.error is not None:
        try:
            pickle.loads(pickle.dumps(outcome.error))
        except Exception:
            outcome.error = BuildError(outcome.error.format_message())
    return outcome


def _collect(child: _Child) -> tuple[list[_Outcome[T]] | None, str]:
    """The outcomes a forked process sent (None if it sent none) and how it ended."""
    with os.fdopen(child.reader, "rb", closefd=False) as pipe:
        data = pipe.read()  # read before waiting, so a large result cannot block the pipe
    _, status = os.waitpid(child.pid, 0)
    child.ended = True
    os.close(child.reader)
    if os.WIFSIGNALED(status):
        how = f"killed by signal {os.WTERMSIG(status)}"
    else:
        how = f"exit status {os.waitstatus_to_exitcode(status)}"
    try:
        received: list[_Outcome[T]] = pickle.loads(data)
    except Exception:
        return None, how
    return received, how


def _stop(children: Sequence[_Child]) -> None:
    """Interrupt the forked processes still running and wait for them to end."""
    running = [child for child in children if not child.ended]
    for child in running:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child.pid, signal.SIGTERM)  # an interrupt there: its cleanup runs
    for child in running:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(child.pid, 0)
        child.ended = True
        os.close(child.reader)
