"""Benchmark the live preview: from saving a one-word change in one session's key point to the
page showing the new slide, against a cold `briefing preview` of the same source.

Run from the repository root:  .venv/bin/python benchmarks/watch.py  (see --help)

It copies the sample to a temporary folder, starts `briefing preview SOURCE --watch` there and
opens the page in headless Chromium (selenium, Debian's chromium and chromium-driver). Each
round saves the source with a new word in one key point (written beside it, then renamed over
it, as editors save) and measures, on the machine's clock, from just before the rename to the
moment the page has the new slide's picture on screen: the page records when every picture of
a state has loaded. The next round starts once the page is idle again (the report drawn too).
After each round, a cold `briefing preview SOURCE` (deck built, LibreOffice started, every
slide drawn) is timed as a whole process, so both are measured in the same run, interleaved.

With --approaches it measures instead the ways of drawing one changed slide of the sample
deck, each --rounds times, interleaved: a cold LibreOffice conversion of the whole deck; with
one warm LibreOffice (unoserver), the whole deck, only the slide's page of it, and a deck of
only that slide; and pdftoppm drawing that page as PNG and as JPEG.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sources" / "reinvent-2019.yaml"
KEY_POINT = "Methods used to scale {} and down"  # a key point of CMY302, on one slide
WORDS = ["up", "out", "in", "back", "forward", "over", "across", "along", "around", "through",
         "beyond", "sideways", "onward", "ahead", "outward", "inward"]  # fmt: skip
TARGET = 3.0  # seconds, median, on the 2-core development machine
NEW_PICTURE = """
const since = arguments[0];
return (window.briefingShown || []).find((s) => s.version > since && s.redrawn.length) || null;
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=9, help="saves timed (median)")
    parser.add_argument("--markdown", type=Path, help="also write the results as Markdown here")
    parser.add_argument(
        "--approaches", action="store_true", help="time the ways of drawing a changed slide"
    )
    args = parser.parse_args()
    if not 1 <= args.rounds < len(WORDS):
        parser.error(f"--rounds must be between 1 and {len(WORDS) - 1}")
    if args.approaches:
        report = approaches(args.rounds)
        print(report)
        if args.markdown:
            args.markdown.write_text(report, encoding="utf-8")
        return

    with tempfile.TemporaryDirectory(prefix="briefing-bench-watch-") as scratch:
        work = Path(scratch)
        (work / "sources").mkdir()
        source = work / "sources" / SAMPLE.name
        shutil.copy(SAMPLE, source)
        assert source.read_text("utf-8").count(KEY_POINT.format(WORDS[0])) == 1
        watch, url = start(work)
        browser = chromium()
        try:
            rows = measure(args.rounds, work, source, url, browser)
        finally:
            browser.quit()
            watch.send_signal(signal.SIGTERM)  # as Ctrl-C
            watch.wait(60)
    report = summarise(rows)
    print(report)
    if args.markdown:
        args.markdown.write_text(report, encoding="utf-8")


def start(work: Path) -> tuple[subprocess.Popen[str], str]:
    """`briefing preview --watch` in ``work``, and the page's address."""
    command = [sys.executable, "-m", "briefing", "preview", "sources/" + SAMPLE.name,
               "--watch", "--port", "0"]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        output.extend(line.rstrip("\n") for line in process.stdout)

    threading.Thread(target=read, daemon=True).start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for line in output:
            if found := re.search(r"at (http://127\.0\.0\.1:\d+/) ", line):
                return process, found.group(1)
        if process.poll() is not None:
            break
        time.sleep(0.1)
    process.kill()
    raise SystemExit("briefing preview --watch did not start:\n" + "\n".join(output))


def chromium() -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--disable-gpu", "--window-size=1400,1000"):  # fmt: skip
        options.add_argument(argument)
    return webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))


def measure(
    rounds: int, work: Path, source: Path, url: str, browser: Any
) -> list[dict[str, float]]:
    browser.get(url)
    idle(browser, url, timeout=300)
    rows = []
    for number in range(1, rounds + 1):
        since = browser.execute_script("return Number(document.body.dataset.shown || 0)")
        text = source.read_text("utf-8")
        new = text.replace(KEY_POINT.format(WORDS[number - 1]), KEY_POINT.format(WORDS[number]))
        saving = source.with_name(".saving-" + source.name)
        saving.write_text(new, "utf-8")
        saved = time.time()
        os.replace(saving, source)
        shown = wait(browser, NEW_PICTURE, since, timeout=120)
        seconds = shown["at"] / 1000 - saved
        state = idle(browser, url, timeout=120)
        cold = cold_preview(work)
        timings = state["timings"]
        rows.append({"watch": seconds, "cold": cold, **{k: float(v) for k, v in timings.items()}})
        print(f"round {number}: page updated {seconds:.2f} s after the save "
              f"(deck {timings['deck']:.2f} s, slide drawn {timings['slides']:.2f} s); "
              f"cold preview {cold:.2f} s", file=sys.stderr)  # fmt: skip
    return rows


