"""Pictures of PDF pages for the live preview: poppler's pdftoppm, a page per process, as many
processes at once as there are processors. JPEG, not PNG: encoding a slide as PNG takes
pdftoppm five times as long as drawing it, and at this quality text looks the same."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from briefing.errors import BriefingError
from briefing.preview import find_pdftoppm

TIMEOUT = 120.0
QUALITY = 90


def rasterise(pdf: Path, pages: Sequence[tuple[int, Path]], width: int) -> None:
    """Draw each (page number, target) of ``pdf`` as a JPEG ``width`` pixels wide. A target
    appears whole or not at all: the preview's server may be reading the folder."""
    pdftoppm = find_pdftoppm()
    waiting = list(pages)
    running: list[tuple[int, Path, Path, subprocess.Popen[bytes]]] = []
    try:
        while waiting or running:
            while waiting and len(running) < max(1, os.cpu_count() or 1):
                number, target = waiting.pop(0)
                root = target.with_name(f".{target.stem}-{os.getpid()}")
                command = [
                    pdftoppm, "-jpeg", "-jpegopt", f"quality={QUALITY}", "-singlefile",
                    "-f", str(number), "-l", str(number),
                    "-scale-to-x", str(width), "-scale-to-y", "-1", str(pdf), str(root),
                ]  # fmt: skip
                process = subprocess.Popen(
                    command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
                )
                running.append((number, target, root.with_name(root.name + ".jpg"), process))
            number, target, made, process = running.pop(0)
            try:
                _, stderr = process.communicate(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                raise BriefingError(f"pdftoppm did not finish drawing page {number}") from None
            if process.returncode != 0 or not made.is_file():
                detail = stderr.decode("utf-8", "replace").strip() or (
                    f"exit status {process.returncode}"
                )
                raise BriefingError(f"pdftoppm could not draw page {number}: {detail}")
            made.replace(target)
    finally:
        for _, _, made, process in running:
            process.kill()
            process.wait()
            made.unlink(missing_ok=True)
