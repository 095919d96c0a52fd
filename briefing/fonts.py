"""Font files to measure text with: the theme's own, bundled metric-compatible ones, the system's.

A theme names fonts (``Calibri``, ``Arial``); measuring needs files. A name resolves, in order, to:

1. a font file in the theme folder's ``fonts/`` whose family name matches;
2. a bundled open font with the same metrics (Carlito for Calibri, Liberation Sans for Arial,
   Liberation Mono for Courier New; Consolas is measured with Liberation Mono, which is wider);
3. an installed font of that exact family, found with fontconfig's ``fc-match``;
4. Carlito, with a warning that measurements may be off.

Glyphs a font lacks (CJK, Arabic, emoji in a Latin font) are measured with the first installed
font that has them, as LibreOffice and PowerPoint substitute them; a glyph no font has counts as
one em wide, so it is never underestimated.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from briefing.log import warn

BUNDLED = Path(__file__).resolve().parent / "fonts"
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
_STYLE_SUFFIX = {
    (False, False): "Regular",
    (True, False): "Bold",
    (False, True): "Italic",
    (True, True): "BoldItalic",
}


@dataclass(frozen=True)
class FontFace:
    """A family's four style files, and where they were found."""

    family: str
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path
    source: str  # "theme", "bundled", "system" or "fallback"

    def file(self, bold: bool = False, italic: bool = False) -> Path:
        if bold and italic:
            return self.bold_italic
        if bold:
            return self.bold
        return self.italic if italic else self.regular


