"""The whole deck in order: title, agenda, each track's divider and sessions, closing."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from briefing.exporters.pptx import layouts
from briefing.exporters.pptx.chrome import Canvas
from briefing.exporters.pptx.opening import add_agenda, add_title, link_agenda
from briefing.exporters.pptx.packaging import (
    Parts,
    open_base,
    set_properties,
    set_theme,
    theme_colors_and_fonts,
    to_bytes,
)
from briefing.exporters.pptx.session import add_session
from briefing.exporters.pptx.slides import add_closing, add_divider
from briefing.exporters.pptx.style import Style, contrast_problems, make_style
from briefing.log import warn

if TYPE_CHECKING:
    from pptx.slide import Slide

    from briefing.model import Briefing
    from briefing.themes import Theme

# Template colour slots -> the palette roles they fill.
TEMPLATE_SLOTS = {
    "text": "dk1",
    "background": "lt1",
    "primary": "accent1",
    "secondary": "dk2",
    "accent": "accent2",
}


def build_deck(briefing: Briefing, theme: Theme) -> bytes:
    """The deck's bytes; contrast and font problems are logged as warnings."""
    prs = open_base(theme.pptx_template)
    if theme.pptx_template is not None:
        scheme, fonts = theme_colors_and_fonts(prs)
        palette = {role: scheme[slot] for role, slot in TEMPLATE_SLOTS.items() if slot in scheme}
        style = make_style(theme, palette, fonts)
    else:
        style = make_style(theme)
        set_theme(prs, _scheme(style), style.heading_font, style.body_font)
    for problem in contrast_problems(style):
        warn(f"theme {theme.name!r}: {problem}")
    canvas = Canvas(
        prs=prs,
        style=style,
        theme=theme,
        choices=layouts.find_layouts(prs),
        parts=Parts(prs),
        branded=theme.pptx_template is None,
    )
    _load_logo(canvas)
    add_title(canvas, briefing)
    agenda = add_agenda(canvas, briefing)
    dividers: dict[str, Slide] = {}
    for number, track in enumerate(briefing.tracks, start=1):
        dividers[track.id] = add_divider(canvas, briefing, track, number)[0]
        for session in briefing.sessions_in(track):
            add_session(canvas, session, track)
    add_closing(canvas, briefing)
    link_agenda(agenda, dividers)
    meta = briefing.meta
    keywords = dict.fromkeys(
        [*(t.name for t in briefing.tracks), *(tag for s in briefing.sessions for tag in s.tags)]
    )
    set_properties(
        prs,
        title=meta.title.plain,
        author=(meta.author or meta.organisation or meta.title).plain,
        subject=(meta.event or meta.subtitle or meta.title).plain,
        keywords=", ".join(keywords),
    )
    return to_bytes(prs)


def _scheme(style: Style) -> dict[str, str]:
    """The brand palette in the base theme's colour slots (charts and new slides use them)."""
    palette = style.palette
    return {
        "dk1": palette.text,
        "lt1": palette.background,
        "dk2": palette.primary,
        "accent1": palette.primary,
        "accent2": palette.secondary,
        "accent3": palette.accent,
        "hlink": style.link,
    }


def _load_logo(canvas: Canvas) -> None:
    logo = canvas.theme.logo
    if logo is None:
        return
    from PIL import Image

    blob = logo.read_bytes()
    with Image.open(io.BytesIO(blob)) as image:
        width, height = image.size
    canvas.logo = blob
    canvas.logo_ratio = width / height if height else 1.0
