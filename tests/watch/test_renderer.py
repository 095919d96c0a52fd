"""The warm renderer: one LibreOffice for a session, started again when it dies, and leaving
no process behind however the session ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefing.watch.renderer import WarmRenderer, uno_python, unoserver_site
from briefing.watch.slides import read_slides, subset
from tests.watch.helpers import deck

pytestmark = [pytest.mark.render, pytest.mark.slow]
SOURCE = Path("sources/reinvent-2019.yaml")


def require_uno(soffice: str) -> str:
    """A Python with LibreOffice's uno module; a skip locally, a failure in CI."""
    python = uno_python(soffice)
    if python is not None:
        return python
    message = "no Python can import LibreOffice's uno module: apt-get install python3-uno"
    if os.environ.get("BRIEFING_REQUIRE_RENDER"):
        pytest.fail(f"{message} (CI requires it: BRIEFING_REQUIRE_RENDER is set)")
    pytest.skip(message)


def processes(marker: Path) -> list[int]:
    """Processes whose command line names ``marker`` (the renderer's private profile)."""
    found = subprocess.run(["pgrep", "-f", str(marker)], capture_output=True, text=True)
    return [int(pid) for pid in found.stdout.split()]


def soffice_pid(marker: Path) -> int:
    found = subprocess.run(
        ["pgrep", "-f", f"soffice.bin.*{marker}"], capture_output=True, text=True, check=True
    )
    return int(found.stdout.split()[0])


def eventually(condition: Callable[[], bool], timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.fixture
def warm(tmp_path: Path, soffice: str) -> Iterator[WarmRenderer]:
    site = unoserver_site()
    assert site is not None, "unoserver is a dependency of briefing"
    renderer = WarmRenderer(soffice, require_uno(soffice), site, tmp_path / "session")
    renderer.start()
    yield renderer
    renderer.close()


def pdf_text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    command = ["pdftotext", "-layout", *pages, str(pdf), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def test_a_deck_of_some_slides_draws_them_as_the_whole_deck_does(
    warm: WarmRenderer, workdir: Path
) -> None:
    whole = deck(SOURCE, workdir / "out")
    slides = read_slides(whole)
    small = subset(whole, [slides[4], slides[11]], workdir / "small.pptx")
    some = warm.to_pdf(small, workdir / "small.pdf")
    everything = warm.to_pdf(whole, workdir / "whole.pdf")
    drawn = pdf_text(some).split("\f")[:2]
    # The slide numbers included: 5 and 12, not 1 and 2.
    assert drawn == [pdf_text(everything, 5).rstrip("\f"), pdf_text(everything, 12).rstrip("\f")]
    page = warm.to_pdf(whole, workdir / "page.pdf", pages="12")
    assert pdf_text(page).split("\f")[:2] == [drawn[1], ""]


def test_libreoffice_is_started_again_when_it_dies(warm: WarmRenderer, workdir: Path) -> None:
    whole = deck(SOURCE, workdir / "out")
    small = subset(whole, read_slides(whole)[:1], workdir / "small.pptx")
    assert warm.to_pdf(small, workdir / "first.pdf").is_file()
    first = soffice_pid(warm.profile)

    os.kill(first, signal.SIGKILL)
    assert warm.to_pdf(small, workdir / "second.pdf").is_file()
    assert soffice_pid(warm.profile) != first
    assert pdf_text(workdir / "second.pdf") == pdf_text(workdir / "first.pdf")

    warm.close()
    assert eventually(lambda: not processes(warm.profile))


def test_nothing_is_left_running_when_briefing_itself_is_killed(
    tmp_path: Path, soffice: str
) -> None:
    python, site = require_uno(soffice), unoserver_site()
    workdir = tmp_path / "session"
    script = (
        "import sys, pathlib\n"
        "from briefing.watch.renderer import WarmRenderer\n"
        "r = WarmRenderer(sys.argv[1], sys.argv[2], sys.argv[3], pathlib.Path(sys.argv[4]))\n"
        "r.start(); r.wait_ready(); print('ready', flush=True); sys.stdin.read()\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", script, soffice, python, str(site), str(workdir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as owner:
        try:
            assert owner.stdout is not None
            assert owner.stdout.readline().strip() == "ready"
            assert any(p != owner.pid for p in processes(workdir / "profile"))
        finally:
            owner.kill()  # no chance to clean up
            owner.wait()
    assert eventually(lambda: not processes(workdir / "profile"))
