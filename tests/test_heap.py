"""The cycle collector during a build: paused while loading, kept off the loaded sources while
exporting, and as it was afterwards."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from briefing import exporters, heap
from briefing.cli import cli
from briefing.model import Briefing
from briefing.output import with_ext
from briefing.themes import Theme


class HeapProbe:
    """An exporter that writes down what the cycle collector is doing while it exports."""

    name: ClassVar[str] = "probe"
    extensions: ClassVar[tuple[str, ...]] = ("probe",)
    description: ClassVar[str] = "The collector's state during export"

    def unavailable(self) -> str | None:
        return None

    def export(self, briefing: Briefing, theme: Theme, output: Path) -> list[Path]:
        made_here = [briefing.meta.title]
        collected = gc.get_objects()  # frozen objects are in none of the collector's generations
        seen = {
            "collecting": gc.isenabled(),
            "frozen": gc.get_freeze_count(),
            "briefing frozen": not any(o is briefing for o in collected),
            "sessions frozen": sum(not any(o is s for o in collected) for s in briefing.sessions),
            "made here frozen": not any(o is made_here for o in collected),
        }
        target = with_ext(output, "probe")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(seen), encoding="utf-8")
        return [target]


@pytest.fixture
def probe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """HeapProbe installed as ``-f probe`` through the entry-point group plug-ins use."""
    dist = tmp_path / "site" / "heap_probe-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: heap-probe\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text(
        f"[{exporters.GROUP}]\nprobe = {__name__}:{HeapProbe.__name__}\n"
    )
    monkeypatch.syspath_prepend(str(dist.parent))
    exporters.discover.cache_clear()
    yield
    exporters.discover.cache_clear()


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


def test_a_build_exports_with_the_loaded_sources_frozen_and_the_collector_on(
    probe: None, workdir: Path
) -> None:
    assert gc.get_freeze_count() == 0
    result = CliRunner().invoke(cli, ["build", "sources/reinvent-2019.yaml", "-f", "probe"])
    assert result.exit_code == 0, result.output
    seen = json.loads((workdir / "output" / "reinvent-2019.probe").read_text(encoding="utf-8"))
    assert seen.pop("frozen") > 0
    assert seen == {
        "collecting": True,  # what the exporter makes and drops is still collected
        "briefing frozen": True,
        "sessions frozen": 12,
        "made here frozen": False,
    }
    assert gc.get_freeze_count() == 0  # thawed when the build ends
