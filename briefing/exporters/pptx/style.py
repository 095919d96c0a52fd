"""The deck's look: colours, fonts and type sizes, and the WCAG contrast check of the colours."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path

from briefing.i18n import Messages, messages
from briefing.themes import Palette, Theme
from briefing.typeset.wrap import CODE_FONT, Typesetter

WHITE = "#FFFFFF"
AA_TEXT = 4.5  # WCAG 2 AA, normal text
AA_LARGE = 3.0  # WCAG 2 AA, text of 18 pt and more (or 14 pt bold)

# Type sizes in points: readable from the back of the room.
TITLE_MAX, TITLE_MIN = 36.0, 20.0
BODY_MAX, BODY_MIN, BODY_FLOOR = 24.0, 18.0, 14.0
SMALL = 14.0  # badges, captions
FOOTER = 12.0


@dataclass(frozen=True)
class Style:
    """Resolved colours and fonts, the typesetter that measures in those fonts, and the
    deck's fixed words in its language (measured like every other text)."""

    palette: Palette
    heading_font: str
    body_font: str
    typesetter: Typesetter
    words: Messages = field(default_factory=messages)
    code_font: str = CODE_FONT
    # Colours the template defines itself (so the theme's are not written over them).
    template_colors: frozenset[str] = field(default_factory=frozenset)

    @property
    def lang(self) -> str:
        """The language tag every text run carries."""
        return self.words.lang

    @property
    def rtl(self) -> bool:
        return self.words.rtl

    @property
    def primary(self) -> str:
        return self.palette.primary

    @property
    def text(self) -> str:
        return self.palette.text

    @property
    def background(self) -> str:
        return self.palette.background

    @property
    def accent(self) -> str:
        return self.palette.accent

    @property
    def secondary(self) -> str:
        return self.palette.secondary

    @cached_property
    def on_primary(self) -> str:
        """The text colour to use on the primary colour."""
        return readable_on(self.primary, (WHITE, self.background, self.text))

    @cached_property
    def on_accent(self) -> str:
        return readable_on(self.accent, (WHITE, self.background, self.text))

    @cached_property
    def muted(self) -> str:
        """A softer text colour (captions, footers) that still reads on the background."""
        candidate = mix(self.text, self.background, 0.3)
        if contrast(candidate, self.background) >= AA_TEXT:
            return candidate
        return self.text

    @cached_property
    def tint(self) -> str:
        """A light wash of the primary colour, for boxes that hold body text."""
        candidate = mix(self.primary, self.background, 0.9)
        # Cards hold body text and headings in the primary colour: both must read on them.
        reads = contrast(self.text, candidate) >= AA_TEXT
        return (
            candidate
            if reads and contrast(self.primary, candidate) >= AA_LARGE
            else self.background
        )

    @cached_property
    def link(self) -> str:
        """Link text colour: the secondary colour when it reads, else the text colour."""
        if contrast(self.secondary, self.tint) >= AA_TEXT:
            return self.secondary
        return self.primary if contrast(self.primary, self.tint) >= AA_TEXT else self.text

    @cached_property
    def stat_color(self) -> str:
        """Big numbers: the accent colour when it reads as large text, else the primary."""
        if contrast(self.accent, self.background) >= AA_LARGE:
            return self.accent
        return self.primary


def make_style(
    theme: Theme,
    template_palette: dict[str, str] | None = None,
    template_fonts: tuple[str | None, str | None] = (None, None),
    words: Messages | None = None,
) -> Style:
    """The deck's style: a template's colours and fonts win; the theme fills in the rest.
    ``words``: the briefing's (by default English, with the theme's labels)."""
    colors = {k: getattr(theme.colors, k) for k in ("primary", "secondary", "accent", "text")}
    colors["background"] = theme.colors.background
    defined = dict(template_palette or {})
    colors.update(defined)
    heading = template_fonts[0] or theme.heading_font
    body = template_fonts[1] or theme.body_font
    folder: Path | None = theme.folder
    return Style(
        palette=replace(theme.colors, **colors),
        heading_font=heading,
        body_font=body,
        typesetter=Typesetter(folder),
        words=words if words is not None else messages("en", dict(theme.labels)),
        template_colors=frozenset(defined),
    )


# Template colour slots -> the palette roles they fill; then the slots tried, in order, when
# one does not read on the template's content background.
TEMPLATE_SLOTS = {"primary": "accent1", "secondary": "dk2", "accent": "accent2"}
_STAND_INS = ("accent1", "accent2", "dk2", "accent3", "accent4", "accent5", "accent6", "lt2")
_USES = {
    "primary": "track names, bullets and bars",
    "secondary": "links",
    "accent": "badges and big numbers",
}


def template_palette(
    scheme: dict[str, str],
    text: str,
    paper: str,
    part: str,
    behind: tuple[str, ...] = (),
) -> tuple[dict[str, str], list[str]]:
    """The deck's colours on a template: its text and paper as found behind the content, its
    accents where they read there as large text (on the paper and on every colour in
    ``behind``, the darkest and lightest of the content area), else the next scheme colour
    that does. Returns the colours and one line for each one replaced."""
    palette = {"text": text, "background": paper}
    notes = []

    def reads(color: str) -> bool:
        return all(contrast(color, back) >= AA_LARGE for back in (paper, *behind))

    for role, slot in TEMPLATE_SLOTS.items():
        color = scheme.get(slot)
        if color is None:
            continue
        if reads(color):
            palette[role] = color
            continue
        stand_in = next((s for s in _STAND_INS if s in scheme and reads(scheme[s])), None)
        replacement = scheme[stand_in] if stand_in else text
        palette[role] = replacement
        instead = f"{stand_in} {replacement}" if stand_in else f"the text colour {text}"
        worst = min((paper, *behind), key=lambda back: contrast(color, back))
        notes.append(
            f"{slot} {color} ({part}) reads at {contrast(color, worst):.1f}:1 on the content "
            f"background {worst}; {_USES[role]} use {instead} instead"
        )
    return palette, notes


def contrast_problems(style: Style) -> list[str]:
    """Every colour pair the deck sets text in that misses WCAG AA, as one message each."""
    pairs = [
        ("text", style.text, "background", style.background, AA_TEXT),
        ("title text", style.on_primary, "primary", style.primary, AA_TEXT),
        ("badge text", style.primary, "tint", style.tint, AA_LARGE),
        ("big numbers", style.stat_color, "background", style.background, AA_LARGE),
    ]
    problems = []
    for name, fg, bg_name, bg, needed in pairs:
        ratio = contrast(fg, bg)
        if ratio < needed:
            problems.append(
                f"{name} {fg} on {bg_name} {bg} has a contrast of {ratio:.1f}:1, below the "
                f"WCAG AA minimum of {needed:g}:1; choose a darker or lighter colour"
            )
    return problems


@lru_cache(maxsize=4096)
def luminance(color: str) -> float:
    """WCAG relative luminance of a #RRGGBB colour."""
    channels = []
    for i in (1, 3, 5):
        c = int(color[i : i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two colours, from 1 to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_on(fill: str, candidates: tuple[str, ...]) -> str:
    """The candidate text colour with the best contrast on ``fill``."""
    return max(candidates, key=lambda c: contrast(c, fill))


def mix(first: str, second: str, amount: float) -> str:
    """``first`` moved ``amount`` (0-1) of the way towards ``second``."""
    parts = []
    for i in (1, 3, 5):
        a, b = int(first[i : i + 2], 16), int(second[i : i + 2], 16)
        parts.append(round(a + (b - a) * amount))
    return "#" + "".join(f"{p:02X}" for p in parts)
