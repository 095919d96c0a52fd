"""Font files to measure text with: the theme's own, bundled metric-compatible ones, the system's.

A theme names fonts (``Calibri``, ``Arial``); measuring needs files. A name resolves, in order, to:

1. a font file in the theme folder's ``fonts/`` whose family name matches;
2. a bundled open font with the same metrics (Carlito for Calibri, Liberation Sans for Arial,
   Liberation Mono for Courier New; Consolas is measured with Liberation Mono, which is wider);
3. an installed font of that exact family, found with fontconfig's ``fc-match``;
4. two candidates, text being measured with each and taking the wider width, string by string:
   a stand-in for the font as PowerPoint draws it where it is installed (an installed open font
   with the same metrics, such as Liberation Serif for Times New Roman, else Carlito), and the
   font fontconfig substitutes for it, which LibreOffice draws instead (often DejaVu Sans). Text
   then fits either way; a warning says so, once per family.

Glyphs a font lacks (CJK, Arabic, emoji in a Latin font) are measured with the first installed
font that has them, as LibreOffice and PowerPoint substitute them; a glyph no font has counts as
one em wide, so it is never underestimated.

Where fontconfig finds fonts (Linux, BSD), LibreOffice runs with a configuration that adds the
bundled files to the one in effect (``fontconfig_file``): its metric aliases then draw Calibri
with Carlito, Arial with Liberation Sans, Courier New with Liberation Mono, the files measured
here, whatever the machine has installed. briefing's own fontconfig look-ups use the same
configuration, so they name the fonts that LibreOffice draws.
"""

from __future__ import annotations

import atexit
import os
import shutil
import struct
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from xml.sax.saxutils import escape

from fontTools.ttLib import TTFont, TTLibError  # type: ignore[import-untyped]  # no type hints

from briefing.log import warn

if TYPE_CHECKING:
    from collections.abc import Iterator

BUNDLED = Path(__file__).resolve().parent / "files"
FALLBACK_FAMILY = "Carlito"
FONT_SUFFIXES = (".ttf", ".otf")
# Family (casefolded) -> bundled file prefix with the same advance widths.
METRIC_COMPATIBLE = {
    "calibri": "Carlito",
    "carlito": "Carlito",
    "arial": "LiberationSans",
    "helvetica": "LiberationSans",
    "arimo": "LiberationSans",
    "liberation sans": "LiberationSans",
    "courier new": "LiberationMono",
    "cousine": "LiberationMono",
    "liberation mono": "LiberationMono",
    # Not metric-compatible: Liberation Mono's 0.6 em cells are wider than Consolas' 0.55 em,
    # so text measured with it always fits where Consolas (or its usual substitutes) is used.
    "consolas": "LiberationMono",
}


class StandIn(NamedTuple):
    """An open family that measures text in place of a missing one, if it is installed."""

    family: str
    metric_compatible: bool  # the same advance widths, glyph for glyph


# Family (casefolded) -> installed open families to measure it with, best first, when it is
# neither in the theme nor installed. Corbel, Candara, Trebuchet MS and others have no open
# equivalent: Carlito stands in for them.
STAND_INS = {
    "times new roman": (StandIn("Liberation Serif", True), StandIn("Tinos", True)),
    "arial narrow": (StandIn("Liberation Sans Narrow", True),),
    "cambria": (StandIn("Caladea", True),),
    "georgia": (StandIn("Gelasio", True),),
    "segoe ui": (StandIn("Selawik", True),),
    # Not metric-compatible: a wide sans serif drawn for screens like these two, far closer to
    # them than Carlito, which is much narrower.
    "verdana": (StandIn("DejaVu Sans", False),),
    "tahoma": (StandIn("DejaVu Sans", False),),
}
Style = tuple[bool, bool]  # (bold, italic)
STYLES: tuple[Style, ...] = ((False, False), (True, False), (False, True), (True, True))
_SUFFIXES = ("Regular", "Bold", "Italic", "BoldItalic")  # bundled file names, as STYLES
Files = tuple[Path, ...]


