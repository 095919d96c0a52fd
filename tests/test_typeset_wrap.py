"""Measuring text with real font metrics: font files, widths, wrapping, heights, best fit.

Glyphs the fonts lack are measured with pinned files (``tests.pinned_fonts``), so the widths
asserted here are the same on every machine."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import ImageFont

from briefing.richtext import RichText, parse
from briefing.typeset import fonts
from briefing.typeset.wrap import LINE_PITCH, WIDTH_SLACK, ZWSP, Box, Para, Typesetter, split_text

pytestmark = pytest.mark.usefixtures("pinned_fonts")


@pytest.fixture
def ts() -> Typesetter:
    return Typesetter()


def para(text: str, size: float = 20, font: str = "Calibri", **kwargs: object) -> Para:
    return Para(parse(text), size, font, **kwargs)  # type: ignore[arg-type]


# --- fonts -------------------------------------------------------------------------------


def test_office_fonts_resolve_to_bundled_metric_compatible_files() -> None:
    calibri = fonts.resolve("Calibri")
    assert calibri.source == "bundled"
    assert calibri.regular.name == "Carlito-Regular.ttf"
    assert calibri.file(bold=True, italic=True).name == "Carlito-BoldItalic.ttf"
    assert fonts.resolve("arial").file(bold=True).name == "LiberationSans-Bold.ttf"
    for face in (calibri, fonts.resolve("Arial"), fonts.resolve("Consolas")):
        for path in (face.regular, face.bold, face.italic, face.bold_italic):
            assert path.is_file() and path.parent == fonts.BUNDLED
    assert (fonts.BUNDLED / "LICENSE-Carlito.txt").is_file()
    assert (fonts.BUNDLED / "LICENSE-Liberation.txt").is_file()


def test_a_theme_folder_font_wins(tmp_path: Path) -> None:
    (tmp_path / "fonts").mkdir()
    for style in ("Regular", "Bold"):
        shutil.copy(fonts.BUNDLED / f"Carlito-{style}.ttf", tmp_path / "fonts")
    face = fonts.resolve("Carlito", tmp_path)
    assert face.source == "theme"
    assert face.bold.parent == tmp_path / "fonts"
    assert face.italic == face.regular  # a missing style falls back to the nearest present


def test_an_unknown_font_falls_back_to_carlito_with_a_warning(
    warnings_logged: list[str],
) -> None:
    face = fonts.resolve("No Such Font Family 7311")
    assert face.source == "fallback"
    assert face.regular.name == "Carlito-Regular.ttf"
    assert any("No Such Font Family 7311" in m and "Carlito" in m for m in warnings_logged)


def test_font_files_are_read_for_names_and_coverage() -> None:
    info = fonts.font_info(fonts.BUNDLED / "LiberationSans-BoldItalic.ttf")
    assert info is not None
    assert (info.family, info.bold, info.italic) == ("Liberation Sans", True, True)
    covered = fonts.coverage(fonts.BUNDLED / "Carlito-Regular.ttf")
    assert {ord("A"), ord("é"), ord("Ж"), ord("α")} <= covered
    assert ord("中") not in covered


# --- widths ------------------------------------------------------------------------------


def test_widths_come_from_the_font_and_scale_with_size(ts: Typesetter) -> None:
    regular = ts.width("Cloud Center of Excellence", "Calibri", 20)
    assert ts.width("Cloud Center of Excellence", "Calibri", 40) == pytest.approx(2 * regular)
    assert ts.width("Cloud Center of Excellence", "Calibri", 20, bold=True) > regular
    # Arial is wider than Calibri, and an "i" is narrower than an "m": real metrics.
    assert ts.width("Cloud Center of Excellence", "Arial", 20) > regular * 1.05
    assert ts.width("iiii", "Calibri", 20) < ts.width("mmmm", "Calibri", 20) / 2


def test_glyphs_a_font_lacks_are_measured_in_a_font_that_has_them(
    ts: Typesetter, pinned_fonts: tuple[Path, ...]
) -> None:
    carlito, _, dejavu = pinned_fonts
    assert not {ord(ch) for ch in "مرحبا☕"} & fonts.coverage(carlito)

    def pillow(path: Path, text: str) -> float:
        font = ImageFont.truetype(str(path), 1000, layout_engine=ImageFont.Layout.BASIC)
        return font.getlength(text) * 20 / 1000 * WIDTH_SLACK

    # Arabic and the coffee cup from DejaVu Sans, the first pinned font that has them; the
    # Latin letters and the spaces from Carlito itself.
    assert ts.width("مرحبا", "Calibri", 20) == pytest.approx(pillow(dejavu, "مرحبا"))
    assert ts.width("a ☕ b", "Calibri", 20) == pytest.approx(
        pillow(carlito, "a ") + pillow(dejavu, "☕") + pillow(carlito, " b")
    )
    # No pinned font has CJK ideographs: each counts as one em, never as nothing.
    assert ts.width("中文测试", "Calibri", 20) == pytest.approx(4 * 20 * WIDTH_SLACK)


# --- wrapping ----------------------------------------------------------------------------


def test_lines_break_at_spaces_and_fit_the_width(ts: Typesetter) -> None:
    text = para("Multi-master write scaling is now a feature of Amazon Aurora " * 3)
    lines = ts.lines(text, 300)
    assert len(lines) > 2
    plain = text.text.plain
    for line in lines:
        assert line.width <= 300
        assert plain[line.start : line.end].rstrip() == plain[line.start : line.end].strip()
    assert "".join(plain[line.start : line.end] for line in lines) == plain


def test_a_forced_break_starts_a_new_line(ts: Typesetter) -> None:
    assert len(ts.lines(para("one\\\ntwo"), 500)) == 2


def test_a_word_too_long_for_a_line_breaks_between_characters(ts: Typesetter) -> None:
    word = "https://example.com/" + "a" * 280
    text = para(f"see {word} end")
    lines = ts.lines(text, 300)
    assert len(lines) >= 5
    assert all(line.width <= 300 for line in lines)
    softened = ts.soften(text, 300)
    assert softened.text.plain.replace(ZWSP, "") == text.text.plain
    assert ZWSP in softened.text.plain and "see" + ZWSP not in softened.text.plain
    assert len(ts.lines(softened, 300)) == len(lines)
    assert ts.soften(para("short words only"), 300) == para("short words only")


def test_cjk_breaks_between_characters_but_not_before_closing_punctuation(
    ts: Typesetter,
) -> None:
    text = para("每一次部署都必须可以回滚，并且要在生产环境中定期演练。" * 2, size=18)
    lines = ts.lines(text, 200)
    plain = text.text.plain
    assert len(lines) > 3
    for line in lines[1:]:
        assert plain[line.start] not in "，。"


def test_rich_text_is_measured_run_by_run(ts: Typesetter) -> None:
    plain = ts.widest_line(para("plain words here"), 1000)
    bold = ts.widest_line(para("**plain words here**"), 1000)
    code = ts.widest_line(para("`plain words here`"), 1000)
    assert bold > plain
    assert code > plain  # monospace cells are wider than Calibri's average


# --- heights and fitting -----------------------------------------------------------------


def test_height_is_lines_times_pitch_plus_spacing(ts: Typesetter) -> None:
    first = para("one line", 20)
    second = para("another line", 20, space_before=8.0)
    assert ts.height([first], 500) == pytest.approx(LINE_PITCH * 20)
    # The first paragraph's space before is ignored, as renderers do.
    assert ts.height([second, first], 500) == pytest.approx(2 * LINE_PITCH * 20)
    assert ts.height([first, second], 500) == pytest.approx(2 * LINE_PITCH * 20 + 8)


def test_fit_size_takes_the_largest_size_that_fits(ts: Typesetter) -> None:
    text = RichText.plain_text("Designing for failure: architecting resilient systems on AWS")
    box = Box(400, 80, 0, 0, 0, 0)

    def make(size: float) -> list[Para]:
        return [Para(text, size, "Calibri", bold=True)]

    size = ts.fit_size(make, box, 12, 40)
    assert size is not None and 12 <= size < 40
    assert ts.fits(make(size), box)
    assert not ts.fits(make(size + 1), box)
    assert ts.fit_size(make, Box(40, 10, 0, 0, 0, 0), 12, 40) is None


def test_split_text_keeps_formatting() -> None:
    text = parse("a **bold** and *italic* [link](https://example.com) end")
    part = split_text(text, 2, 17)
    assert part.plain == "bold and italic"
    assert [s.bold for s in part.spans] == [True, False, False]
    assert part.spans[-1].italic


def test_fit_size_breaks_a_word_only_when_no_size_avoids_it(ts: Typesetter) -> None:
    word = RichText.plain_text("Questions?")
    box = Box(240, 300, 14, 14, 14, 14)  # tall enough for a broken word in two lines

    def make(size: float) -> list[Para]:
        return [Para(word, size, "Arial", bold=True)]

    size = ts.fit_size(make, box, 24, 54)
    assert size is not None and size < 54
    assert not ts.breaks_words(make(size)[0], box.inner_width)
    assert len(ts.lines(make(size)[0], box.inner_width)) == 1
    # Too narrow even at the smallest size: the word breaks rather than overflow.
    narrow = Box(60, 300, 0, 0, 0, 0)
    broken = ts.fit_size(make, narrow, 24, 54)
    assert broken is not None and ts.breaks_words(make(broken)[0], narrow.inner_width)
    assert ts.fits(make(broken), narrow)


def test_a_link_is_never_broken_at_its_spaces(ts: Typesetter) -> None:
    """LibreOffice sets a link as one field: it moves whole to the next line, or breaks
    between characters when it is wider than a line, never at its own spaces."""
    text = parse("see [the docs page](https://example.com/docs)")
    fits_start = ts.width("the docs page ", "Calibri", 18) + 2  # not "see the docs page"
    lines = ts.lines(Para(text, 18, "Calibri"), fits_start)
    plain = text.plain
    assert [plain[line.start : line.end].strip() for line in lines] == ["see", "the docs page"]
    unlinked = parse("see the docs page")
    lines = ts.lines(Para(unlinked, 18, "Calibri"), fits_start)
    assert [unlinked.plain[line.start : line.end].strip() for line in lines] == [
        "see the docs",
        "page",
    ]
