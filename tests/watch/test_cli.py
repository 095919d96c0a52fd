"""``briefing preview --watch`` refusing to start: one line saying why, nothing left running."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import cli


def test_without_libreoffice_it_says_so_in_one_line(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_SOFFICE", "/nonexistent/soffice")
    result = CliRunner().invoke(cli, ["preview", "sources/reinvent-2019.yaml", "--watch"])
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert "install LibreOffice" in result.stderr


def test_a_missing_source_is_named(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_SOFFICE", sys.executable)  # never started: it stops first
    result = CliRunner().invoke(cli, ["preview", "sources/nothing.yaml", "--watch"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: sources/nothing.yaml does not exist; name a source file, or create one with "
        "`briefing new sources/nothing.yaml`"
    ]


def test_a_port_in_use_is_said_before_libreoffice_starts(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_SOFFICE", sys.executable)  # never started: it stops first
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(
            cli, ["preview", "sources/reinvent-2019.yaml", "--watch", "--port", str(port)]
        )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: port {port} is in use (another preview?); choose another with --port, "
        "or --port 0 for any free one"
    ]
