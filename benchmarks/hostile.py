"""How fast, and in how little memory, hostile theme files are refused.

Run from the repository root:  .venv/bin/python benchmarks/hostile.py [--runs 5]

Builds a 4 GiB zip bomb as a PowerPoint template and as a Word reference (an unused part of
zeros, about 4 MB on disk; made once in a temporary folder) and times `briefing build` with
each, from start to exit: wall time and the peak memory of the process (the kernel's own
accounting, via wait4). Prints the median and the spread of each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BRIEFING = ROOT / ".venv" / "bin" / "briefing"
SAMPLE = ROOT / "sources" / "reinvent-2019.yaml"
BOMB = 4 << 30  # bytes of zeros in the unused part


def bomb(base: Path, target: Path, part: str) -> Path:
    """``base`` plus ``part``: ``BOMB`` zero bytes, deflated."""
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name in source.namelist():
            out.writestr(name, source.read(name))
        with out.open(part, "w", force_zip64=True) as stream:
            block = bytes(16 << 20)
            for _ in range(BOMB // len(block)):
                stream.write(block)
    return target


def theme(folder: Path, package: Path) -> Path:
    folder.mkdir()
    (folder / package.name).write_bytes(package.read_bytes())
    key = "pptx_template" if package.suffix == ".pptx" else "docx_template"
    (folder / "theme.yaml").write_text(f"name: hostile\n{key}: {package.name}\n", encoding="utf-8")
    return folder


def measured(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak resident MiB and exit status of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from docx import Document
    from pptx import Presentation

    with tempfile.TemporaryDirectory(prefix="briefing-hostile-") as scratch:
        folder = Path(scratch)
        Presentation().save(str(folder / "base.pptx"))
        Document().save(str(folder / "base.docx"))
        cases = {
            "zip-bomb template (pptx)": (
                theme(
                    folder / "t1",
                    bomb(folder / "base.pptx", folder / "bomb.pptx", "ppt/media/zeros.bin"),
                ),
                "pptx",
            ),
            "zip-bomb reference (docx)": (
                theme(
                    folder / "t2",
                    bomb(folder / "base.docx", folder / "bomb.docx", "word/media/zeros.bin"),
                ),
                "docx",
            ),
        }
        for name, (theme_dir, fmt) in cases.items():
            package = next(theme_dir.glob(f"*.{fmt}"))
            command = [str(BRIEFING), "build", str(SAMPLE), "-t", str(theme_dir), "-f", fmt,
                       "-o", str(folder / "out"), "-q"]  # fmt: skip
            runs = [measured(command) for _ in range(args.runs)]
            statuses = {status for _, _, status in runs}
            walls = [wall for wall, _, _ in runs]
            peaks = [peak for _, peak, _ in runs]
            wall = f"{statistics.median(walls):.2f} s ({min(walls):.2f}-{max(walls):.2f})"
            peak = f"{statistics.median(peaks):.0f} MiB ({min(peaks):.0f}-{max(peaks):.0f})"
            size = package.stat().st_size / 2**20
            print(f"{name}: {size:.1f} MiB on disk; exit {statuses}; wall {wall}; peak {peak}")
    sys.exit(0)


if __name__ == "__main__":
    main()
