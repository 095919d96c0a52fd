"""The whole deck in order: title, agenda, each track's divider and sessions, closing."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from briefing import heap
from briefing.errors import ThemeError
from briefing.exporters import words
from briefing.exporters.pptx import internals, layouts, skeleton
from briefing.exporters.pptx.chrome import Canvas
from briefing.exporters.pptx.design import Design, design
from briefing.exporters.pptx.opening import add_agenda, add_title, link_agenda
from briefing.exporters.pptx.package import (
    IMAGE_EXTENSIONS,
    Package,
    Skeleton,
)
from briefing.exporters.pptx.packaging import (
    hide_master_footers,
    set_link_color,
    set_properties,
    set_theme,
    theme_colors_and_fonts,
    theme_part_name,
)
from briefing.exporters.pptx.slides import add_closing
from briefing.exporters.pptx.style import (
    AA_TEXT,
    Style,
    contrast,
    contrast_problems,
    make_style,
    template_palette,
)
from briefing.exporters.pptx.tracks import add_tracks
from briefing.exporters.pptx.watch import add_watch_later
from briefing.log import warn

if TYPE_CHECKING:
    from briefing.model import Briefing
    from briefing.themes import Theme


def build_deck(briefing: Briefing, theme: Theme) -> bytes:
    """The deck's bytes; contrast and font problems are logged as warnings."""
    # The slides are made of strings, tuples and small objects without reference cycles,
    # which reference counting frees; the cycle collector would only walk the measurement
    # caches again and again as they grow. They are all gone when it runs again.
    with heap.paused():
        return _deck(briefing, theme)


def _deck(briefing: Briefing, theme: Theme) -> bytes:
    said = words(briefing, theme)
    prs, samples = internals.open_template(theme.pptx_template)
    plan: Design | None = None
    if theme.pptx_template is not None:
        plan = design(prs, samples, theme.pptx_master, dict(theme.pptx_layouts))
        scheme, fonts = theme_colors_and_fonts(prs, plan.content_master)
        surface = plan.surfaces["title_only"]
        part = theme_part_name(prs, plan.content_master)
        behind = surface.backdrop.extremes(surface.content)
        palette, replaced = template_palette(scheme, surface.text, surface.paper, part, behind)
        style = make_style(theme, palette, fonts, said)
        for line in replaced:
            warn(f"template {theme.pptx_template.name}: {line}")
        _link_colors(prs, plan, style)
        hide_master_footers(prs)
    else:
        style = make_style(theme, words=said)
        set_theme(prs, _scheme(style), style.heading_font, style.body_font)
        for problem in contrast_problems(style):
            warn(f"theme {theme.name!r}: {problem}")
    notes = internals.notes_page(prs)
    package = Package(Skeleton(str(prs.part.partname), internals.presentation_rels(prs), notes))
    return _build(briefing, theme, prs, style, package, plan)


def _build(
    briefing: Briefing,
    theme: Theme,
    prs: Any,
    style: Style,
    package: Package,
    plan: Design | None,
) -> bytes:
    choices = plan.choices if plan is not None else layouts.find_layouts(prs)
    choices.setdefault("closing", choices["content"])
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
        design=plan,
    )
    _load_logo(canvas)
    add_title(canvas, briefing)
    agenda = add_agenda(canvas, briefing)
    dividers = add_tracks(canvas, briefing)
    add_watch_later(canvas, briefing)
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
        language=style.lang,
    )
    ids = package.presentation_ids()
    entries = internals.save(prs, [ids[partname] for partname in package.slides])
    return package.finish(entries, ids)


def _link_colors(prs: Any, plan: Design, style: Style) -> None:
    """Links read on every master the deck uses: the deck's link colour where it reads on the
    content's paper there, else the text colour."""
    done: set[int] = set()
    for surface in plan.surfaces.values():
        if surface.master in done:
            continue
        done.add(surface.master)
        readable = contrast(style.link, surface.paper) >= AA_TEXT
        set_link_color(prs, surface.master, style.link if readable else surface.text)


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
