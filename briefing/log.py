"""Warnings for users (e.g. a removed control character, a low-contrast colour), on stderr."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import click

logger = logging.getLogger("briefing")


def warn(message: str) -> None:
    """Tell the user about something that did not stop the build."""
    logger.warning(message)


class _ClickHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"Warning: {record.getMessage()}", err=True)


def install(quiet: bool = False) -> None:
    """Show warnings on stderr (once per process); --quiet hides them."""
    if not any(isinstance(h, _ClickHandler) for h in logger.handlers):
        logger.addHandler(_ClickHandler())
        logger.propagate = False
    logger.setLevel(logging.ERROR if quiet else logging.WARNING)


@contextmanager
def captured() -> Iterator[list[str]]:
    """The warnings of a block, collected instead of shown (the live preview shows them on
    its page)."""
    seen: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    saved = logger.handlers, logger.level, logger.propagate
    logger.handlers, logger.propagate = [_Collect()], False
    logger.setLevel(logging.WARNING)
    try:
        yield seen
    finally:
        logger.handlers, _, logger.propagate = saved
        logger.setLevel(saved[1])
