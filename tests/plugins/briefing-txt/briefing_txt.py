"""A third-party exporter, packaged on its own: one line per selected session."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from briefing.output import with_ext, write_atomic


class TextExporter:
    name: ClassVar[str] = "txt"
    extensions: ClassVar[tuple[str, ...]] = ("txt",)
    description: ClassVar[str] = "Plain text, one line per session"

    def unavailable(self) -> str | None:
        return None

    def export(self, briefing: Any, theme: Any, output: Path) -> list[Path]:
        lines = [f"{s.code}\t{s.track}\t{s.title.plain}" for s in briefing.sessions]
        body = f"{briefing.meta.title.plain} [{theme.name}]\n" + "\n".join(lines) + "\n"
        return [write_atomic(with_ext(output, "txt"), body.encode("utf-8"))]
