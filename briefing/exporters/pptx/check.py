"""What ``briefing check-template`` prints: a template's layouts, and the masters, layouts and
content areas the deck will use on it, with what falls back and why."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pptx.enum.shapes import PP_PLACEHOLDER

from briefing.exporters.pptx.layouts import duplicate_idx

# The deck's slides, by the role of the layout they are built on.
_ROLES = (
    ("title", "title slide"),
    ("section", "track dividers"),
    ("title_only", "agenda and session slides"),
    ("closing", "closing slide"),
)

_KIND_NAMES = {
    PP_PLACEHOLDER.TITLE: "title",
    PP_PLACEHOLDER.CENTER_TITLE: "centred title",
    PP_PLACEHOLDER.VERTICAL_TITLE: "vertical title",
    PP_PLACEHOLDER.SUBTITLE: "subtitle",
    PP_PLACEHOLDER.BODY: "body",
    PP_PLACEHOLDER.OBJECT: "content",
    PP_PLACEHOLDER.DATE: "date",
    PP_PLACEHOLDER.FOOTER: "footer",
    PP_PLACEHOLDER.SLIDE_NUMBER: "slide number",
    PP_PLACEHOLDER.PICTURE: "picture",
    PP_PLACEHOLDER.CHART: "chart",
    PP_PLACEHOLDER.TABLE: "table",
}


def report(path: Path) -> str:
    """What ``briefing check-template`` prints: layouts, placeholders, and how each is used."""
    from briefing.exporters.pptx.design import design, master_label
    from briefing.exporters.pptx.internals import open_template
    from briefing.exporters.pptx.packaging import theme_colors_and_fonts

    prs, samples = open_template(path)  # a wrong or damaged file stops here, told what it is
    sample_slides = _slide_count(path)
    width, height = (prs.slide_width or 0) / 914400, (prs.slide_height or 1) / 914400
    ratio = (
        "16:9"
        if abs(width / height - 16 / 9) < 0.01
        else ("4:3" if abs(width / height - 4 / 3) < 0.01 else f"{width / height:.2f}:1")
    )
    lines = [f"Template: {path}", f"Slide size: {width:.2f} x {height:.2f} in ({ratio})"]
    lines.append(
        f"Sample slides: {sample_slides} (removed from every deck built on it)"
        if sample_slides
        else "Sample slides: none"
    )
    plan = design(prs, samples)
    colors, (heading, body) = theme_colors_and_fonts(prs, plan.content_master)
    from briefing.exporters.pptx.packaging import theme_part_name
    from briefing.exporters.pptx.style import TEMPLATE_SLOTS, template_palette

    used = ", ".join(
        f"{role} = {slot} {colors[slot]}" for role, slot in TEMPLATE_SLOTS.items() if slot in colors
    )
    lines.append(f"Colours (template's, used over the theme's): {used or 'none defined'}")
    lines.append(
        f"Fonts (template's, used over the theme's): headings {heading or '(none)'}, "
        f"body {body or '(none)'}"
    )
    notes: list[str] = []
    shared: list[str] = []
    masters = list(prs.slide_masters)
    for number, master in enumerate(masters):
        lines.append(f"Layouts of {master_label(master, number)}:")
        for index, layout in enumerate(master.slide_layouts, start=1):
            lines.append(f"  {index}. {layout.name!r}: {_placeholders(layout)}")
            if duplicate_idx(layout) and layout.name not in shared:
                shared.append(layout.name)
    if shared:
        notes.append(
            f"placeholders share an idx in {len(shared)} layout(s) ({', '.join(map(repr, shared))}"
            "); the deck copies each placeholder's position from its layout, so this works"
        )
    content = plan.content_master
    lines.append(f"Content master: {master_label(masters[content], content)}, as {plan.why}")
    lines.append("Used for:")
    falls_back: list[str] = []
    for role, use in _ROLES:
        choice, surface = plan.choices[role], plan.surfaces[role]
        name = repr(choice.layout.name) if choice.layout is not None else "(nothing)"
        lines.append(f"  {use:<26} {name} ({choice.how})")
        lines.append(
            f"  {'':<26} {surface.how}; text {surface.text} on {surface.paper}, "
            f"titles {surface.title_color}"
        )
        if surface.card:
            falls_back.append(f"{use}: no room reads on the layout; content goes on a card")
        elif "deck's own" in choice.how:
            falls_back.append(f"{use}: the deck's own places on the master's blank layout")
        elif not choice.how.startswith(("by name", "named", "by its")):
            falls_back.append(f"{use}: {choice.how}")
    surface = plan.surfaces["title_only"]
    part = theme_part_name(prs, content)
    behind = surface.backdrop.extremes(surface.content)
    _, replaced = template_palette(colors, surface.text, surface.paper, part, behind)
    falls_back += [f"colours: {line}" for line in replaced]
    lines.append("Falls back:" if falls_back else "Falls back: nothing")
    lines += [f"  - {line}" for line in falls_back]
    if ratio != "16:9":
        notes.append(f"the slides are {ratio}, not 16:9; the deck keeps the template's size")
    if notes:
        lines.append("Notes:")
        lines += [f"  - {note}" for note in notes]
    return "\n".join(lines)


def _placeholders(layout: Any) -> str:
    parts = []
    for shape in layout.placeholders:
        fmt = shape.placeholder_format
        try:
            kind = _KIND_NAMES.get(fmt.type, str(fmt.type).split(" ")[0].lower())
        except ValueError:
            kind = "unknown"
        parts.append(f"{kind} (idx {fmt.idx})")
    return ", ".join(parts) or "no placeholders"


def _slide_count(path: Path) -> int:
    """How many slides the template holds (they are removed when it is opened)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as package:
            names = package.namelist()
    except (OSError, zipfile.BadZipFile):
        return 0
    return sum(1 for name in names if re.fullmatch(r"ppt/slides/[^/]+\.xml", name))
