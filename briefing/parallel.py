"""A build's exports run side by side, one forked process per extra processor.

Every export writes its own files from the same loaded sources, so once the sources are
loaded the build can fork and let each process write a share of the outputs. A forked
process starts with everything already loaded (the sources, the theme, the modules imported
so far) and sends back what its exports returned, the warnings they gave and the error that
stopped it. This process reports them in the order the exports would run one after another:
the warnings, the files listed and the error shown are the same as with ``--jobs 1``, and
so are the files' bytes. One difference remains when an export fails: with ``--jobs 1`` the
exports after it do not run, while side by side those another process was already writing
are finished.

Forking is used where it is safe: on Linux and other systems with ``fork`` except macOS,
and only while no other Python thread runs (threads started by C libraries are not seen).
Elsewhere the exports run one after another. SIGINT and SIGTERM are held back while a
process is forked and while forked processes are stopped, so neither can leave a forked
process running the caller's code or running on unwaited.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Generic, NoReturn, TypeVar

from briefing import log, progress
from briefing.errors import BriefingError, BuildError

T = TypeVar("T")

_STOPS = {signal.SIGINT, signal.SIGTERM}
# How long stopped forked processes get to remove their temporary files before being killed.
_GRACE_SECONDS = 10.0


def processors() -> int:
    """The processors this process may use: how many exports run at once by default."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # systems without processor affinity
        return os.cpu_count() or 1


def safe() -> bool:
    """Whether this process may fork: the system has ``fork`` and is not macOS, and no other
    Python thread is running."""
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


@dataclass
class _Outcome(Generic[T]):
    """What one export gave: its result, or the error that stopped it; its warnings."""

    value: T | None = None
    error: BriefingError | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Child:
    """A forked process, the tasks it runs, and the pipe its outcomes come through."""

    pid: int
    reader: int
    share: list[int]
    ended: bool = False


def run(
    tasks: Sequence[Callable[[], T]],
    jobs: int,
    names: Sequence[str],
    elsewhere: Callable[[int], None] = lambda index: None,
) -> list[T]:
    """Run every task and return their results in order, up to ``jobs`` at once: tasks 0,
    jobs, 2*jobs... in this process, the others shared among ``jobs - 1`` forked processes
    (all in this process where forking is not safe, or when a fork fails).

    ``names`` says what each task makes (``reinvent-2019.pptx``), for the error shown when a
    forked process ends without sending its results; ``elsewhere(i)`` is called here for
    each task ``i`` that ran in a forked process and succeeded, in task order (the build
    counts its progress then). Each process stops at its first failing task. A task's
    BriefingError is raised here once every process has ended, the first in task order,
    after the warnings of the tasks before it and its own.
    """
    lanes = max(1, min(jobs, len(tasks)))
    if lanes == 1 or not safe():
        return [task() for task in tasks]
    shares = [list(range(lane, len(tasks), lanes)) for lane in range(lanes)]
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()  # or the forked processes would write it again
    children: list[_Child] = []
    own = shares[0]
    outcomes: dict[int, _Outcome[T]] = {}
    try:
        for share in shares[1:]:
            if not _fork(tasks, share, children):
                own = sorted(own + share)  # no process to be had: this one runs the share
        outcomes.update(_lane(tasks, own))
        for child in children:
            outcomes.update(_collect(child, names))
    except BaseException:
        # Interrupted (Ctrl-C, SIGTERM): the forked processes stop too, each removing the
        # file it was writing, and are waited for, so none is left writing afterwards.
        _stop(children)
        raise
    remote = {i for child in children for i in child.share}
    results: list[T] = []
    for i in range(len(tasks)):
        outcome = outcomes[i]  # every task before the first error has run
        for message in outcome.warnings:
            log.warn(message)
        if outcome.error is not None:
            raise outcome.error
        if i in remote:
            elsewhere(i)
        results.append(outcome.value)  # type: ignore[arg-type]  # set when no error
    return results


