"""Dates, numbers, percentages and figures with a magnitude, formatted by Babel for a locale:
"20. Dezember 2019", "3.000", "25,3 Mio.", "63 %"."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

# Units written straight after the number, without a space.
TIGHT_UNITS = frozenset({"%", "k", "K", "M", "B", "x", "×", "+", "%+", "k+", "M+", "B+"})
# Units that say how large a number is, as powers of ten: a source gives "25.3" "million",
# which is "25,3 Mio." in German. Written in English, as sources write them.
MAGNITUDES = {
    "k": 3, "K": 3, "thousand": 3,
    "M": 6, "mn": 6, "million": 6, "millions": 6,
    "B": 9, "bn": 9, "billion": 9, "billions": 9,
    "trillion": 12, "trillions": 12,
}  # fmt: skip
_LETTERS = re.compile(r"[^\W\d_]")


def date(day: dt.date, locale: Locale) -> str:
    """The date written out in full: '20 December 2019', '20. Dezember 2019'."""
    from babel.dates import format_date

    return format_date(day, "long", locale=locale)


@lru_cache(maxsize=4096)  # a deck counts and shows the same few numbers again and again
def number(value: float, locale: Locale) -> str:
    """A number as the locale writes it: grouped, at most three decimals, no trailing zeros;
    very large and very small ones with an exponent ('1.5e+20', '1,5e+20')."""
    from babel.numbers import format_decimal, get_decimal_symbol

    if isinstance(value, float) and (abs(value) >= 1e15 or (value != 0 and abs(value) < 1e-3)):
        return f"{value:.3g}".replace(".", get_decimal_symbol(locale))
    if isinstance(value, int) and abs(value) >= 10**15:
        return f"{value:.3g}".replace(".", get_decimal_symbol(locale))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return format_decimal(_decimal(value), locale=locale)


def percent(value: float, locale: Locale) -> str:
    """``value`` per cent: '63%', '63 %' (French, German), '99,999 %'."""
    from babel.numbers import format_percent

    if abs(value) >= 1e15 or (value != 0 and abs(value) < 1e-3):
        # Beyond what a percentage is written with: the number with an exponent, with the
        # locale's percent sign and spacing around it ("1e+300 %").
        one = format_percent(Decimal("0.01"), locale=locale)
        return one.replace("1", number(float(value), locale), 1)
    return format_percent(_decimal(value) / 100, locale=locale, decimal_quantization=False)


@lru_cache(maxsize=4096)
def figure(value: float, unit: str | None, locale: Locale) -> str:
    """A figure and its unit: '25.3 million' (English keeps the source's words), '25,3 Mio.',
    '63 %', '100k', '2,5x', '42 ms'. A trailing '+' ('million+') stays after it."""
    if not unit:
        return number(value, locale)
    core, plus = (unit[:-1], "+") if unit.endswith("+") and len(unit) > 1 else (unit, "")
    if core == "%":
        return percent(value, locale) + plus
    if core in MAGNITUDES and locale.language != "en":
        return compact(value, MAGNITUDES[core], locale) + plus
    glue = "" if unit in TIGHT_UNITS else " "
    return f"{number(value, locale)}{glue}{unit}"


def compact(value: float, exponent: int, locale: Locale) -> str:
    """``value`` times ten to ``exponent`` in the locale's short form: '25,3 Mio.'; written in
    full where the locale has no short form for it (German thousands: '100.000')."""
    from babel.numbers import format_compact_decimal, format_decimal

    full = _decimal(value) * (Decimal(10) ** exponent)
    if abs(full) >= 10**15:
        return number(float(full), locale)
    written = format_compact_decimal(full, format_type="short", locale=locale, fraction_digits=3)
    if not _LETTERS.search(written):
        return format_decimal(full, locale=locale)
    return written


def chart_format(unit: str | None, locale: Locale) -> str:
    """The number format of a chart's value labels: the figures' unit as ``figure`` writes it,
    in spreadsheet notation, marked with the locale's Windows language id so that the
    separators are the locale's too ('[$-407]#,##0.###" Mio."')."""
    found = _lcid(locale)
    mark = f"[$-{found:X}]" if found is not None else ""
    if not unit:
        return mark + _format("", "")
    core, plus = (unit[:-1], "+") if unit.endswith("+") and len(unit) > 1 else (unit, "")
    if core == "%":
        prefix, suffix = _affixes(locale.percent_formats[None].pattern)
        return mark + _format(prefix, suffix + plus)
    if core in MAGNITUDES and locale.language != "en":
        prefix, suffix = _magnitude_affixes(MAGNITUDES[core], locale)
        return mark + _format(prefix, suffix + plus)
    glue = "" if unit in TIGHT_UNITS else " "
    return mark + _format("", glue + unit)


def _lcid(locale: Locale) -> int | None:
    """The Windows language id of the locale (0x407 for de_DE), or of its language where the
    region has none; spreadsheet number formats name their locale by it."""
    ids = _windows_ids()
    names = [str(locale)]
    if locale.territory is None or names[0] not in ids:
        from babel.core import get_global

        likely = get_global("likely_subtags").get(locale.language, "").split("_")
        if len(likely) > 1:
            names.append(f"{likely[0]}_{likely[-1]}")
    return next((ids[name] for name in names if name in ids), None)


def unit_name(unit: str, locale: Locale) -> str:
    """A unit as a caption names it: 'million', 'Mio.' (the locale's own word for a magnitude,
    as ``figure`` writes it)."""
    core, plus = (unit[:-1], "+") if unit.endswith("+") and len(unit) > 1 else (unit, "")
    if core in MAGNITUDES and locale.language != "en":
        prefix, suffix = _magnitude_affixes(MAGNITUDES[core], locale)
        return (prefix + suffix).strip() + plus
    return unit


def join(items: Sequence[str], locale: Locale) -> str:
    """A list as the locale writes one: 'A, B and C', 'A, B und C'."""
    from babel.lists import format_list

    return format_list(list(items), locale=locale) if items else ""


@lru_cache(maxsize=1)
def _windows_ids() -> dict[str, int]:
    import locale as system

    ids: dict[str, int] = {}
    for number, name in sorted(system.windows_locale.items()):
        ids.setdefault(name, number)
    return ids


def _magnitude_affixes(exponent: int, locale: Locale) -> tuple[str, str]:
    """What the locale writes around a number in the short (else the long) form of a
    magnitude: ('', ' Mio.')."""
    key = str(10**exponent)
    for kind in ("short", "long"):
        pattern = locale.compact_decimal_formats.get(kind, {}).get("other", {}).get(key)
        if pattern is not None and _LETTERS.search(pattern.pattern):
            return _affixes(pattern.pattern)
    return "", f"×10^{exponent}"


def _affixes(pattern: str) -> tuple[str, str]:
    """The text before and after the number in a CLDR pattern ('#,##0\u00a0%' -> '', ' %')."""
    before: list[str] = []
    after: list[str] = []
    quoted, seen = False, False
    for char in pattern.split(";")[0]:
        if char == "'":
            quoted = not quoted
        elif not quoted and char in "#0,.":
            seen = True
            after.clear()  # only what follows the last digit is the suffix
        else:
            (after if seen else before).append(char)
    return "".join(before), "".join(after)


def _format(prefix: str, suffix: str) -> str:
    """A number format: the affixes quoted (a quote in them becomes an apostrophe)."""

    def quoted(text: str) -> str:
        return '"' + text.replace('"', "'") + '"' if text else ""

    return f"{quoted(prefix)}#,##0.###{quoted(suffix)}"


def _decimal(value: float) -> Decimal:
    """The number as written in the source: 25.3 is 25.3, not its binary neighbour."""
    return Decimal(value) if isinstance(value, int) else Decimal(repr(float(value)))
