"""The cycle collector during a build: paused while loading, kept off the loaded sources while
exporting, and as it was afterwards."""

from __future__ import annotations

import gc

import pytest

from briefing import heap


def test_paused_restores_the_collector_even_on_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), heap.paused():
        assert not gc.isenabled()
        with heap.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block does not restart it early
        raise RuntimeError
    assert gc.isenabled()


def test_long_lived_freezes_what_exists_and_thaws_it_after() -> None:
    assert gc.get_freeze_count() == 0
    kept = [{"session": n} for n in range(1000)]
    with heap.long_lived():
        frozen = gc.get_freeze_count()
        assert frozen >= len(kept)
        made_inside = [[n] for n in range(10)]
        assert gc.get_freeze_count() == frozen  # new objects are collected as usual
        assert all(gc.is_tracked(item) for item in made_inside)
    assert gc.get_freeze_count() == 0


def test_long_lived_leaves_an_earlier_freeze_alone() -> None:
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        with heap.long_lived():
            pass
        assert gc.get_freeze_count() >= before
    finally:
        gc.unfreeze()
