"""No import cycle in the package, and its layers (import-linter contracts in pyproject) hold."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]


def cycles(graph: grimp.ImportGraph) -> list[tuple[str, ...]]:
    """The import cycles of ``graph``: for each import of b by a from which a can be reached
    again, the shortest such cycle (a, b, ..., a); each found once, sorted."""
    found = set()
    for importer in graph.modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back is not None:
                cycle = (importer, *back)
                start = cycle.index(min(cycle[:-1]))  # the same cycle, from wherever found
                found.add((*cycle[start:-1], *cycle[:start], cycle[start]))
    return sorted(found)


def test_no_module_of_briefing_is_in_an_import_cycle() -> None:
    """Type-checking imports and imports inside functions count too."""
    graph = grimp.build_graph("briefing", cache_dir=None)
    assert "briefing.exporters.pptx.deck" in graph.modules and len(graph.modules) > 80
    assert cycles(graph) == []


def test_the_cycle_finder_finds_cycles() -> None:
    graph = grimp.ImportGraph()
    for importer, imported in [("a", "b"), ("b", "c"), ("c", "a"), ("b", "x"), ("x", "y")]:
        graph.add_import(importer=importer, imported=imported)
    graph.add_import(importer="p", imported="q")
    assert cycles(graph) == [("a", "b", "c", "a")]
    graph.add_import(importer="q", imported="p")
    assert cycles(graph) == [("a", "b", "c", "a"), ("p", "q", "p")]


def test_the_layer_contracts_hold() -> None:
    """``make lint`` runs the same check; here it runs with the tests too."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout
