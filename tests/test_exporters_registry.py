"""The exporter registry reads the entry points once per process, however often it is asked."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import metadata
from typing import Any

import pytest

from briefing import exporters
from briefing.errors import ExporterError


@pytest.fixture
def entry_point_reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Each read of the ``briefing.exporters`` group through importlib.metadata.entry_points
    (passed through unchanged), from a registry not yet read. Other groups (pydantic reads
    its plug-ins the same way) are not counted."""
    reads: list[str] = []
    real = metadata.entry_points

    def recorded(**params: Any) -> Any:
        if params.get("group") == exporters.GROUP:
            reads.append(exporters.GROUP)
        return real(**params)

    monkeypatch.setattr(metadata, "entry_points", recorded)
    exporters.discover.cache_clear()
    yield reads
    exporters.discover.cache_clear()


def test_the_entry_points_are_read_once(entry_point_reads: list[str]) -> None:
    registry = exporters.discover()
    assert {"md", "pptx", "docx"} <= set(registry)
    assert entry_point_reads == [exporters.GROUP]
    md = exporters.get("md")
    exporters.get("pptx")
    with pytest.raises(ExporterError, match="unknown format 'mdd'; did you mean 'md'"):
        exporters.get("mdd")
    again = exporters.get("md"), exporters.discover()
    assert entry_point_reads == [exporters.GROUP]
    assert again == (md, registry) and registry["md"].exporter is md


def test_cache_clear_reads_them_again(entry_point_reads: list[str]) -> None:
    first = exporters.discover()
    exporters.discover.cache_clear()
    again = exporters.discover()
    assert len(entry_point_reads) == 2
    assert again is not first and set(again) == set(first)


def test_the_registry_cannot_be_changed_by_a_caller() -> None:
    registry = exporters.discover()
    with pytest.raises(TypeError):
        registry["txt"] = registry["md"]  # type: ignore[index]
    assert "txt" not in exporters.discover()
