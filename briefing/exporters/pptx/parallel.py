"""A second process for part of the deck: forked, fed and read through pipes.

The child is a fork of the build at the moment it starts, so it needs nothing passed but what
the parent learns afterwards (``send``); it returns one result (``result``) and exits without
running any of the parent's clean-up. If the parent stops early (an error, Ctrl-C), the child
is stopped with it.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any

_HEADER = struct.Struct("<Q")


def can_fork() -> bool:
    """Whether a second process can run at the same time: fork exists, this process runs no
    other thread (a fork copies only the calling one, and whatever locks the others hold),
    and two CPUs are ours."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return False
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # no affinity on this platform
        cpus = os.cpu_count() or 1
    return cpus >= 2


class HelperError(RuntimeError):
    """The second process failed; its message says how."""


class Helper:
    """Runs ``work(receive)`` in a forked process; ``receive()`` there returns what this one
    ``send``s, and ``result()`` here returns what ``work`` returned."""

    def __init__(self, work: Callable[[Callable[[], Any]], Any]) -> None:
        to_child, from_parent = _pipe()
        to_parent, from_child = _pipe()
        pid = os.fork()
        if pid == 0:  # the child: run, report, and leave at once
            status = 1
            try:
                os.close(to_child)
                os.close(from_child)
                try:
                    outcome: tuple[str, Any] = ("done", work(lambda: _read(from_parent)))
                    status = 0
                except BaseException as exc:  # reported to the parent, which raises it
                    outcome = ("failed", f"{type(exc).__name__}: {exc}")
                _write(to_parent, outcome)
            finally:
                os._exit(status)
        os.close(from_parent)
        os.close(to_parent)
        self._pid: int | None = pid
        self._to, self._from = to_child, from_child

    def send(self, value: Any) -> None:
        _write(self._to, value)

    def result(self) -> Any:
        kind, value = _read(self._from)
        self._reap()
        if kind != "done":
            raise HelperError(f"the second process making the deck failed: {value}")
        return value

    def __enter__(self) -> Helper:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._pid is not None:  # left early: the child's work is not wanted
            os.kill(self._pid, signal.SIGKILL)
            self._reap()
        for fd in (self._to, self._from):
            os.close(fd)

    def _reap(self) -> None:
        if self._pid is not None:
            os.waitpid(self._pid, 0)
            self._pid = None


def _pipe() -> tuple[int, int]:
    read, write = os.pipe()
    return write, read


def _write(fd: int, value: Any) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _read(fd: int) -> Any:
    (size,) = _HEADER.unpack(_read_exactly(fd, _HEADER.size))
    return pickle.loads(_read_exactly(fd, size))


def _read_exactly(fd: int, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise HelperError("the second process making the deck stopped without a result")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