@dataclass(frozen=True)
class FontFace:
    """A family's files for its four styles, and where they were found.

    A style has one file, or, when the family itself is missing, several candidates: text is
    measured with each and counts as wide as the widest (``briefing.typeset.metrics``)."""

    family: str
    styles: tuple[Files, ...]  # regular, bold, italic, bold italic (as STYLES)
    source: str  # "theme", "bundled", "system", "stand-in" or "fallback"

    def files(self, bold: bool = False, italic: bool = False) -> Files:
        """The candidate files of one style: the font's own file or its stand-in comes first."""
        return self.styles[bold + 2 * italic]

    def file(self, bold: bool = False, italic: bool = False) -> Path:
        """The font's own file for one style, or its stand-in's."""
        return self.styles[bold + 2 * italic][0]

    @property
    def regular(self) -> Path:
        return self.file()

    @property
    def bold(self) -> Path:
        return self.file(bold=True)

    @property
    def italic(self) -> Path:
        return self.file(italic=True)

    @property
    def bold_italic(self) -> Path:
        return self.file(bold=True, italic=True)


def bundled_face(prefix: str, family: str, source: str = "bundled") -> FontFace:
    return FontFace(
        family, tuple((BUNDLED / f"{prefix}-{suffix}.ttf",) for suffix in _SUFFIXES), source
    )


def resolve(family: str, folder: Path | None = None) -> FontFace:
    """The files to measure ``family`` with (see the module docstring for the order)."""
    return _resolve(family.strip(), folder.resolve() if folder else None)


@lru_cache(maxsize=64)
def _resolve(family: str, folder: Path | None) -> FontFace:
    key = family.casefold()
    if folder is not None:
        own = _theme_face(family, folder / "fonts")
        if own is not None:
            return own
    if key in METRIC_COMPATIBLE:
        return bundled_face(METRIC_COMPATIBLE[key], family)
    matches = _fc_match(family)
    system = _installed(family, matches)
    if system is not None:
        return system
    stand_in, stand_in_face = _stand_in(key)
    drawn = _complete(family, {style: path for style, (_, path) in matches.items()}, "drawn")
    styles = tuple(_unique(stand_in_face.files(*s) + drawn.files(*s)) for s in STYLES)
    if stand_in.metric_compatible and styles == stand_in_face.styles:
        return FontFace(family, styles, "stand-in")  # and LibreOffice draws it too: exact
    drawn_name = next((names[0] for names, _ in matches.values()), None)
    _warn_once(family, _measured_with(family, stand_in, drawn_name))
    return FontFace(family, styles, "fallback")


def _stand_in(key: str) -> tuple[StandIn, FontFace]:
    """What stands in for a missing family: the first installed of its ``STAND_INS``, else
    Carlito."""
    for stand_in in STAND_INS.get(key, ()):
        face = _installed(stand_in.family, _fc_match(stand_in.family))
        if face is not None:
            return stand_in, face
    carlito = bundled_face(FALLBACK_FAMILY, FALLBACK_FAMILY, "fallback")
    return StandIn(FALLBACK_FAMILY, metric_compatible=False), carlito


def _measured_with(family: str, stand_in: StandIn, drawn: str | None) -> str:
    """The warning for a missing family: what its text is measured with, and why."""
    measured = stand_in.family + (" (metric-compatible)" if stand_in.metric_compatible else "")
    if drawn is None:  # no fontconfig: what LibreOffice draws instead is unknown
        how = f"text is measured with {measured}, so sizes may be slightly off"
    elif drawn == stand_in.family:
        how = (
            f"text is measured with {measured}, which LibreOffice draws instead, so sizes may "
            "be slightly off where the font is installed"
        )
    else:
        how = (
            f"text is measured with the wider of {measured} and {drawn} (what LibreOffice "
            "draws instead), so it fits either way"
        )
    return (
        f"font {family!r} is not installed: {how}; install the font or put its files in the "
        "theme's fonts/ folder for exact sizes"
    )


_warned: set[str] = set()


def _warn_once(family: str, message: str) -> None:
    if family.casefold() not in _warned:
        _warned.add(family.casefold())
        warn(message)


def _unique(files: Files) -> Files:
    return tuple(dict.fromkeys(files))


