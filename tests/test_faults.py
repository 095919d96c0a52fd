"""Faults while writing: earlier outputs stay byte for byte; no partial or temporary file."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import cli

SAMPLE = "sources/reinvent-2019.yaml"
EVERY_FORMAT = ["-f", "pptx", "-f", "docx", "-f", "md"]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


@pytest.fixture
def earlier(workdir: Path) -> dict[str, bytes]:
    """A good earlier build in output/, to be kept intact by every failing build."""
    result = CliRunner().invoke(cli, ["build", SAMPLE, *EVERY_FORMAT])
    assert result.exit_code == 0, result.output
    assert len(list((workdir / "output").iterdir())) == 3
    (workdir / "sources" / "reinvent-2019.yaml").write_text(
        (workdir / "sources" / "reinvent-2019.yaml")
        .read_text(encoding="utf-8")
        .replace("AWS re:Invent 2019", "AWS re:Invent 2019 (edited)"),
        encoding="utf-8",
    )
    return snapshot(workdir / "output")


@pytest.mark.parametrize("fmt", ["pptx", "docx", "md"])
def test_full_disk(
    workdir: Path, earlier: dict[str, bytes], monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)
    result = CliRunner().invoke(cli, ["build", SAMPLE, "-f", fmt])
    assert result.exit_code == 1, result.output
    assert result.stderr.endswith(
        f"Error: cannot write output/reinvent-2019.{fmt}: No space left on device\n"
    )
    assert result.stderr.count("Error:") == 1
    assert snapshot(workdir / "output") == earlier


@pytest.mark.parametrize(
    ("asset", "content", "message"),
    [
        ("logo.png", b"GIF89a but not really", "logo: 'logo.png' is not an image Pillow can read"),
        ("deck.pptx", b"PK\x03\x04 truncated", "pptx_template: 'deck.pptx' is not a readable"),
        ("report.docx", b"", "docx_template: 'report.docx' is not a readable Word file"),
    ],
)
def test_corrupt_theme_assets_keep_earlier_outputs(
    workdir: Path, earlier: dict[str, bytes], asset: str, content: bytes, message: str
) -> None:
    key = {"png": "logo", "pptx": "pptx_template", "docx": "docx_template"}[asset.split(".")[1]]
    folder = workdir / "themes" / "broken"
    folder.mkdir()
    (folder / "theme.yaml").write_text(f"name: broken\n{key}: {asset}\n", encoding="utf-8")
    (folder / asset).write_bytes(content)
    result = CliRunner().invoke(cli, ["build", SAMPLE, *EVERY_FORMAT, "-t", "broken"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"themes/broken/theme.yaml:2:{len(key) + 3}: {message}")
    assert "Traceback" not in result.stderr
    assert snapshot(workdir / "output") == earlier


def test_output_path_that_is_a_file_keeps_earlier_outputs(
    workdir: Path, earlier: dict[str, bytes]
) -> None:
    (workdir / "output" / "nested").write_text("a file where a folder should be")
    result = CliRunner().invoke(cli, ["build", SAMPLE, *EVERY_FORMAT, "-o", "output/nested"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: the output folder output/nested is a file; choose another with -o\n"
    )
    earlier_now = snapshot(workdir / "output")
    del earlier_now["nested"]
    assert earlier_now == earlier


def test_output_folder_cannot_be_created(workdir: Path) -> None:
    result = CliRunner().invoke(cli, ["build", SAMPLE, "-f", "md", "-o", "/proc/briefing-out"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot create the folder /proc/briefing-out: ")
    assert len(result.stderr.splitlines()) == 1


def test_output_name_taken_by_a_folder(workdir: Path, earlier: dict[str, bytes]) -> None:
    (workdir / "other").mkdir()
    (workdir / "other" / "reinvent-2019.md").mkdir()
    result = CliRunner().invoke(cli, ["build", SAMPLE, "-f", "md", "-o", "other"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: cannot write other/reinvent-2019.md: a folder of that name is in the way\n"
    )
    assert sorted(p.name for p in (workdir / "other").iterdir()) == ["reinvent-2019.md"]


def test_failure_midway_keeps_every_earlier_output(
    workdir: Path, earlier: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefing.exporters.markdown as markdown

    def broken(*args: object) -> str:
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr(markdown, "render", broken)
    result = CliRunner().invoke(cli, ["build", SAMPLE, "-f", "md"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: the 'md' exporter failed on sources/reinvent-2019.yaml: "
        "RuntimeError: renderer exploded\n"
    )
    assert snapshot(workdir / "output") == earlier


SLOW_EXPORTER = """
import sys, time
from pathlib import Path
from briefing.output import atomic_writer, with_ext

