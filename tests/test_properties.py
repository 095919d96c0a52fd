"""Property-based: any valid source, however hostile its text, builds in every format."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
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


ALLOWED_LINKS = ("http://", "https://", "mailto:")


def external_links(package: Path) -> list[str]:
    """Every external relationship target in an OOXML package (links, nothing else is external)."""
    import re
    import zipfile

    targets = []
    with zipfile.ZipFile(package) as archive:
        for name in archive.namelist():
            if name.endswith(".rels"):
                xml = archive.read(name).decode("utf-8")
                for rel in re.findall(r"<Relationship [^>]*>", xml):
                    if 'TargetMode="External"' in rel:
                        match = re.search(r'Target="([^"]*)"', rel)
                        assert match is not None
                        targets.append(match.group(1))
    return targets


def reopen(out: Path, source: dict[str, Any]) -> None:
    for package in (out / "s.pptx", out / "s.docx"):
        if package.exists():
            for target in external_links(package):
                assert target.startswith(ALLOWED_LINKS), f"{package.name} links to {target!r}"
    if (out / "s.pptx").exists():
        from pptx import Presentation

        deck = Presentation(str(out / "s.pptx"))
        assert len(deck.slides) >= len(source["sessions"])
    if (out / "s.docx").exists():
        from docx import Document

        report = Document(str(out / "s.docx"))
        text = report.element.body.xml
        for session in source["sessions"]:
            assert session["code"] in text
    markdown = (out / "s.md").read_text(encoding="utf-8")
    for session in source["sessions"]:
        assert f"### {session['code']}" in markdown


@pytest.mark.render
@settings(max_examples=4, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(source=sources())
def test_a_sample_renders_with_nothing_clipped(source: dict[str, Any]) -> None:
    """LibreOffice shows every word of generated decks inside its box, on the page."""
    from tests.conftest import require_tool
    from tests.render import problems, render

    require_tool("soffice", "apt-get install libreoffice-impress")
    require_tool("pdftotext", "apt-get install poppler-utils")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        path = folder / "s.yaml"
        path.write_text(
            yaml.safe_dump(source, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        result = CliRunner().invoke(cli, ["build", str(path), "-f", "pptx", "-o", str(folder)])
        assert result.exit_code == 0, result.output
        deck = folder / "s.pptx"
        assert problems(deck, render(deck, folder / "pdf")) == []