def _theme_face(family: str, fonts_dir: Path) -> FontFace | None:
    if not fonts_dir.is_dir():
        return None
    styles: dict[Style, Path] = {}
    for path in sorted(fonts_dir.iterdir()):
        if path.suffix.lower() not in FONT_SUFFIXES:
            continue
        info = font_info(path)
        if info is None:
            _warn_once(
                str(path),
                f"{path}: not a font file that can be read (damaged, cut off, or not a "
                "font); it is left out: replace it with the font's .ttf or .otf file",
            )
        elif info.family.casefold() == family.casefold():
            styles.setdefault((info.bold, info.italic), path)
    if not styles:
        return None
    return _complete(family, styles, "theme")


def _complete(family: str, styles: dict[Style, Path], source: str) -> FontFace:
    """Fill missing styles from the nearest one present (bold italic -> bold -> regular); with
    no style at all, a face without files."""
    if not styles:
        return FontFace(family, ((),) * len(STYLES), source)
    regular = styles.get((False, False)) or next(iter(styles.values()))
    bold = styles.get((True, False), regular)
    italic = styles.get((False, True), regular)
    bold_italic = styles.get((True, True), bold)
    return FontFace(family, ((regular,), (bold,), (italic,), (bold_italic,)), source)


def _installed(family: str, matches: dict[Style, tuple[list[str], Path]]) -> FontFace | None:
    """The installed files of ``family`` itself among fontconfig's matches, if any."""
    wanted = family.casefold()
    styles = {
        style: path
        for style, (names, path) in matches.items()
        if wanted in (name.casefold() for name in names)
    }
    return _complete(family, styles, "system") if styles else None


@lru_cache(maxsize=64)
def _fc_match(family: str) -> dict[Style, tuple[list[str], Path]]:
    """For each style, the families and the file fontconfig draws ``family`` with (itself if
    installed, else its substitute); styles without a usable file are left out."""
    if shutil.which("fc-match") is None:
        return {}
    found: dict[Style, tuple[list[str], Path]] = {}
    for bold, italic in STYLES:
        weight = "bold" if bold else "regular"
        pattern = f"{family}:weight={weight}:slant={'italic' if italic else 'roman'}"
        names, _, file = _fc(["fc-match", "-f", "%{family}\t%{file}", pattern]).partition("\t")
        path = Path(file)
        if file and path.suffix.lower() in FONT_SUFFIXES and path.is_file():
            found[bold, italic] = ([name.strip() for name in names.split(",")], path)
    return found


