"""Exporters come from entry points: a third-party package installs and builds; clashes fail."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = Path(__file__).resolve().parent / "plugins" / "briefing-txt"


def run(args: list[str], cwd: Path, pythonpath: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        cwd=cwd, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plug-in package installed with pip into a folder of its own."""
    target = tmp_path_factory.mktemp("site")
    build = tmp_path_factory.mktemp("src")
    shutil.copytree(PLUGIN, build / "plugin")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--no-index", "--target", str(target), str(build / "plugin")],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return target


def test_third_party_exporter_is_listed_and_builds(installed: Path, workdir: Path) -> None:
    listing = run(["exporters"], workdir, installed)
    assert listing.returncode == 0, listing.stderr
    assert "txt    Plain text, one line per session (.txt)  [briefing-txt]" in listing.stdout
    args = ["build", "sources/reinvent-2019.yaml", "-f", "txt", "--track", "Financial Management"]
    built = run([*args, "-t", "ccoe"], workdir, installed)
    assert built.returncode == 0, built.stderr
    text = (workdir / "output" / "reinvent-2019-financial-management.txt").read_text()
    assert text.splitlines() == [
        "AWS re:Invent 2019 [ccoe]",
        "ENT204\tfinancial-management\tManaging your cloud financials as you scale on AWS",
        "STP15\tfinancial-management\tThe Awkward Teenager: Learnings From One UK Unicorn’s Story",
        "DOP310\tfinancial-management\tAmazon’s approach to security during development",
    ]


def test_name_clash_is_a_clear_error(tmp_path: Path, workdir: Path) -> None:
    dist = tmp_path / "clashing_exporter-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: clashing-exporter\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[briefing.exporters]\nmd = clashing:Exporter\n")
    result = run(["build", "-f", "md"], workdir, tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        "Error: two packages register an exporter named 'md': briefing "
        "(briefing.exporters.markdown:MarkdownExporter) and clashing-exporter (clashing:Exporter); "
        "uninstall one of them\n"
    )


def test_broken_plugin_is_reported_not_fatal(tmp_path: Path, workdir: Path) -> None:
    dist = tmp_path / "broken_exporter-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-exporter\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[briefing.exporters]\nbroken = no_such_module:X\n")
    listing = run(["exporters"], workdir, tmp_path)
    assert listing.returncode == 0
    assert (
        "broken (broken: ModuleNotFoundError: No module named 'no_such_module')" in listing.stdout
    )
    used = run(["build", "-f", "broken"], workdir, tmp_path)
    assert used.returncode == 1
    assert used.stderr.startswith(
        "Error: the 'broken' exporter cannot be loaded: ModuleNotFoundError"
    )
