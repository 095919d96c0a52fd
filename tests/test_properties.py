"""Property-based: any valid source, however hostile its text, builds in every format."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

from briefing.cli import cli
from briefing.exporters import discover
from tests.strategies import sources

# The document formats to build: every built-in exporter but pdf (covered by render tests).
FORMATS = sorted(
    name for name, entry in discover().items() if entry.provider == "briefing" and name != "pdf"
)
EXAMPLES = int(
    os.environ.get("BRIEFING_HYPOTHESIS_EXAMPLES", "200" if os.environ.get("CI") else "40")
)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(source=sources())
def test_any_valid_source_builds_in_every_format(source: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        path = folder / "s.yaml"
        path.write_text(
            yaml.safe_dump(source, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        args = ["build", str(path), "-o", str(folder / "out")]
        for fmt in FORMATS:
            args += ["-f", fmt]
        result = CliRunner().invoke(cli, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        assert result.exit_code == 0, result.output
        written = sorted(p.name for p in (folder / "out").iterdir())
        assert written == sorted(f"s.{fmt}" for fmt in FORMATS)
        reopen(folder / "out", source)


def reopen(out: Path, source: dict[str, Any]) -> None:
    if (out / "s.pptx").exists():
        from pptx import Presentation

        deck = Presentation(str(out / "s.pptx"))
        assert len(deck.slides) >= len(source["sessions"])
    if (out / "s.docx").exists():
        from docx import Document

        report = Document(str(out / "s.docx"))
        text = "\n".join(p.text for p in report.paragraphs)
        for session in source["sessions"]:
            assert session["code"] in text
    markdown = (out / "s.md").read_text(encoding="utf-8")
    for session in source["sessions"]:
        assert f"### {session['code']}" in markdown
