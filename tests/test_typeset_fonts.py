"""Fonts a theme names but the machine lacks: measured so the text fits wherever it is drawn.

A missing family is drawn by PowerPoint in the real font (where it is installed) and by
LibreOffice in what fontconfig substitutes; each string is measured with a stand-in for the
first and with the substitute, and the wider width counts. Widths here are checked against
Pillow's own measurement of the files fontconfig names, not against briefing's code.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # no type hints
from PIL import ImageFont

from briefing.cli import cli
from briefing.libreoffice import soffice_environment
from briefing.richtext import parse
from briefing.typeset import fonts
from briefing.typeset.wrap import WIDTH_SLACK, Para, Typesetter
from tests.conftest import SAMPLE, require_tool
from tests.render import (
    broken_words,
    clipped_words,
    low_contrast_words,
    outside_words,
    overlapping_words,
    read_rendering,
    word_contrasts,
)

MISSING = "Segoe UI"  # common in corporate templates; not installed on Linux machines
INSTALLED = "DejaVu Sans"  # installed wherever LibreOffice is (its fonts depend on it)
SIZE = 20.0
# Strings from the issue, and strings only one of Carlito and DejaVu Sans draws wider.
SAMPLES = ("STP1 / 5", "Questions?", "25.3 million", "Keynote", "||||////", "mmmm")


def fc_match(family: str, style: str = "") -> tuple[str, Path]:
    """fontconfig's family and file for ``family``: what LibreOffice draws it with, asked with
    the configuration briefing gives LibreOffice."""
    require_tool("fc-match", "apt-get install fontconfig")
    found = as_libreoffice(["fc-match", "-f", "%{family[0]}\t%{file}", f"{family}{style}"])
    name, _, file = found.partition("\t")
    return name, Path(file)


def installed(family: str) -> bool:
    """Whether LibreOffice finds ``family`` itself."""
    require_tool("fc-list", "apt-get install fontconfig")
    return bool(as_libreoffice(["fc-list", f":family={family}", "file"]).strip())


def as_libreoffice(command: list[str]) -> str:
    """What a fontconfig tool prints when run in the environment of the LibreOffice briefing
    starts (``briefing.libreoffice.soffice_environment``)."""
    with tempfile.TemporaryDirectory(prefix="briefing-test-home-") as home:
        return subprocess.run(
            command,
            capture_output=True,
            text=True,
            check=True,
            env=soffice_environment(Path(home)),
        ).stdout


def width(path: Path, text: str) -> float:
    """``text``'s advance width in points at SIZE in one font file, as Pillow measures it."""
    font = ImageFont.truetype(str(path), 1000, layout_engine=ImageFont.Layout.BASIC)
    return font.getlength(text) * SIZE / 1000 * WIDTH_SLACK


@pytest.fixture
def missing() -> None:
    if installed(MISSING):
        pytest.skip(f"{MISSING} is installed here")


@pytest.fixture
def new_run(warnings_logged: list[str]) -> Iterator[list[str]]:
    """Fonts resolved as in a fresh run (none yet, no warning given), and the warnings."""
    fonts._resolve.cache_clear()
    fonts._warned.clear()
    yield warnings_logged
    fonts._resolve.cache_clear()
    fonts._warned.clear()


