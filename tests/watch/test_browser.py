"""``briefing preview --watch`` as a writer uses it: the page in a real browser (Chromium through
selenium) following saves of the source, and nothing left running afterwards."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pptx import Presentation

from briefing.cli import cli
from briefing.libreoffice import convert
from tests.conftest import require_tool
from tests.watch.helpers import BROKEN_FROM, BROKEN_TO, EDITED, KEY_POINT, edit, slide_texts

pytestmark = [pytest.mark.render, pytest.mark.slow]
SOURCE = Path("sources/reinvent-2019.yaml")
STARTUP = 300.0  # LibreOffice starting and every slide drawn, on a busy 2-core machine
UPDATE = 120.0


@dataclass
class Preview:
    process: subprocess.Popen[str]
    temp: Path
    url: str = ""
    output: list[str] = field(default_factory=list)

    def state(self) -> dict[str, Any]:
        with urllib.request.urlopen(self.url + "state", timeout=30) as response:
            result: dict[str, Any] = json.load(response)
            return result


def eventually(condition: Callable[[], Any], timeout: float, what: str) -> Any:
    """The first true value of ``condition``, polled until ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def running(temp: Path) -> list[str]:
    """Processes whose command line names the session's temporary folder."""
    found = subprocess.run(["pgrep", "-af", str(temp)], capture_output=True, text=True)
    return found.stdout.splitlines()


@pytest.fixture
def watching(workdir: Path, soffice: str) -> Iterator[Callable[..., Preview]]:
    """Starts ``briefing preview SOURCE --watch --port 0``; stopped (if still running) after
    the test. Every file of the session goes to its own temporary folder."""
    started: list[Preview] = []
    # Ctrl-C must reach the preview even where the tests run with SIGINT ignored (a shell's
    # background job): a handled signal is reset to its default in a started program.
    ignoring = signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    if ignoring:
        signal.signal(signal.SIGINT, signal.default_int_handler)

    def start(*options: str) -> Preview:
        temp = workdir.parent / f"{workdir.name}-tmp{len(started)}"
        temp.mkdir()
        command = [sys.executable, "-m", "briefing", "preview", str(SOURCE), "--watch",
                   "--port", "0", *options]  # fmt: skip
        process = subprocess.Popen(
            command,
            cwd=workdir,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "TMPDIR": str(temp)},
        )
        preview = Preview(process, temp)
        started.append(preview)

        def read() -> None:
            assert process.stdout is not None
            for line in process.stdout:
                preview.output.append(line.rstrip("\n"))

        threading.Thread(target=read, daemon=True).start()

        def address() -> str | None:
            for line in preview.output:
                if found := re.search(r"at (http://127\.0\.0\.1:\d+/) ", line):
                    return found.group(1)
            assert process.poll() is None, "\n".join(preview.output)
            return None

        preview.url = eventually(address, 60, "the page's address")
        return preview

    yield start
    if ignoring:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    for preview in started:
        if preview.process.poll() is None:
            preview.process.kill()
        preview.process.wait()
        if preview.process.stdout:
            preview.process.stdout.close()


def stop(preview: Preview, how: signal.Signals) -> None:
    """Stop the preview as a user does, and check that nothing it started is left."""
    assert running(preview.temp), "LibreOffice should run while the preview does"
    preview.process.send_signal(how)
    assert preview.process.wait(60) == 0, "\n".join(preview.output)
    eventually(lambda: not running(preview.temp), 30, "every process to end")
    assert not list(preview.temp.glob("briefing-watch-*"))


