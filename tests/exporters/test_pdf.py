"""The pdf exporter: LibreOffice turns the deck and the report into PDFs, reproducibly."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import cli
from briefing.pdfstamp import stamp


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(
        next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:"))
    )


def pptx_slides(path: Path) -> int:
    from pptx import Presentation

    return len(Presentation(str(path)).slides)


@pytest.mark.render
def test_pdf_of_deck_and_report(workdir: Path, soffice: str) -> None:
    result = CliRunner().invoke(
        cli, ["build", "sources/reinvent-2019.yaml", "-f", "pptx", "-f", "pdf",
              "--track", "machine-learning"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    out = workdir / "output"
    deck_pdf = out / "reinvent-2019-machine-learning-deck.pdf"
    report_pdf = out / "reinvent-2019-machine-learning-report.pdf"
    assert result.stdout.splitlines() == [
        "output/reinvent-2019-machine-learning.pptx",
        "output/reinvent-2019-machine-learning-deck.pdf",
        "output/reinvent-2019-machine-learning-report.pdf",
    ]
    assert pdf_pages(deck_pdf) == pptx_slides(out / "reinvent-2019-machine-learning.pptx")
    text = subprocess.run(
        ["pdftotext", str(report_pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for code in ("AIM212", "GAM302", "ARC210", "PNU301"):
        assert code in text
    assert "DAT404-R" not in text
    first = deck_pdf.read_bytes()
    again = CliRunner().invoke(
        cli, ["build", "sources/reinvent-2019.yaml", "-f", "pdf", "--track", "machine-learning"]
    )
    assert again.exit_code == 0
    assert deck_pdf.read_bytes() == first  # SOURCE_DATE_EPOCH is set by the workdir fixture


def test_missing_libreoffice_is_one_clear_line(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_SOFFICE", "/nonexistent/soffice")
    result = CliRunner().invoke(cli, ["build", "sources/reinvent-2019.yaml", "-f", "pdf"])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: the 'pdf' exporter is unavailable: BRIEFING_SOFFICE=/nonexistent/soffice is not "
        "a program; install LibreOffice"
    )
    assert len(result.stderr.splitlines()) == 1
    assert not (workdir / "output").exists()


def test_stamp_replaces_dates_and_id_keeping_length(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1576800000")
    pdf = (
        b"%PDF-1.7\n1 0 obj<</CreationDate(D:20261126053400+00'00')/ModDate(D:20261126053400Z)>>"
        b"<xmp:CreateDate>2026-11-26T05:34:00+00:00</xmp:CreateDate>"
        b"trailer<</ID [ <0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF> ]>>"
    )
    out = stamp(pdf)
    assert len(out) == len(pdf)
    assert b"D:20191220000000" in out and b"20261126" not in out
    assert b"<xmp:CreateDate>2019-12-20T00:00:00Z" in out
    assert b"0123456789ABCDEF" not in out
    assert stamp(pdf) == out
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert stamp(pdf) == pdf


def test_stamp_replaces_the_document_checksum(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1576800000")
    one = b"trailer<</ID [ <AA> <AA> ] /DocChecksum /2D5057C14359373A>>stream-one"
    two = one.replace(b"2D5057C14359373A", b"7F00AB12CD34EF56")
    assert stamp(one) == stamp(two)
    assert len(stamp(one)) == len(one)
