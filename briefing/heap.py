"""The cycle collector during a build: paused while sources are read, kept off them while
they are exported.

A large catalog loads into millions of small objects. CPython's cycle collector walks every
tracked object on each full pass, and the passes come more often as objects pile up, so
left alone it makes loading and exporting grow faster than the catalog does.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No cycle collection while building large acyclic data (YAML nodes, plain values,
    validated models); reference counting still frees whatever is dropped."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def long_lived() -> Iterator[None]:
    """Leave everything alive now (the loaded sources, which live until the build ends) out
    of the collector's passes until the block ends, so exporting does not walk them again
    and again. Objects made inside the block are collected as usual."""
    already = gc.get_freeze_count()
    gc.freeze()
    try:
        yield
    finally:
        if not already:  # whoever froze objects before us decides when to thaw them
            gc.unfreeze()