class SlowExporter:
    name = "slow"
    extensions = ("md",)
    description = "writes half a file, then waits"

    def unavailable(self):
        return None

    def export(self, briefing, theme, output):
        target = with_ext(output, "md")
        with atomic_writer(target) as handle:
            handle.write(b"half of a new file")
            handle.flush()
            (Path(output).parent / "writing").touch()
            time.sleep(60)
            handle.write(b" and the rest")
        return [target]
"""


@pytest.mark.parametrize(
    "formats",
    [["-f", "slow"], ["-f", "docx", "-f", "slow", "--jobs", "2"]],
    ids=["alone", "beside-docx"],
)
@pytest.mark.parametrize(("sig", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupted_build_leaves_no_trace(
    workdir: Path,
    earlier: dict[str, bytes],
    tmp_path: Path,
    sig: signal.Signals,
    status: int,
    formats: list[str],
) -> None:
    """Stopped while writing: one line, earlier output intact, the temporary file removed;
    beside the report, the slow output is written by a forked process, which the signal to
    the build stops as well."""
    plugin = tmp_path / "plugin"
    dist = plugin / "slow_exporter-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: slow-exporter\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[briefing.exporters]\nslow = slowmod:SlowExporter\n")
    (plugin / "slowmod.py").write_text(SLOW_EXPORTER)
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefing", "build", SAMPLE, *formats],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(plugin)},
    )  # fmt: skip
    marker = workdir / "output" / "writing"
    deadline = time.monotonic() + 30
    while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), proc.communicate()[1].decode()
    marker.unlink()
    assert any(p.name.startswith(".reinvent-2019.md.") for p in (workdir / "output").iterdir())
    report = workdir / "output" / "reinvent-2019.docx"
    while "docx" in formats and report.read_bytes() == earlier[report.name]:
        assert proc.poll() is None and time.monotonic() < deadline, "the report was not written"
        time.sleep(0.05)  # the signal comes while the build waits for the forked process
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == status
    assert err.decode().strip() == "Interrupted; earlier outputs were left as they were."
    after = snapshot(workdir / "output")
    if "docx" in formats:  # the report was finished before the signal came
        assert after.pop(report.name).startswith(b"PK")
        earlier.pop(report.name)
    assert after == earlier


STARTUP_INTERRUPTED = """
import builtins, sys
real = builtins.__import__
def interrupted(name, *args, **kwargs):
    if name == "briefing.cli":  # Ctrl-C while the CLI's modules are being imported
        raise KeyboardInterrupt
    return real(name, *args, **kwargs)
builtins.__import__ = interrupted
from briefing.launch import main
main()
"""


def test_interrupted_while_starting_says_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-c", STARTUP_INTERRUPTED], capture_output=True, text=True, check=False
    )
    assert result.returncode == 130
    assert result.stderr == "Interrupted; earlier outputs were left as they were.\n"


def test_the_console_script_starts_through_the_guard() -> None:
    from importlib.metadata import entry_points

    (script,) = entry_points(group="console_scripts", name="briefing")
    assert script.value == "briefing.launch:main"
