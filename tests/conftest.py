"""Shared fixtures: the sample source, a clean working folder, LibreOffice for render tests, and
fonts pinned for measurement tests."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.mailserver import SMTP_VARIABLES, Certificates, Server, certificates, smtp_server
from tests.pinned_fonts import pinned_fallbacks

# Reports are built without the LibreOffice layout pass that numbers their contents (a few
# seconds each); the tests of that pass (tests/exporters/test_docx_pages.py) turn it on.
os.environ["BRIEFING_PAGE_NUMBERS"] = "off"

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sources" / "reinvent-2019.yaml"
THEMES = ROOT / "themes"


def require_tool(name: str, reason: str) -> str:
    """The tool's path; a skip locally when missing, a failure in CI (BRIEFING_REQUIRE_RENDER)."""
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed: {reason}"
    if os.environ.get("BRIEFING_REQUIRE_RENDER"):
        pytest.fail(f"{message} (CI requires it: BRIEFING_REQUIRE_RENDER is set)")
    pytest.skip(message)


@pytest.fixture
def soffice() -> str:
    """LibreOffice for render tests, with poppler's pdftotext and pdftoppm beside it."""
    require_tool("pdftotext", "apt-get install poppler-utils")
    require_tool("pdftoppm", "apt-get install poppler-utils")
    return require_tool("soffice", "apt-get install libreoffice-impress libreoffice-writer")


@pytest.fixture
def pinned_fonts() -> Iterator[tuple[Path, ...]]:
    """Glyphs the theme's fonts lack are measured with named files, whatever the machine has
    installed (``tests.pinned_fonts``); yields them, in the order they are tried."""
    with pinned_fallbacks() as files:
        yield files


@pytest.fixture(scope="session")
def template_corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Real-world deck templates as .pptx, by name (tests/templates.py), made once a session:
    LibreOffice converts all its Impress templates in one run."""
    require_tool("soffice", "apt-get install libreoffice-impress libreoffice-writer")
    from tests.templates import make_corpus

    return make_corpus(tmp_path_factory.mktemp("template-corpus"))


@pytest.fixture
def sample() -> Path:
    return SAMPLE


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clean current folder holding the sample's sources/ and themes/ like a checkout."""
    (tmp_path / "sources").mkdir()
    shutil.copy(SAMPLE, tmp_path / "sources" / SAMPLE.name)
    shutil.copytree(THEMES, tmp_path / "themes")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1576800000")
    return tmp_path


@pytest.fixture
def clean_environment(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working folder, with no BRIEFING_SMTP_* settings inherited from the caller."""
    for name in SMTP_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return workdir


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    """A throw-away certificate authority and a server certificate for 127.0.0.1."""
    return certificates(tmp_path_factory.mktemp("certs"))


@pytest.fixture
def plain_server() -> Iterator[Server]:
    """A real SMTP server on 127.0.0.1 without TLS or AUTH."""
    with smtp_server() as server:
        yield server


@pytest.fixture
def warnings_logged() -> Iterator[list[str]]:
    """Messages sent to the 'briefing' logger (the CLI shows them as warnings)."""
    seen: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    logger = logging.getLogger("briefing")
    handler = Collect(level=logging.WARNING)
    logger.addHandler(handler)
    old_level = logger.level
    logger.setLevel(logging.WARNING)
    yield seen
    logger.removeHandler(handler)
    logger.setLevel(old_level)
