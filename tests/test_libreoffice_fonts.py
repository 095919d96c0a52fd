"""Every LibreOffice briefing starts draws the theme's fonts with the files text is measured with.

A machine without Carlito and Liberation installed (only Debian's fonts-dejavu-core, say) is
made here with a fontconfig configuration of its own: on it, LibreOffice left alone draws
Calibri and Arial in DejaVu Sans, wider than the bundled files the deck was measured with.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # no type hints

from briefing.libreoffice import convert, soffice_environment
from briefing.typeset import fonts, metrics
from briefing.watch.renderer import WarmRenderer, unoserver_site
from briefing.watch.slides import read_slides, subset
from tests.conftest import SAMPLE, require_tool
from tests.render import convert_all
from tests.watch.helpers import deck
from tests.watch.test_renderer import require_uno

# Family a deck names -> the family LibreOffice must draw it with: the bundled file's.
DRAWN_AS = {"Calibri": "Carlito", "Arial": "Liberation Sans", "Courier New": "Liberation Mono"}


def machine(folder: Path, *font_folders: Path) -> Path:
    """A fontconfig configuration that finds only the fonts in ``font_folders``, with the
    usual rules (aliases, metric-compatible substitutes) of ``/etc/fonts/conf.d``."""
    folder.mkdir(parents=True, exist_ok=True)
    dirs = "".join(f"<dir>{path}</dir>" for path in font_folders)
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
        f"<fontconfig>{dirs}<cachedir>{folder / 'cache'}</cachedir>"
        '<include ignore_missing="yes">/etc/fonts/conf.d</include></fontconfig>',
        encoding="utf-8",
    )
    return config


def forget_lookups() -> None:
    """Forget what fontconfig was asked: the machine changes."""
    for cached in (fonts._resolve, fonts._fc_match, fonts.fallback_files, fonts._fallback_for):
        cached.cache_clear()
    metrics.width_at_ref.cache_clear()


@pytest.fixture
def dejavu_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """This process runs as on a machine whose only fonts are DejaVu Sans's, in
    ``tmp_path / "dejavu"`` (none of the bundled families installed); yields the
    configuration in effect."""
    require_tool("fc-match", "apt-get install fontconfig")
    dejavu = fonts.resolve("DejaVu Sans")
    if dejavu.source != "system":
        pytest.fail("DejaVu Sans is not installed: apt-get install fonts-dejavu-core")
    only = tmp_path / "dejavu"
    only.mkdir()
    for path in {dejavu.regular, dejavu.bold}:
        (only / path.name).symlink_to(path)
    config = machine(tmp_path / "machine", only)
    monkeypatch.setenv("FONTCONFIG_FILE", str(config))
    forget_lookups()
    yield config
    forget_lookups()


def fc_match(family: str, config: Path, home: Path | None = None) -> tuple[str, Path]:
    """The family and file fontconfig gives for ``family`` under ``config``."""
    environment = {**os.environ, "FONTCONFIG_FILE": str(config)}
    if home is not None:
        environment["HOME"] = str(home)
    found = subprocess.run(
        [
            require_tool("fc-match", "apt-get install fontconfig"),
            "-f",
            "%{family[0]}\t%{file}",
            family,
        ],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    ).stdout
    name, _, file = found.partition("\t")
    return name, Path(file)


def test_the_configuration_adds_the_bundled_fonts_to_the_one_in_effect(
    dejavu_only: Path, tmp_path: Path
) -> None:
    assert fonts.base_config() == dejavu_only
    for family in DRAWN_AS:
        assert fc_match(family, dejavu_only)[0] == "DejaVu Sans"  # what it would draw alone
    config = fonts.fontconfig_file(tmp_path / "libreoffice")
    assert config is not None
    for family, drawn in DRAWN_AS.items():
        name, file = fc_match(family, config)
        assert (name, file.parent) == (drawn, fonts.BUNDLED)
    # What the configuration in effect has stays: DejaVu Sans is there for what it draws.
    assert fc_match("sans-serif", config)[0] == "DejaVu Sans"


def test_briefings_own_lookups_see_what_libreoffice_sees(dejavu_only: Path, tmp_path: Path) -> None:
    # The bundled Liberation Mono is found through fontconfig's fallback order, as LibreOffice
    # finds it; the glyphs the bundled fonts lack are in the machine's DejaVu Sans.
    assert fonts.BUNDLED / "LiberationMono-Regular.ttf" in fonts.fallback_files()
    assert fonts.fallback_for("☕") == tmp_path / "dejavu" / "DejaVuSans.ttf"
    assert fonts.resolve("Segoe UI").files() == (
        fonts.BUNDLED / "Carlito-Regular.ttf",
        tmp_path / "dejavu" / "DejaVuSans.ttf",
    )


def test_the_configuration_in_effect_is_found_as_fontconfig_finds_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    named = machine(tmp_path / "named")
    monkeypatch.setenv("FONTCONFIG_FILE", "fonts.conf")  # a bare name: in FONTCONFIG_PATH
    monkeypatch.setenv("FONTCONFIG_PATH", str(named.parent))
    assert fonts.base_config() == named
    monkeypatch.setenv("FONTCONFIG_FILE", str(tmp_path / "missing.conf"))
    assert fonts.base_config() is None
    assert fonts.fontconfig_file(tmp_path / "libreoffice") is None
    # Nothing to add to: LibreOffice gets the environment as it is, with a home of its own.
    environment = soffice_environment(tmp_path / "home")
    assert environment["FONTCONFIG_FILE"] == str(tmp_path / "missing.conf")
    assert environment["HOME"] == str(tmp_path / "home")


def test_libreoffice_sees_the_users_own_fonts_from_its_own_home(
    dejavu_only: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LibreOffice runs with a home folder of its own, where the user's fonts are not: they
    are named in its configuration, as briefing measures with them."""
    home = tmp_path / "user"
    font = home / ".local" / "share" / "fonts" / "house.ttf"
    font.parent.mkdir(parents=True)
    with TTFont(fonts.BUNDLED / "Carlito-Regular.ttf") as carlito:
        carlito["name"].removeNames(nameID=16)
        carlito["name"].removeNames(nameID=1)
        carlito["name"].setName("Briefing House Sans", 1, 3, 1, 0x409)
        carlito.save(font)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    libreoffice_home = tmp_path / "libreoffice"
    environment = soffice_environment(libreoffice_home)
    assert fc_match("Briefing House Sans", dejavu_only, libreoffice_home)[0] == "DejaVu Sans"
    config = Path(environment["FONTCONFIG_FILE"])
    assert fc_match("Briefing House Sans", config, libreoffice_home) == (
        "Briefing House Sans",
        font,
    )


