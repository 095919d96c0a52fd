"""Every registered exporter has tests of its own that run it."""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterator
from pathlib import Path

from briefing.exporters import discover

TESTS = Path(__file__).resolve().parent / "exporters"
FORMAT_FLAGS = ("-f", "--format")


def covering_tests(name: str, module: str, folder: Path) -> list[str]:
    """The test functions in ``folder``'s ``test_<name>*.py`` files whose file runs the
    exporter: it imports from ``module`` (the exporter's entry point) or passes ``name`` to
    ``-f``. A file that only exists, or holds no test, does not count."""
    found = []
    for path in sorted(folder.glob(f"test_{name}*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        if not (_imports(tree, module) or name in _formats_asked(tree)):
            continue
        found += [
            f"{path.name}::{node.name}"
            for node in tree.body
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test")
        ]
    return found


def _imports(tree: ast.Module, module: str) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        if any(n == module or n.startswith(module + ".") for n in names):
            return True
    return False


def _formats_asked(tree: ast.Module) -> Iterator[object]:
    """The values that follow "-f" in the argument lists written in ``tree``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.List | ast.Tuple):
            items = node.elts
        elif isinstance(node, ast.Call):
            items = node.args
        else:
            continue
        for flag, value in itertools.pairwise(items):
            if (
                isinstance(flag, ast.Constant)
                and flag.value in FORMAT_FLAGS
                and isinstance(value, ast.Constant)
            ):
                yield value.value


def test_every_builtin_exporter_has_tests_that_run_it() -> None:
    builtin = {
        name: entry.entry_point.module
        for name, entry in discover().items()
        if entry.provider == "briefing"
    }
    assert {"md", "pptx", "docx", "pdf"} <= set(builtin)
    for name, module in builtin.items():
        assert covering_tests(name, module, TESTS), (
            f"no test in tests/exporters/test_{name}*.py imports {module} or builds -f {name}"
        )


def test_a_test_file_that_does_not_run_its_exporter_does_not_count(tmp_path: Path) -> None:
    module = "briefing.exporters.markdown"
    (tmp_path / "test_md.py").write_text("")
    (tmp_path / "test_md_plain.py").write_text("def test_nothing() -> None:\n    pass\n")
    (tmp_path / "test_md_helpers.py").write_text(f"from {module} import render\n")
    (tmp_path / "test_pptx.py").write_text('def test_deck(run) -> None:\n    run("-f", "md")\n')
    assert covering_tests("md", module, tmp_path) == []
    (tmp_path / "test_md_cli.py").write_text(
        'def test_build(run) -> None:\n    run(["build", "-f", "md"])\n'
    )
    (tmp_path / "test_md_render.py").write_text(
        f"from {module} import render\n\ndef test_render() -> None:\n    render()\n"
    )
    assert covering_tests("md", module, tmp_path) == [
        "test_md_cli.py::test_build",
        "test_md_render.py::test_render",
    ]
