"""Benchmark builds at conference-catalog scale: time, time per session, growth, peak memory.

Run from the repository root:  .venv/bin/python benchmarks/run.py  (see --help)

Every figure is the median of --repeat runs, each a fresh process; the plain python-pptx
reference is timed in the same run, interleaved, so ratios hold on a noisy machine.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import write  # noqa: E402  (the benchmark folder is not a package)

PYTHON = sys.executable
IN_PROCESS = """
import sys, time
from pathlib import Path
from briefing import exporters
from briefing.source import load_briefing
from briefing.themes import load_theme
briefing = load_briefing(Path(sys.argv[1]))
theme = load_theme("default")
exporter = exporters.get(sys.argv[2])
start = time.perf_counter()
exporter.export(briefing, theme, Path(sys.argv[3]) / "out")
print(time.perf_counter() - start)
"""


@dataclass
class Sample:
    seconds: float
    peak_mib: float


def measured(command: list[str]) -> Sample:
    """Wall time and peak RSS of one process, taken from the kernel's accounting (wait4)."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    stdout = proc.stdout.read().decode() if proc.stdout else ""
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr}")
    peak = usage.ru_maxrss / 1024  # KiB on Linux
    if stdout.strip():
        with contextlib.suppress(ValueError):  # in-process runs print the export time alone
            seconds = float(stdout.strip().splitlines()[-1])
    return Sample(seconds, peak)


def median(samples: list[Sample]) -> Sample:
    return Sample(statistics.median(s.seconds for s in samples), max(s.peak_mib for s in samples))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 250, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", nargs="+", default=["pptx", "docx", "md"])
    parser.add_argument(
        "--reference-max",
        type=int,
        default=2000,
        help="largest size to time plain python-pptx at (it is quadratic)",
    )
    parser.add_argument("--markdown", type=Path, help="also write the results as Markdown here")
    args = parser.parse_args()

    sources = HERE / "sources"
    sources.mkdir(exist_ok=True)
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as scratch:
        out = Path(scratch)
        for variant in ("text", "full"):
            for size in args.sizes:
                source = write(sources, size, variant == "full")
                commands: dict[str, list[str]] = {
                    "cli deck+report": [
                        PYTHON,
                        "-m",
                        "briefing",
                        "build",
                        str(source),
                        "-f",
                        "pptx",
                        "-f",
                        "docx",
                        "-o",
                        str(out),
                        "--quiet",
                    ],
                }
                for fmt in args.formats:
                    commands[f"in-process {fmt}"] = [
                        PYTHON,
                        "-c",
                        IN_PROCESS,
                        str(source),
                        fmt,
                        str(out),
                    ]
                if size <= args.reference_max:
                    commands["python-pptx reference"] = [
                        PYTHON,
                        str(HERE / "reference_pptx.py"),
                        str(source),
                        str(out / "ref.pptx"),
                    ]
                samples: dict[str, list[Sample]] = {name: [] for name in commands}
                for _ in range(args.repeat):  # interleaved: A B C A B C ...
                    for name, command in commands.items():
                        samples[name].append(measured(command))
                for name, runs in samples.items():
                    result = median(runs)
                    rows.append(
                        {
                            "variant": variant,
                            "size": size,
                            "what": name,
                            "seconds": result.seconds,
                            "peak": result.peak_mib,
                        }
                    )
                    print(
                        f"{variant:<4} {size:>5} {name:<22} {result.seconds:8.3f} s "
                        f"{result.seconds / size * 1000:7.2f} ms/session "
                        f"{result.peak_mib:7.0f} MiB",
                        flush=True,
                    )
    report = summarise(rows, args)
    print(report)
    if args.markdown:
        args.markdown.write_text(report, encoding="utf-8")


def summarise(rows: list[dict[str, object]], args: argparse.Namespace) -> str:
    def get(variant: str, size: int, what: str) -> float | None:
        for row in rows:
            if (row["variant"], row["size"], row["what"]) == (variant, size, what):
                return float(row["seconds"])  # type: ignore[arg-type]
        return None

    lines = [
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}; medians of {args.repeat} runs.",
        "",
        "| variant | sessions | what | seconds | ms / session | growth | peak MiB |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for row in rows:
        sizes = sorted(int(s) for s in args.sizes)
        size = int(row["size"])  # type: ignore[call-overload]
        index = sizes.index(size)
        growth = ""
        if index:
            previous = get(str(row["variant"]), sizes[index - 1], str(row["what"]))
            if previous:
                growth = f"{float(row['seconds']) / previous:.2f}x"  # type: ignore[arg-type]
        seconds = float(row["seconds"])  # type: ignore[arg-type]
        lines.append(
            f"| {row['variant']} | {size:,} | {row['what']} | {seconds:.3f} | "
            f"{seconds / size * 1000:.2f} | {growth} | {float(row['peak']):.0f} |"  # type: ignore[arg-type]
        )
    lines.append("")
    for variant in ("text", "full"):
        ours = get(variant, 1000, "cli deck+report")
        ref = get(variant, 1000, "python-pptx reference")
        if ours and ref:
            lines.append(
                f"- {variant}, 1,000 sessions: deck and report through the CLI take "
                f"{ours / ref:.2f}x the plain python-pptx time ({ours:.2f} s vs {ref:.2f} s)."
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