def _fc(command: list[str]) -> str:
    """What a fontconfig tool prints, run with the configuration LibreOffice gets; "" when it
    fails."""
    try:
        result = subprocess.run(
            command, capture_output=True, timeout=20, check=False, env=_fc_environment()
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return result.stdout.decode("utf-8", "replace").strip() if result.returncode == 0 else ""


@lru_cache(maxsize=1)
def fallback_files() -> tuple[Path, ...]:
    """Fonts to find missing glyphs in: the bundled ones, then fontconfig's fallback order."""
    files = [bundled_face(prefix, prefix).regular for prefix in ("Carlito", "LiberationSans")]
    listing = (
        _fc(["fc-match", "-s", "-f", "%{file}\n", "sans-serif"]) if shutil.which("fc-match") else ""
    )
    for line in listing.splitlines():
        path = Path(line.strip())
        if path.suffix.lower() in FONT_SUFFIXES and path not in files and path.is_file():
            files.append(path)
    return tuple(files)


def fallback_for(char: str) -> Path | None:
    """The first fallback font that has a glyph for ``char``, or None."""
    return _fallback_for(ord(char))


@lru_cache(maxsize=4096)
def _fallback_for(code: int) -> Path | None:
    return next((path for path in fallback_files() if code in coverage(path)), None)


# --- the fontconfig configuration LibreOffice runs with --------------------------------------

FONTCONFIG_NAME = "fonts.conf"
_DEFAULT_CONFIG = Path("/etc/fonts/fonts.conf")


def base_config() -> Path | None:
    """The fontconfig configuration in effect: ``$FONTCONFIG_FILE`` (a bare name is looked up
    in ``$FONTCONFIG_PATH``, then ``/etc/fonts``), else ``/etc/fonts/fonts.conf``; None where
    there is none (macOS and Windows, whose LibreOffice does not use fontconfig)."""
    configured = os.environ.get("FONTCONFIG_FILE")
    if not configured:
        return _DEFAULT_CONFIG if _DEFAULT_CONFIG.is_file() else None
    path = Path(configured).expanduser()
    if path.is_absolute():
        return path if path.is_file() else None
    folders = [
        *os.environ.get("FONTCONFIG_PATH", "").split(os.pathsep),
        str(_DEFAULT_CONFIG.parent),
    ]
    found = (Path(folder) / path for folder in folders if folder)
    return next((candidate.resolve() for candidate in found if candidate.is_file()), None)


def fontconfig_file(folder: Path) -> Path | None:
    """Write into ``folder`` a fontconfig configuration that is the one in effect plus the
    bundled fonts, and return it; None where there is no configuration to add to.

    LibreOffice runs with a home folder of its own, where fontconfig would look for the user's
    fonts: the user's font folders are named here, so it draws the fonts measured with."""
    base = base_config()
    return _write_config(folder, base) if base is not None else None


def user_font_folders() -> list[Path]:
    """The user's own font folders that exist (fontconfig's ``50-user.conf`` names them)."""
    home = Path.home()
    data = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return [folder for folder in (data / "fonts", home / ".fonts") if folder.is_dir()]


def _write_config(folder: Path, base: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / FONTCONFIG_NAME
    dirs = "".join(
        f"  <dir>{escape(str(path))}</dir>\n" for path in [BUNDLED, *user_font_folders()]
    )
    target.write_text(
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<fontconfig>\n"
        f"  <include>{escape(str(base))}</include>\n"
        f"{dirs}"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return target


def _fc_environment() -> dict[str, str] | None:
    """The environment for briefing's own fontconfig tools: the bundled fonts added, as for
    LibreOffice; None (the inherited one) where there is no configuration to add to."""
    base = base_config()
    if base is None:
        return None
    return {**os.environ, "FONTCONFIG_FILE": str(_own_config(base))}


@lru_cache(maxsize=4)
def _own_config(base: Path) -> Path:
    """This process's configuration over ``base``, in a private folder removed at exit."""
    folder = Path(tempfile.mkdtemp(prefix="briefing-fonts-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return _write_config(folder, base)


# --- reading font files, with fontTools ------------------------------------------------------


@dataclass(frozen=True)
class FontInfo:
    family: str
    bold: bool
    italic: bool


# Unicode cmap subtables, best first: fontTools' default order (HarfBuzz's), then the one of
# symbol fonts (Wingdings, Symbol), whose glyphs sit at U+F020 to U+F0FF.
_CMAPS = ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0), (3, 0))
# What fontTools raises on a damaged or truncated font file.
_UNREADABLE = (OSError, TTLibError, KeyError, ValueError, AssertionError, struct.error)


@contextmanager
def _opened(path: Path) -> Iterator[Any]:
    """``path`` as a fontTools font whose tables are read when first used (of a collection,
    the first font); the file is closed even when it cannot be read."""
    with path.open("rb") as file, TTFont(file, lazy=True, fontNumber=0) as font:
        yield font


@lru_cache(maxsize=64)
def font_info(path: Path) -> FontInfo | None:
    """The family name and style of a font file; None if it cannot be read."""
    try:
        with _opened(path) as font:
            names = font["name"]
            family: str | None = names.getDebugName(16) or names.getDebugName(1)
            if "OS/2" in font:  # where FreeType reads the style from, when a font has it
                selection = font["OS/2"].fsSelection
                bold, italic = bool(selection & 0x20), bool(selection & 0x01)
            else:
                style = font["head"].macStyle
                bold, italic = bool(style & 0x01), bool(style & 0x02)
    except _UNREADABLE:
        return None
    return FontInfo(family, bold, italic) if family else None


@lru_cache(maxsize=64)
def coverage(path: Path) -> frozenset[int]:
    """The code points a font file has glyphs for (from its best Unicode cmap subtable)."""
    try:
        with _opened(path) as font:
            # fontTools names the glyphs a cmap maps to from the 'post' table, the slow part of
            # reading it; names are not needed here, so the glyphs are named by number instead.
            font.setGlyphOrder(list(map(str, range(font["maxp"].numGlyphs))))
            best = font["cmap"].getBestCmap(_CMAPS)
    except _UNREADABLE:
        return frozenset()
    return frozenset(best or ())  # fontTools leaves out codes mapped to the missing glyph