def idle(browser: Any, url: str, timeout: float) -> dict[str, Any]:
    """Wait until the page shows all of its latest state, drawn to the end; that state."""
    script = """
    const page = document.body.dataset;
    return page.phase === "ready" && page.shown === page.version;
    """
    wait(browser, script, timeout=timeout)
    with urllib.request.urlopen(url + "state", timeout=30) as response:
        state: dict[str, Any] = json.load(response)
    return state


def wait(browser: Any, script: str, *args: Any, timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = browser.execute_script(script, *args)
        if value:
            return value
        time.sleep(0.01)
    raise SystemExit("the page did not update in time")


def cold_preview(work: Path) -> float:
    command = [sys.executable, "-m", "briefing", "preview", "sources/" + SAMPLE.name,
               "-o", "cold"]  # fmt: skip
    started = time.perf_counter()
    subprocess.run(command, cwd=work, check=True, capture_output=True)
    return time.perf_counter() - started


def summarise(rows: list[dict[str, float]]) -> str:
    def median(key: str) -> float:
        return statistics.median(row[key] for row in rows)

    watch, cold = median("watch"), median("cold")
    lines = [
        f"Machine: {machine()}",
        f"Rounds: {len(rows)} (medians; all rounds: "
        + ", ".join(f"{row['watch']:.2f}" for row in rows)
        + " s)",
        "",
        "| measure | median |",
        "|---|---|",
        f"| save to new slide on the page (`--watch`) | {watch:.2f} s |",
        f"| of which: deck built | {median('deck'):.2f} s |",
        f"| of which: changed slide drawn (LibreOffice, pdftoppm) | {median('slides'):.2f} s |",
        f"| report drawn after it (not in the figure above) | {median('report'):.2f} s |",
        f"| cold `briefing preview` (whole process) | {cold:.2f} s |",
        "",
        f"Target: {TARGET:.0f} s or less; {'met' if watch <= TARGET else 'NOT met'} "
        f"({cold / watch:.1f}x faster than a cold preview).",
    ]
    return "\n".join(lines) + "\n"


def approaches(rounds: int) -> str:
    """Medians of each way of drawing slide 5 of the sample deck, interleaved."""
    from briefing.build import build
    from briefing.libreoffice import convert, find_soffice
    from briefing.selection import Selection
    from briefing.watch.renderer import WarmRenderer, uno_python, unoserver_site
    from briefing.watch.slides import read_slides, subset

    slide = 5
    with tempfile.TemporaryDirectory(prefix="briefing-bench-draw-") as scratch:
        work = Path(scratch)
        (deck,) = build([SAMPLE], ("pptx",), None, Selection(), work / "out")
        small = subset(deck, [read_slides(deck)[slide - 1]], work / "small.pptx")
        soffice = find_soffice()
        python = uno_python(soffice) if soffice else None
        site = unoserver_site()
        if soffice is None or python is None or site is None:
            raise SystemExit("needs LibreOffice, python3-uno and unoserver")
        warm = WarmRenderer(soffice, python, site, work / "warm")
        warm.start()
        warm.wait_ready()
        warm.to_pdf(small, work / "warm-up.pdf")

        def timed(action: Any) -> float:
            started = time.perf_counter()
            action()
            return time.perf_counter() - started

        def draw(kind: str) -> None:
            command = ["pdftoppm", f"-{kind}", "-singlefile", "-scale-to-x", "1280",
                       "-scale-to-y", "-1", str(work / "small.pdf"), str(work / kind)]  # fmt: skip
            subprocess.run(command, check=True)

        ways = {
            "cold LibreOffice, whole deck": lambda: convert(deck, work / "cold"),
            "warm LibreOffice, whole deck": lambda: warm.to_pdf(deck, work / "whole.pdf"),
            f"warm LibreOffice, whole deck, page {slide} only": lambda: warm.to_pdf(
                deck, work / "page.pdf", pages=str(slide)
            ),
            "warm LibreOffice, a deck of that slide only": lambda: warm.to_pdf(
                small, work / "small.pdf"
            ),
            "pdftoppm, the slide as PNG (1280 px)": lambda: draw("png"),
            "pdftoppm, the slide as JPEG (1280 px)": lambda: draw("jpeg"),
        }
        seconds: dict[str, list[float]] = {name: [] for name in ways}
        try:
            for _ in range(rounds):
                for name, action in ways.items():
                    seconds[name].append(timed(action))
        finally:
            warm.close()
    lines = [f"Machine: {machine()}", f"Rounds: {rounds} (medians)", "",
             "| drawing one changed slide | median |", "|---|---|"]  # fmt: skip
    lines += [f"| {name} | {statistics.median(times):.2f} s |" for name, times in seconds.items()]
    return "\n".join(lines) + "\n"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


if __name__ == "__main__":
    main()
