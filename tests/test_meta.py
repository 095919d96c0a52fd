"""Every registered exporter has tests of its own."""

from __future__ import annotations

from pathlib import Path

from briefing.exporters import discover

TESTS = Path(__file__).resolve().parent / "exporters"


def test_every_builtin_exporter_has_tests() -> None:
    builtin = [name for name, entry in discover().items() if entry.provider == "briefing"]
    assert "md" in builtin
    for name in builtin:
        assert list(TESTS.glob(f"test_{name}*.py")), f"no tests/exporters/test_{name}*.py"
