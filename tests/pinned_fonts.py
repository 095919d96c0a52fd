"""Text measured with named fonts only, so what tests assert about it is the same everywhere.

The theme fonts of the tests (Calibri, Arial, Consolas) are measured with the bundled files on
every machine; glyphs those lack are measured with the first installed font that has them
(``briefing.typeset.fonts.fallback_for``), which depends on what the machine has installed.
While pinned, that fallback is a fixed list instead: the bundled Carlito and Liberation Sans,
then DejaVu Sans (Debian's fonts-dejavu-core, which LibreOffice depends on). Measurement tests
and the golden decks pin it; render tests do not, as LibreOffice draws with what is installed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from briefing.typeset import fonts, metrics

FALLBACK_FAMILY = "DejaVu Sans"


def pinned_files() -> tuple[Path, ...]:
    """The pinned fallback list: the bundled Carlito and Liberation Sans, then DejaVu Sans."""
    bundled = tuple(fonts.bundled_face(p, p).regular for p in ("Carlito", "LiberationSans"))
    dejavu = fonts.resolve(FALLBACK_FAMILY)
    if dejavu.source != "system":
        raise RuntimeError(
            f"{FALLBACK_FAMILY} is not installed; the tests measure glyphs the bundled fonts "
            "lack with it: apt-get install fonts-dejavu-core"
        )
    return (*bundled, dejavu.regular)


@contextmanager
def pinned_fallbacks(files: tuple[Path, ...] | None = None) -> Iterator[tuple[Path, ...]]:
    """Measure glyphs the fonts lack with ``files`` (by default ``pinned_files()``) only, and
    with what is installed again afterwards; widths measured before are forgotten both ways."""
    chosen = pinned_files() if files is None else files
    installed = fonts.fallback_files
    fonts.fallback_files = lambda: chosen  # type: ignore[assignment]  # replaces a cached function
    _forget_widths()
    try:
        yield chosen
    finally:
        fonts.fallback_files = installed
        _forget_widths()


def _forget_widths() -> None:
    fonts._fallback_for.cache_clear()
    metrics.width_at_ref.cache_clear()