# --- rendered ------------------------------------------------------------------------------


def drawn_fonts(pdf: Path) -> set[str]:
    """The families of the fonts a PDF embeds, subset prefixes and styles left out."""
    listing = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    names = (line.split()[0].split("+")[-1] for line in listing if line.strip())
    return {name.split("-")[0].split(",")[0] for name in names}


def _converted(soffice: str, how: str, document: Path, out: Path) -> Path:
    if how == "convert":
        return convert(document, out)
    if how == "convert_all":
        return convert_all([document], out)[document]
    site = unoserver_site()
    assert site is not None, "unoserver is a dependency of briefing"
    warm = WarmRenderer(soffice, require_uno(soffice), site, out / "session")
    warm.start()
    try:
        return warm.to_pdf(document, out / f"{document.stem}.pdf")
    finally:
        warm.close()


@pytest.mark.render
@pytest.mark.slow
@pytest.mark.parametrize("how", ["convert", "convert_all", "warm"])
def test_libreoffice_draws_calibri_and_arial_with_the_measured_files(
    how: str, soffice: str, dejavu_only: Path, tmp_path: Path
) -> None:
    """On a machine with DejaVu Sans alone, the ccoe deck (Arial headings, Calibri body) is
    drawn in Carlito and Liberation Sans by the export, the tests' batch conversion and the
    live preview alike."""
    require_tool("pdffonts", "apt-get install poppler-utils")
    whole = deck(SAMPLE, tmp_path / "out", "ccoe")
    slides = read_slides(whole)
    # The title and the first session's slides (not the agenda: its links jump to slides a
    # smaller deck leaves out).
    small = subset(whole, [slides[0], *slides[2:4]], tmp_path / "small.pptx")
    pdf = _converted(soffice, how, small, tmp_path / "pdf")
    drawn = drawn_fonts(pdf)
    assert {"Carlito", "LiberationSans"} <= drawn, drawn