def _lane(tasks: Sequence[Callable[[], T]], indices: Sequence[int]) -> dict[int, _Outcome[T]]:
    """Run the tasks at ``indices`` in order, up to the first that fails, warnings kept."""
    outcomes: dict[int, _Outcome[T]] = {}
    for i in indices:
        with log.captured() as warnings:
            try:
                outcomes[i] = _Outcome(value=tasks[i](), warnings=warnings)
            except BriefingError as exc:
                outcomes[i] = _Outcome(error=exc, warnings=warnings)
                break
    return outcomes


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM held back in the block, and delivered when it ends."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _fork(tasks: Sequence[Callable[[], T]], share: list[int], children: list[_Child]) -> bool:
    """Fork a process running the tasks at ``share`` and add it to ``children`` (before any
    signal can interrupt this process); False, with nothing forked, when the system refuses
    another process."""
    reader, writer = os.pipe()
    with _signals_held():
        try:
            pid = os.fork()
        except OSError:
            os.close(reader)
            os.close(writer)
            return False
        if pid == 0:
            _forked(tasks, share, reader, writer)
        os.close(writer)
        children.append(_Child(pid, reader, share))
    return True


def _forked(
    tasks: Sequence[Callable[[], T]], share: list[int], reader: int, writer: int
) -> NoReturn:
    """The forked process: run the tasks, send the outcomes, and end without ever returning
    into the caller's code (no cleanup of the parent's files, no atexit handlers)."""
    status = 1
    try:
        try:
            os.close(reader)
            signal.signal(signal.SIGINT, _interrupted)
            signal.signal(signal.SIGTERM, _interrupted)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPS)
            with progress.hidden():
                outcomes = _lane(tasks, share)
            data = pickle.dumps(
                {i: _sendable(outcome) for i, outcome in outcomes.items()},
                protocol=pickle.HIGHEST_PROTOCOL,
            )
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(data)
            status = 0
        finally:
            # From here on no signal interrupts anything: the first one already did.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:
                    with contextlib.suppress(Exception):
                        stream.flush()
    except BaseException:
        pass  # the parent reports a process that sent nothing
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


def _collect(child: _Child, names: Sequence[str]) -> dict[int, _Outcome[T]]:
    """The outcomes a forked process sent, once it has ended; for one that sent none, an
    error for its first task saying how it ended."""
    with os.fdopen(child.reader, "rb", closefd=False) as pipe:
        data = pipe.read()  # read before waiting, so a large result cannot block the pipe
    with _signals_held():  # the pipe is closed: the process is ending
        _, status = os.waitpid(child.pid, 0)
        child.ended = True
        os.close(child.reader)
    try:
        received: dict[int, _Outcome[T]] = pickle.loads(data)
    except Exception:
        if os.WIFSIGNALED(status):
            how = f"killed by signal {os.WTERMSIG(status)}"
        else:
            how = f"exit status {os.waitstatus_to_exitcode(status)}"
        what = ", ".join(names[i] for i in child.share)
        lost = BuildError(
            f"the process writing {what} ended without a result ({how}); "
            "build again with --jobs 1 to see the error"
        )
        return {child.share[0]: _Outcome(error=lost)}
    return received


def _stop(children: Sequence[_Child]) -> None:
    """Interrupt the forked processes still running and wait for them to end: a process
    still running after the grace period is killed."""
    with _signals_held():  # a second Ctrl-C cannot cut this short
        running = [child for child in children if not child.ended]
        for child in running:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child.pid, signal.SIGTERM)  # an interrupt there: its cleanup runs
        deadline = time.monotonic() + _GRACE_SECONDS
        for child in running:
            while os.waitpid(child.pid, os.WNOHANG) == (0, 0):
                if time.monotonic() > deadline:
                    os.kill(child.pid, signal.SIGKILL)
                    os.waitpid(child.pid, 0)
                    break
                time.sleep(0.02)
            child.ended = True
            os.close(child.reader)