def renamed_font(source: Path, family: str, target: Path) -> Path:
    """A copy of the font file ``source`` whose family is called ``family``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with TTFont(source) as font:
        names = font["name"]
        names.removeNames(nameID=16)
        names.removeNames(nameID=1)
        names.setName(family, 1, 3, 1, 0x409)
        font.save(target)
    return target


# --- a missing family ---------------------------------------------------------------------


@pytest.mark.parametrize(("bold", "italic"), [(False, False), (True, False), (False, True)])
def test_a_missing_family_measures_as_the_wider_of_carlito_and_the_substitute(
    missing: None, new_run: list[str], bold: bool, italic: bool
) -> None:
    style = f":weight={'bold' if bold else 'regular'}:slant={'italic' if italic else 'roman'}"
    _, substitute = fc_match(MISSING, style)
    carlito = fonts.bundled_face("Carlito", "Carlito").file(bold, italic)
    assert substitute.is_file() and substitute != carlito
    ts = Typesetter()
    wider = {"carlito": 0, "substitute": 0}
    for text in SAMPLES:
        measured = ts.width(text, MISSING, SIZE, bold, italic)
        in_carlito, in_substitute = width(carlito, text), width(substitute, text)
        assert measured == pytest.approx(max(in_carlito, in_substitute)), text
        wider["carlito" if in_carlito > in_substitute else "substitute"] += 1
    # Each font is the wider one for some strings: the widest is taken string by string.
    assert all(wider.values()), wider


def test_wrapping_a_missing_family_uses_the_wider_widths(missing: None, new_run: list[str]) -> None:
    _, substitute = fc_match(MISSING)
    text = "Questions? " * 12
    lines = Typesetter().lines(Para(parse(text), SIZE, MISSING), 300)
    assert len(lines) > 1
    for line in lines:
        shown = text[line.start : line.end].rstrip()
        assert width(substitute, shown) <= 300 + 0.01


def test_the_warning_says_what_is_measured_and_why_once_per_family(
    missing: None, new_run: list[str], tmp_path: Path
) -> None:
    substitute, _ = fc_match(MISSING)
    fonts.resolve(MISSING)
    fonts.resolve(MISSING.lower(), tmp_path)  # another theme, the same family
    fonts.resolve(f" {MISSING} ")
    assert new_run == [
        f"font {MISSING!r} is not installed: text is measured with the wider of Carlito and "
        f"{substitute} (what LibreOffice draws instead), so it fits either way; install the font "
        "or put its files in the theme's fonts/ folder for exact sizes"
    ]


def test_a_build_warns_once_about_a_missing_heading_and_body_font(
    missing: None, new_run: list[str], workdir: Path
) -> None:
    theme = workdir / "themes" / "segoe"
    theme.mkdir()
    (theme / "theme.yaml").write_text(
        f"name: segoe\nfonts: {{heading: {MISSING}, body: {MISSING}}}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["build", str(SAMPLE), "-f", "pptx", "-t", "segoe"])
    assert result.exit_code == 0, result.output
    assert result.stderr.count(f"font {MISSING!r}") == 1


def test_a_metric_compatible_installed_stand_in_is_measured_alone(new_run: list[str]) -> None:
    drawn, file = fc_match("Times New Roman")
    if installed("Times New Roman") or drawn != "Liberation Serif":
        pytest.skip("needs Liberation Serif and no Times New Roman installed")
    face = fonts.resolve("Times New Roman")
    assert face.files() == (file,)
    assert Typesetter().width("Keynote", "Times New Roman", SIZE) == pytest.approx(
        width(file, "Keynote")
    )
    assert new_run == []  # PowerPoint and LibreOffice draw the same widths: nothing to say


# --- fonts that are there -----------------------------------------------------------------


def test_an_installed_family_is_measured_with_its_own_file_alone(new_run: list[str]) -> None:
    if not installed(INSTALLED):
        pytest.skip(f"{INSTALLED} is not installed")
    _, file = fc_match(INSTALLED)
    face = fonts.resolve(INSTALLED)
    assert (face.source, face.files()) == ("system", (file,))
    ts = Typesetter()
    for text in SAMPLES:
        assert ts.width(text, INSTALLED, SIZE) == pytest.approx(width(file, text))
    assert new_run == []


def test_a_theme_font_file_wins_over_stand_ins(new_run: list[str], tmp_path: Path) -> None:
    carlito = fonts.BUNDLED / "Carlito-Regular.ttf"
    own = renamed_font(carlito, MISSING, tmp_path / "fonts" / "segoeui.ttf")
    (tmp_path / "fonts" / "broken.ttf").write_bytes(b"not a font")
    (tmp_path / "fonts" / "cut.ttf").write_bytes(carlito.read_bytes()[:3000])
    face = fonts.resolve(MISSING, tmp_path)
    assert face.source == "theme"
    assert [face.files(*style) for style in fonts.STYLES] == [(own,)] * 4
    ts = Typesetter(tmp_path)
    for text in SAMPLES:
        assert ts.width(text, MISSING, SIZE) == pytest.approx(width(own, text))
    # Each damaged file is left out with one line naming it.
    assert [line.split(":")[0] for line in new_run] == [
        str(tmp_path / "fonts" / "broken.ttf"),
        str(tmp_path / "fonts" / "cut.ttf"),
    ]
    assert all("not a font file that can be read" in line for line in new_run)


def test_font_files_are_read_as_fontconfig_reads_them() -> None:
    require_tool("fc-query", "apt-get install fontconfig")
    for path in (fonts.BUNDLED / "LiberationSans-BoldItalic.ttf", fc_match(INSTALLED)[1]):
        query = subprocess.run(
            ["fc-query", "-f", "%{family[0]}\t%{weight}\t%{slant}\t%{charset}", str(path)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        family, weight, slant, charset = query.split("\t")
        info = fonts.font_info(path)
        assert info is not None
        assert (info.family, info.bold, info.italic) == (family, int(weight) >= 200, slant != "0")
        codes: set[int] = set()
        for part in charset.split():
            first, _, last = part.partition("-")
            codes.update(range(int(first, 16), int(last or first, 16) + 1))
        # fontconfig leaves out glyphs it finds blank (control characters, some spaces).
        assert codes <= fonts.coverage(path)
        assert len(fonts.coverage(path) - codes) < 40


# --- rendered ------------------------------------------------------------------------------


@pytest.mark.render
def test_a_deck_in_a_missing_font_reads_whole_in_the_pdf_export(
    soffice: str, missing: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``-f pdf`` in a font nobody has: what LibreOffice draws keeps every word whole, inside
    its shape, clear of the others and readable (the corporate templates' guarantees)."""
    theme = tmp_path / "segoe"
    theme.mkdir()
    (theme / "theme.yaml").write_text(
        f"name: segoe\nfonts: {{heading: {MISSING}, body: {MISSING}}}\n", encoding="utf-8"
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1576800000")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["build", str(SAMPLE), "-f", "pptx", "-f", "pdf", "-t", str(theme), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    # The PDF is drawn from the same deck: a build is the same bytes every time.
    rendering = read_rendering(out / f"{SAMPLE.stem}.pptx", out / f"{SAMPLE.stem}-deck.pdf")
    assert clipped_words(rendering) == []
    assert outside_words(rendering) == []
    assert overlapping_words(rendering) == []
    assert broken_words(rendering) == []
    measured = word_contrasts(rendering)
    assert measured
    assert len(low_contrast_words(rendering, measured=measured)) <= 0.01 * len(measured)
