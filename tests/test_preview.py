"""briefing preview: slides rendered by LibreOffice and poppler, and a contact sheet of them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from briefing import preview as preview_module
from briefing.cli import cli
from briefing.preview import contact_sheet


@pytest.mark.render
def test_preview_renders_every_slide_and_a_contact_sheet(workdir: Path, soffice: str) -> None:
    from pptx import Presentation

    result = CliRunner().invoke(
        cli,
        ["preview", "sources/reinvent-2019.yaml", "--track", "financial-management", "-t", "ccoe"],
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    deck = workdir / lines[0]
    slides = [workdir / line for line in lines[1:-1]]
    sheet = workdir / lines[-1]
    count = len(Presentation(str(deck)).slides)
    assert len(slides) == count
    assert all(p.is_file() and p.suffix == ".png" for p in slides)
    assert sheet.name == "reinvent-2019-financial-management-contact.png"
    with Image.open(slides[0]) as first:
        assert first.width == preview_module.SLIDE_WIDTH
        assert abs(first.width / first.height - 16 / 9) < 0.02
    with Image.open(sheet) as image:
        columns = min(preview_module.COLUMNS, count)
        rows = -(-count // columns)
        assert image.width == preview_module.GAP + columns * (
            preview_module.THUMB_WIDTH + preview_module.GAP
        )
        assert image.height > rows * preview_module.THUMB_WIDTH * 9 / 16


def test_contact_sheet_has_one_thumbnail_per_slide(tmp_path: Path) -> None:
    slides = []
    for number, colour in enumerate(
        [(200, 0, 0), (0, 200, 0), (0, 0, 200), (9, 9, 9), (250, 250, 0)]
    ):
        path = tmp_path / f"s-{number}.png"
        Image.new("RGB", (1280, 720), colour).save(path)
        slides.append(path)
    sheet = contact_sheet(slides, tmp_path / "sheet.png")
    gap, width = preview_module.GAP, preview_module.THUMB_WIDTH
    cell_h = round(720 * width / 1280) + preview_module.LABEL_HEIGHT
    with Image.open(sheet) as image:
        image = image.convert("RGB")
        assert image.size == (gap + 4 * (width + gap), gap + 2 * (cell_h + gap))
        # the centre of each thumbnail holds its slide's colour, in order, row by row
        for index, path in enumerate(slides):
            row, column = divmod(index, 4)
            x = gap + column * (width + gap) + width // 2
            y = gap + row * (cell_h + gap) + 100
            with Image.open(path) as slide:
                assert image.getpixel((x, y)) == slide.convert("RGB").getpixel((640, 360))
        # a sixth cell would be empty background
        assert (
            image.getpixel((gap + (width + gap) + width // 2, gap + cell_h + gap + 100))
            == preview_module.BACKGROUND
        )


def test_preview_without_libreoffice_fails_in_one_line(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_SOFFICE", "/nonexistent/soffice")
    result = CliRunner().invoke(cli, ["preview", "sources/reinvent-2019.yaml"])
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert "install LibreOffice" in result.stderr
    assert not (workdir / "output").exists()