@pytest.fixture
def browser() -> Iterator[Any]:
    """Headless Chromium driven by selenium, with Debian's chromium and chromium-driver."""
    chromium = require_tool("chromium", "apt-get install chromium")
    driver = require_tool("chromedriver", "apt-get install chromium-driver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        require_tool("selenium-python", "pip install -e '.[test]'")
        raise
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--disable-gpu", "--window-size=1400,1000"):  # fmt: skip
        options.add_argument(argument)
    chrome = webdriver.Chrome(options=options, service=Service(driver))
    yield chrome
    chrome.quit()


PICTURES = """
return [...document.querySelectorAll(arguments[0])].map(
    (img) => img.complete && img.naturalWidth > 0 ? img.getAttribute("src") : null);
"""


def pictures(browser: Any, where: str = "#grid img") -> list[str | None]:
    """The src of every picture on the page, None for one not on screen yet."""
    result: list[str | None] = browser.execute_script(PICTURES, where)
    return result


def visible(browser: Any, element_id: str) -> bool:
    script = (
        "const e = document.getElementById(arguments[0]); return !!e && !e.closest('[hidden]');"
    )
    return bool(browser.execute_script(script, element_id))


def test_the_page_shows_every_slide_and_follows_each_save(
    workdir: Path, watching: Callable[..., Preview], browser: Any
) -> None:
    built = CliRunner().invoke(cli, ["build", str(SOURCE), "-o", "independent"])
    assert built.exit_code == 0, built.output
    deck, report = (workdir / line for line in built.stdout.splitlines())
    count = len(slide_texts(deck))
    warnings = [line for line in built.stderr.splitlines() if line.startswith("Warning: ")]

    preview = watching()
    browser.get(preview.url)
    # 2. Every slide as a picture, and the build's warnings.
    eventually(lambda: len(p := pictures(browser)) == count and all(p), STARTUP, "every slide")
    summary = browser.find_element("id", "warnings-summary").text
    assert summary == f"{len(warnings)} warnings"
    before = pictures(browser)

    # 3. A one-word edit: only the slide showing it is drawn again; the page updates itself.
    edit(SOURCE, KEY_POINT, EDITED)
    after = eventually(
        lambda: (p := pictures(browser)) != before and all(p) and p, UPDATE, "the new slide"
    )
    changed = [n for n, (a, b) in enumerate(zip(before, after, strict=True), start=1) if a != b]
    edited = CliRunner().invoke(cli, ["build", str(SOURCE), "-f", "pptx", "-o", "edited"])
    texts = slide_texts(workdir / edited.stdout.strip())
    assert [n for n, text in enumerate(texts, start=1) if EDITED in text] == changed

    # The slide on its own, with its speaker notes beneath.
    browser.find_element("css selector", f'#grid figure[data-number="{changed[0]}"] a').click()
    eventually(lambda: visible(browser, "single-image"), 30, "the single-slide view")
    assert pictures(browser, "#single-image") == [after[changed[0] - 1]]
    slide = Presentation(str(workdir / edited.stdout.strip())).slides[changed[0] - 1]
    notes = slide.notes_slide.notes_text_frame.text.strip()
    assert _words(browser.find_element("id", "notes").text) == _words(notes)
    browser.find_element("id", "back").click()
    eventually(lambda: visible(browser, "grid"), 30, "the grid again")

    # 4. A YAML mistake: located as `briefing validate` says it, the last preview kept.
    edit(SOURCE, BROKEN_FROM, BROKEN_TO)
    validated = CliRunner().invoke(cli, ["validate", str(SOURCE)])
    problem = validated.stderr.splitlines()[0]
    assert re.match(rf"{re.escape(str(SOURCE))}:\d+:\d+: ", problem)
    eventually(
        lambda: (
            visible(browser, "problems")
            and browser.find_element("id", "problem-lines").text == problem
        ),
        UPDATE,
        "the located problem",
    )
    assert pictures(browser) == after

    # 5. The fix clears it.
    edit(SOURCE, BROKEN_TO, BROKEN_FROM)
    eventually(lambda: not visible(browser, "problems"), UPDATE, "the problem to go")
    assert pictures(browser) == after

    # The report's pages in the second tab, as many as LibreOffice lays out.
    browser.find_element("id", "tab-report").click()
    pages = _page_count(convert(report, workdir / "report-pdf"))
    eventually(
        lambda: len(p := pictures(browser, "#pages img")) == pages and all(p),
        UPDATE,
        "the report's pages",
    )
    assert not visible(browser, "grid")

    stop(preview, signal.SIGINT)


def test_sigterm_stops_the_preview_and_libreoffice(watching: Callable[..., Preview]) -> None:
    preview = watching()
    eventually(lambda: preview.state().get("pages"), STARTUP, "the first update")
    stop(preview, signal.SIGTERM)


def _words(text: str) -> list[str]:
    return text.split()


def _page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)
