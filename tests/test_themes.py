"""Themes: found by name or path, validated like sources, assets kept inside their folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import cli
from briefing.errors import SourceError, ThemeError
from briefing.themes import load_theme


def make_theme(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "theme.yaml").write_text(text, encoding="utf-8")
    return folder


def test_shipped_themes_load_with_their_logos(workdir: Path) -> None:
    default = load_theme("default")
    ccoe = load_theme("ccoe")
    assert default.colors.primary == "#1B365D"
    assert ccoe.colors.accent == "#D9531E" and ccoe.heading_font == "Arial"
    assert default.logo is not None and default.logo.name == "logo.png"
    assert ccoe.logo is not None and ccoe.logo.is_file()
    assert ccoe.is_explicit("colors.primary") and not ccoe.is_explicit("colors.unknown")


def test_installed_themes_are_found_outside_a_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no ./themes here
    assert load_theme("ccoe").name == "ccoe"


def test_local_themes_win_and_paths_work(workdir: Path) -> None:
    make_theme(workdir / "themes" / "mine", "name: mine\ncolors:\n  primary: '#112233'\n")
    mine = load_theme("mine")
    assert mine.colors.primary == "#112233"
    assert mine.colors.text == "#1F2937"  # filled from the defaults
    assert not mine.is_explicit("colors.text")
    assert load_theme("./themes/mine").name == "mine"


def test_theme_errors_are_located(workdir: Path) -> None:
    make_theme(
        workdir / "themes" / "bad",
        "name: bad\ncolors:\n  primary: navy\nfonts:\n  heading: Arial\n  bodyy: Calibri\n"
        "logo: ../../secret.png\n",
    )
    with pytest.raises(SourceError) as caught:
        load_theme("bad")
    lines = str(caught.value).splitlines()
    assert lines[0] == (
        "themes/bad/theme.yaml:3:12: colors.primary: expected a colour as #RRGGBB "
        "(e.g. '#1B365D', quoted), got 'navy'"
    )
    assert lines[1] == "themes/bad/theme.yaml:6:3: fonts: unknown key 'bodyy'; did you mean 'body'?"


def test_asset_outside_the_theme_folder_is_refused(workdir: Path) -> None:
    (workdir / "secret.png").write_bytes(b"x")
    make_theme(workdir / "themes" / "escape", "name: escape\nlogo: ../../secret.png\n")
    with pytest.raises(SourceError) as caught:
        load_theme("escape")
    assert str(caught.value) == (
        "themes/escape/theme.yaml:2:7: logo: '../../secret.png' leaves the theme folder; put the "
        "file inside themes/escape and give its path relative to it"
    )


def test_missing_asset_and_unknown_theme(workdir: Path) -> None:
    make_theme(workdir / "themes" / "nologo", "name: nologo\nlogo: logo.png\n")
    with pytest.raises(SourceError, match=r"logo: no file 'logo\.png' in the theme folder"):
        load_theme("nologo")
    with pytest.raises(
        ThemeError, match=r"no theme at \.\./etc: expected a folder holding theme\.yaml"
    ):
        load_theme("../etc")
    with pytest.raises(ThemeError, match="'bad name' is not a theme name"):
        load_theme("bad name")
    with pytest.raises(ThemeError, match=r"no theme at \./nowhere"):
        load_theme("./nowhere")


def test_cli_reports_theme_problems_in_one_place(workdir: Path) -> None:
    make_theme(workdir / "themes" / "bad", "name: bad\ncolors: red\n")
    result = CliRunner().invoke(cli, ["build", "-f", "md", "-t", "bad"])
    assert result.exit_code == 1
    assert result.stderr.startswith("themes/bad/theme.yaml:2:9: colors: expected a mapping of keys")
    assert not (workdir / "output").exists()


def test_corrupt_assets_are_refused_where_they_are_named(workdir: Path) -> None:
    folder = make_theme(
        workdir / "themes" / "broken",
        "name: broken\nlogo: logo.png\npptx_template: deck.pptx\ndocx_template: report.docx\n",
    )
    (folder / "logo.png").write_bytes(b"this is not a PNG")
    (folder / "deck.pptx").write_bytes(b"PK\x03\x04 truncated")
    import zipfile

    with zipfile.ZipFile(folder / "report.docx", "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(SourceError) as caught:
        load_theme("broken")
    assert str(caught.value).splitlines() == [
        "themes/broken/theme.yaml:2:7: logo: 'logo.png' is not an image Pillow can read "
        "(PNG, JPEG, GIF, BMP, TIFF); export it again as PNG",
        "themes/broken/theme.yaml:3:16: pptx_template: 'deck.pptx' is not a readable PowerPoint "
        "file (it is cut off or damaged: a partial copy or download?); save it again from "
        "PowerPoint as .pptx or .potx",
        "themes/broken/theme.yaml:4:16: docx_template: 'report.docx' is not a Word file (it has "
        "no main document part); save it again from Word as .docx or .dotx",
    ]


def test_truncated_logo_is_refused(workdir: Path) -> None:
    folder = make_theme(workdir / "themes" / "half", "name: half\nlogo: logo.png\n")
    whole = (workdir / "themes" / "default" / "logo.png").read_bytes()
    (folder / "logo.png").write_bytes(whole[: len(whole) // 2])
    with pytest.raises(SourceError, match=r"logo: 'logo\.png' is a damaged image"):
        load_theme("half")
