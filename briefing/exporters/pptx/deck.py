"""The whole deck in order: title, agenda, each track's divider and sessions, closing."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from briefing import heap
from briefing.errors import ThemeError
from briefing.exporters.pptx import layouts, skeleton
from briefing.exporters.pptx.chrome import Canvas
from briefing.exporters.pptx.opening import add_agenda, add_title, link_agenda
from briefing.exporters.pptx.package import (
    IMAGE_EXTENSIONS,
    Package,
    Skeleton,
    ZipWriter,
    zip_date,
)
from briefing.exporters.pptx.packaging import (
    open_base,
    set_properties,
    set_theme,
    theme_colors_and_fonts,
)
from briefing.exporters.pptx.slides import add_closing
from briefing.exporters.pptx.style import Style, contrast_problems, make_style
from briefing.exporters.pptx.tracks import add_tracks
from briefing.log import warn

if TYPE_CHECKING:
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
    # The slides are made of strings, tuples and small objects without reference cycles,
    # which reference counting frees; the cycle collector would only walk the measurement
    # caches again and again as they grow. They are all gone when it runs again.
    with heap.paused():
        return _deck(briefing, theme)


def _deck(briefing: Briefing, theme: Theme) -> bytes:
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
    notes = skeleton.notes_page(prs)
    package = Package(
        Skeleton(str(prs.part.partname), skeleton.presentation_rels(prs), notes),
        ZipWriter(zip_date()),
    )
    return _build(briefing, theme, prs, style, package)


def _build(briefing: Briefing, theme: Theme, prs: Any, style: Style, package: Package) -> bytes:
    choices = layouts.find_layouts(prs)
    prototypes: dict[tuple[str, bool], skeleton.Prototype] = {}

    def prototype(role: str, keep_body: bool) -> skeleton.Prototype:
        if (role, keep_body) not in prototypes:
            prototypes[role, keep_body] = skeleton.prototype(prs, choices[role].layout, keep_body)
        return prototypes[role, keep_body]

    canvas = Canvas(
        prs=prs,
        style=style,
        theme=theme,
        choices=choices,
        package=package,
        prototypes=prototype,
        branded=theme.pptx_template is None,
    )
    _load_logo(canvas)
    add_title(canvas, briefing)
    agenda = add_agenda(canvas, briefing)
    dividers = add_tracks(canvas, briefing)
    add_closing(canvas, briefing)
    link_agenda(canvas, agenda, dividers)
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
    ids = package.presentation_ids()
    entries = skeleton.save(prs, [ids[partname] for partname in package.slides])
    return package.finish(entries, ids)


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
        kind = image.format or ""
    if kind not in IMAGE_EXTENSIONS:
        raise ThemeError(
            f"the logo {logo} is a {kind or 'kind of'} image PowerPoint cannot show; "
            "export it as PNG or JPEG"
        )
    canvas.logo = blob
    canvas.logo_ext = IMAGE_EXTENSIONS[kind]
    canvas.logo_ratio = width / height if height else 1.0