def bundled_face(prefix: str, family: str, source: str = "bundled") -> FontFace:
    files = {key: BUNDLED / f"{prefix}-{suffix}.ttf" for key, suffix in _STYLE_SUFFIX.items()}
    return FontFace(
        family,
        files[False, False],
        files[True, False],
        files[False, True],
        files[True, True],
        source,
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
    system = _system_face(family)
    if system is not None:
        return system
    warn(
        f"font {family!r} is not in the theme's fonts/ folder, not bundled and not installed; "
        f"text is measured with {FALLBACK_FAMILY}, so sizes may be slightly off (add the "
        "font's files to the theme's fonts/ folder to measure exactly)"
    )
    return bundled_face(FALLBACK_FAMILY, family, "fallback")


def _theme_face(family: str, fonts_dir: Path) -> FontFace | None:
    if not fonts_dir.is_dir():
        return None
    styles: dict[tuple[bool, bool], Path] = {}
    for path in sorted(fonts_dir.iterdir()):
        if path.suffix.lower() not in FONT_SUFFIXES:
            continue
        info = font_info(path)
        if info is not None and info.family.casefold() == family.casefold():
            styles.setdefault((info.bold, info.italic), path)
    if not styles:
        return None
    return _complete(family, styles, "theme")


def _complete(family: str, styles: dict[tuple[bool, bool], Path], source: str) -> FontFace:
    """Fill missing styles from the nearest one present (bold italic -> bold -> regular)."""
    regular = styles.get((False, False)) or next(iter(styles.values()))
    bold = styles.get((True, False), regular)
    italic = styles.get((False, True), regular)
    bold_italic = styles.get((True, True), bold)
    return FontFace(family, regular, bold, italic, bold_italic, source)


def _system_face(family: str) -> FontFace | None:
    if shutil.which("fc-match") is None:
        return None
    styles: dict[tuple[bool, bool], Path] = {}
    for bold, italic in _STYLE_SUFFIX:
        weight = "bold" if bold else "regular"
        pattern = f"{family}:weight={weight}:slant={'italic' if italic else 'roman'}"
        found = _fc(["fc-match", "-f", "%{family}\t%{file}", pattern])
        names, _, file = found.partition("\t")
        if family.casefold() in (n.strip().casefold() for n in names.split(",")) and file:
            path = Path(file)
            if path.suffix.lower() in FONT_SUFFIXES and path.is_file():
                styles[bold, italic] = path
    return _complete(family, styles, "system") if styles else None


def _fc(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, timeout=20, check=False)
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


# --- reading font files: just enough of the SFNT format for names, styles and coverage ------


@dataclass(frozen=True)
class FontInfo:
    family: str
    bold: bool
    italic: bool


def _tables(data: bytes) -> dict[bytes, tuple[int, int]]:
    if data[:4] == b"ttcf":  # a collection: read its first font
        (offset,) = struct.unpack(">I", data[12:16])
    else:
        offset = 0
    (count,) = struct.unpack(">H", data[offset + 4 : offset + 6])
    tables = {}
    for i in range(count):
        entry = offset + 12 + 16 * i
        tag, _, start, length = struct.unpack(">4sIII", data[entry : entry + 16])
        tables[tag] = (start, length)
    return tables


@lru_cache(maxsize=64)
def font_info(path: Path) -> FontInfo | None:
    """The family name and style of a font file; None if it cannot be read."""
    try:
        data = path.read_bytes()
        tables = _tables(data)
        names = _names(data, *tables[b"name"])
        start, _ = tables[b"head"]
        (mac_style,) = struct.unpack(">H", data[start + 44 : start + 46])
    except (OSError, KeyError, struct.error, UnicodeDecodeError):
        return None
    family = names.get(16) or names.get(1)
    if not family:
        return None
    return FontInfo(family, bool(mac_style & 1), bool(mac_style & 2))


def _names(data: bytes, start: int, _length: int) -> dict[int, str]:
    _, count, strings = struct.unpack(">HHH", data[start : start + 6])
    found: dict[int, str] = {}
    for i in range(count):
        record = start + 6 + 12 * i
        platform, encoding, language, name_id, length, offset = struct.unpack(
            ">HHHHHH", data[record : record + 12]
        )
        raw = data[start + strings + offset : start + strings + offset + length]
        if platform == 3 and encoding in (0, 1, 10) and language == 0x409:
            found[name_id] = raw.decode("utf-16-be")
        elif platform == 1 and encoding == 0 and name_id not in found:
            found[name_id] = raw.decode("latin-1")
    return found


@lru_cache(maxsize=64)
def coverage(path: Path) -> frozenset[int]:
    """The code points a font file has glyphs for (from its Unicode cmap subtable)."""
    try:
        data = path.read_bytes()
        start, _ = _tables(data)[b"cmap"]
    except (OSError, KeyError, struct.error):
        return frozenset()
    _, count = struct.unpack(">HH", data[start : start + 4])
    subtables: dict[int, int] = {}
    for i in range(count):
        platform, encoding, offset = struct.unpack(
            ">HHI", data[start + 4 + 8 * i : start + 12 + 8 * i]
        )
        fmt = struct.unpack(">H", data[start + offset : start + offset + 2])[0]
        if (platform, encoding) in ((3, 10), (0, 4), (0, 6)) and fmt == 12:
            subtables[12] = start + offset
        elif (platform, encoding) in ((3, 1), (0, 3), (0, 1), (3, 0)) and fmt == 4:
            subtables.setdefault(4, start + offset)
    try:
        if 12 in subtables:
            return _format12(data, subtables[12])
        if 4 in subtables:
            return _format4(data, subtables[4])
    except struct.error:
        pass
    return frozenset()


def _format4(data: bytes, at: int) -> frozenset[int]:
    seg_x2 = struct.unpack(">H", data[at + 6 : at + 8])[0]
    segs = seg_x2 // 2
    ends = struct.unpack(f">{segs}H", data[at + 14 : at + 14 + seg_x2])
    starts_at = at + 16 + seg_x2
    starts = struct.unpack(f">{segs}H", data[starts_at : starts_at + seg_x2])
    deltas = struct.unpack(f">{segs}h", data[starts_at + seg_x2 : starts_at + 2 * seg_x2])
    ranges_at = starts_at + 2 * seg_x2
    offsets = struct.unpack(f">{segs}H", data[ranges_at : ranges_at + seg_x2])
    codes: set[int] = set()
    for i in range(segs):
        for code in range(starts[i], ends[i] + 1):
            if code == 0xFFFF:
                continue
            if offsets[i] == 0:
                glyph = (code + deltas[i]) & 0xFFFF
            else:
                where = ranges_at + 2 * i + offsets[i] + 2 * (code - starts[i])
                glyph = struct.unpack(">H", data[where : where + 2])[0]
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                codes.add(code)
    return frozenset(codes)


def _format12(data: bytes, at: int) -> frozenset[int]:
    (groups,) = struct.unpack(">I", data[at + 12 : at + 16])
    codes: set[int] = set()
    for i in range(groups):
        first, last, glyph = struct.unpack(">III", data[at + 16 + 12 * i : at + 28 + 12 * i])
        codes.update(range(first, last + 1) if glyph else range(first + 1, last + 1))
    return frozenset(codes)
