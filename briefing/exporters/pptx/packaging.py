"""The base presentation's theme, masters and properties, rewritten for the deck.

The brand's colours and fonts written into the theme, the masters told not to draw their own
footers, link colours, the core properties dated for reproducible builds, and what a
template's theme says about itself for ``check-template``. The python-pptx internals this
needs are in ``internals``.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import TYPE_CHECKING, Any

from lxml import etree

from briefing.exporters.pptx.internals import element as element_of
from briefing.exporters.pptx.internals import rewrite, theme_element, theme_part
from briefing.exporters.pptx.ooxml import NS_A as _A
from briefing.exporters.pptx.ooxml import qn
from briefing.output import build_time

if TYPE_CHECKING:
    from pptx.presentation import Presentation as PresentationType


def set_theme(
    prs: PresentationType, colors: dict[str, str], heading_font: str, body_font: str
) -> None:
    """Write brand colours and fonts into the base theme, so slides added later match."""
    theme = theme_element(prs)
    if theme is None:
        return
    scheme = theme.find(f".//{{{_A}}}clrScheme")
    if scheme is not None:
        _set_slots(scheme, colors)
    for kind, font in (("majorFont", heading_font), ("minorFont", body_font)):
        latin = theme.find(f".//{{{_A}}}{kind}/{{{_A}}}latin")
        if latin is not None:
            latin.set("typeface", font)
    part = theme_part(prs)
    if part is not None:
        rewrite(part, theme)


# Elements of a master that come after p:hf, in the schema's order.
_AFTER_HF = ("txStyles", "extLst")


def hide_master_footers(prs: PresentationType) -> None:
    """Tell every master not to show its own date, footer and slide number: the deck writes
    its own where they read. (LibreOffice would otherwise draw the master's fields too.)"""
    for master in prs.slide_masters:
        element = element_of(master)
        found = element.find(qn("p:hf"))
        if found is None:
            found = etree.Element(qn("p:hf"))
            after = next(
                (child for child in element if etree.QName(child).localname in _AFTER_HF), None
            )
            if after is not None:
                after.addprevious(found)
            else:
                element.append(found)
        for flag in ("sldNum", "hdr", "ftr", "dt"):
            found.set(flag, "0")


def set_link_color(prs: PresentationType, master: int, color: str) -> None:
    """Write ``color`` as the hyperlink colours of a master's theme: PowerPoint and LibreOffice
    draw links in them, whatever colour the link's text has."""
    part = theme_part(prs, master)
    theme = theme_element(prs, master)
    scheme = theme.find(f".//{{{_A}}}clrScheme") if theme is not None else None
    if part is None or scheme is None:
        return
    _set_slots(scheme, {"hlink": color, "folHlink": color})
    rewrite(part, theme)


def _set_slots(scheme: Any, colors: dict[str, str]) -> None:
    """Write each colour into its slot of a theme's colour scheme, as plain RGB."""
    for slot, color in colors.items():
        holder = scheme.find(f"{{{_A}}}{slot}")
        if holder is None:
            continue
        for child in list(holder):
            holder.remove(child)
        etree.SubElement(holder, qn("a:srgbClr"), val=color.lstrip("#").upper())


def theme_colors_and_fonts(
    prs: PresentationType, master: int = 0
) -> tuple[dict[str, str], tuple[str | None, str | None]]:
    """A master's theme colour scheme (slot -> #RRGGBB) and its heading and body fonts."""
    theme = theme_element(prs, master)
    colors: dict[str, str] = {}
    if theme is None:
        return colors, (None, None)
    scheme = theme.find(f".//{{{_A}}}clrScheme")
    for holder in scheme if scheme is not None else ():
        slot = etree.QName(holder).localname
        rgb = holder.find(f"{{{_A}}}srgbClr")
        sys_color = holder.find(f"{{{_A}}}sysClr")
        if rgb is not None and rgb.get("val"):
            colors[slot] = "#" + str(rgb.get("val")).upper()
        elif sys_color is not None and sys_color.get("lastClr"):
            colors[slot] = "#" + str(sys_color.get("lastClr")).upper()
    fonts: list[str | None] = []
    for kind in ("majorFont", "minorFont"):
        latin = theme.find(f".//{{{_A}}}{kind}/{{{_A}}}latin")
        face = latin.get("typeface") if latin is not None else None
        fonts.append(face or None)
    return colors, (fonts[0], fonts[1])


def theme_part_name(prs: PresentationType, master: int = 0) -> str:
    """The part name of a master's theme, as a template's author finds it in the package."""
    part = theme_part(prs, master)
    return str(part.partname).lstrip("/") if part is not None else "its theme"


def set_properties(
    prs: PresentationType, title: str, author: str, subject: str, keywords: str, language: str
) -> None:
    """Core properties from the source, dated by build_time() so builds are reproducible."""
    props = prs.core_properties
    props.language = language
    stamp = build_time().astimezone(dt.UTC).replace(tzinfo=None)
    props.title = title[:255]
    props.author = author[:255]
    props.last_modified_by = author[:255]
    props.subject = subject[:255]
    props.keywords = _within(keywords, 255)
    props.comments = ""
    props.category = ""
    props.content_status = ""
    props.identifier = ""
    props.version = ""
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    props.revision = 1


def _within(listing: str, limit: int) -> str:
    """A comma-separated list cut to whole items within ``limit`` characters (the format's)."""
    if len(listing) <= limit:
        return listing
    return listing[: limit + 2].rsplit(", ", 1)[0][:limit]


def part_names(data: bytes) -> list[str]:
    """The entries of a saved package, for checks that nothing is left orphaned."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.namelist()
