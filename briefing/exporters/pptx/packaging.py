"""The base presentation, through python-pptx: the template or python-pptx's default.

Opening a template (``.potx`` too) and removing its sample slides without orphans, the
default's 16:9 masters, the theme's colours and fonts, and the core properties. The slides are
not made with python-pptx (see ``package``); ``skeleton`` takes what they need from here.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu

from briefing.errors import ThemeError
from briefing.output import build_time
from briefing.packages import as_document, unusable_template
from briefing.untrusted import open_package

if TYPE_CHECKING:
    from pptx.presentation import Presentation as PresentationType

WIDE = (Emu(12192000), Emu(6858000))  # 13.333 x 7.5 in, 16:9
_TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_PRESENTATION_MAIN = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)
_SECTIONS_EXT = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"
_R_ATTR = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R_NS = {"r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}


def open_base(template: Path | None) -> PresentationType:
    """The template's presentation with its own slides removed, or python-pptx's default."""
    return open_template(template)[0]


def open_template(template: Path | None) -> tuple[PresentationType, list[Any]]:
    """The base presentation (as ``open_base``) and the layouts of the template's own sample
    slides, in order, which tell what the designer meant each master for."""
    if template is None:
        prs = Presentation()
        _widen(prs)
        _drop_thumbnail(prs)
        return prs, []
    try:
        # Only the parts the template uses, within limits, none with a DTD (untrusted.py).
        data = open_package(template, f"the PowerPoint template {template}")
        prs = Presentation(io.BytesIO(as_document(data, _TEMPLATE_MAIN, _PRESENTATION_MAIN)))
    except ThemeError:
        raise
    # python-pptx reports a malformed package with whatever its parsing hits first, and its
    # messages show the stream it was given; the file's content says better what is wrong.
    except Exception as exc:
        detail = _detail(exc)
        reason = unusable_template(template, "PowerPoint") or (
            "is damaged or not a PowerPoint presentation"
            + (f" ({detail})" if detail else "")
            + "; save it again from PowerPoint as .pptx or .potx"
        )
        raise ThemeError(f"cannot open the PowerPoint template {template}: it {reason}") from None
    _check_references(prs, template)
    try:
        samples = [slide.slide_layout for slide in prs.slides]
        remove_slides(prs)
    except (AttributeError, KeyError, ValueError, TypeError) as exc:
        raise ThemeError(
            f"cannot open the PowerPoint template {template}: it is damaged "
            f"({type(exc).__name__}: {exc}); save it again from PowerPoint as .pptx or .potx"
        ) from None
    _ensure_view_props(prs)
    return prs, samples


def _check_references(prs: PresentationType, template: Path) -> None:
    """Refuse a template whose parts refer to relationships they do not have, or whose
    layouts or masters lack their master or theme: python-pptx would fail on them later,
    halfway through the deck."""

    def refuse(detail: str) -> ThemeError:
        return ThemeError(
            f"cannot open the PowerPoint template {template}: it is damaged ({detail}); "
            "save it again from PowerPoint as .pptx or .potx"
        )

    from pptx.parts.slide import NotesMasterPart, SlideLayoutPart, SlideMasterPart, SlidePart

    kinds = {
        RT.SLIDE: SlidePart,
        RT.SLIDE_LAYOUT: SlideLayoutPart,
        RT.SLIDE_MASTER: SlideMasterPart,
        RT.NOTES_MASTER: NotesMasterPart,
    }
    for part in prs.part.package.iter_parts():
        for rel in part.rels.values():
            kind = kinds.get(rel.reltype)
            if kind is not None and not rel.is_external and not isinstance(rel.target_part, kind):
                target, what = rel.target_part.partname, kind.__name__.removesuffix("Part")
                raise refuse(f"{target} is not typed as a {what} in its content types")
        element = getattr(part, "_element", None)
        if element is None:
            continue
        ids = set(part.rels.keys())
        for node in element.iter():
            for name, value in node.attrib.items():
                if name.startswith(_R_ATTR) and value not in ids:
                    raise refuse(f"{part.partname} refers to {value}, a relationship it lacks")
    for master in prs.slide_masters:
        try:
            master.part.part_related_by(RT.THEME)
        except KeyError:
            raise refuse(f"{master.part.partname} has no theme") from None
        for layout in master.slide_layouts:
            try:
                layout.part.part_related_by(RT.SLIDE_MASTER)
            except KeyError:
                raise refuse(f"{layout.part.partname} has no slide master") from None


def _ensure_view_props(prs: PresentationType) -> None:
    """Give the presentation a view properties part if the template has none (LibreOffice
    writes none): PowerPoint offers to repair a deck without one. The part is python-pptx's
    own default, which opens the deck in the normal view."""
    from pptx.opc.package import Part
    from pptx.opc.packuri import PackURI

    if any(rel.reltype == RT.VIEW_PROPS for rel in prs.part.rels.values()):
        return
    default = next(
        rel.target_part for rel in Presentation().part.rels.values() if rel.reltype == RT.VIEW_PROPS
    )
    part = Part(PackURI("/ppt/viewProps.xml"), default.content_type, prs.part.package, default.blob)
    prs.part.relate_to(part, RT.VIEW_PROPS)


def _detail(exc: Exception) -> str | None:
    """What python-pptx found wrong, on one line, if its message is about the file.

    Its other errors (AttributeError and the like) tell of its internals, and its messages
    show the stream it was given as an object repr; neither means anything to a user.
    """
    if isinstance(exc, KeyError):  # a missing part; str() would quote the message
        text = str(exc.args[0]) if exc.args else ""
    elif isinstance(exc, ValueError | zipfile.BadZipFile | etree.XMLSyntaxError):
        text = str(exc)
    else:
        return None
    text = re.sub(r"(?:file )?'?<[^<>]* at 0x[0-9A-Fa-f]+>'?", "the file", text)
    return " ".join(text.split()) or None


def remove_slides(prs: PresentationType) -> int:
    """Remove every slide: its list entry, its relationship, and what only it used.

    Parts are saved by walking relationships, so a slide no longer related from anywhere (and
    its notes and media, unless still used elsewhere) is not written. Sections, custom shows
    and outline views list slides too; their entries go with them.
    """
    pres = prs.part._element
    sld_id_lst = pres.find(qn("p:sldIdLst"))
    removed = set()
    if sld_id_lst is not None:
        for sld_id in list(sld_id_lst):
            rid = sld_id.get(qn("r:id"))
            removed.add(prs.part.related_part(rid))
            sld_id_lst.remove(sld_id)
            prs.part.drop_rel(rid)
    for custom_shows in pres.findall(qn("p:custShowLst")):
        pres.remove(custom_shows)
    ext_lst = pres.find(qn("p:extLst"))
    if ext_lst is not None:
        for ext in list(ext_lst):
            if ext.get("uri") == _SECTIONS_EXT:
                ext_lst.remove(ext)
    if removed:
        _forget(prs, removed)
    _drop_thumbnail(prs)
    return len(removed)


def _forget(prs: PresentationType, removed: set[Any]) -> None:
    """Drop every other part's links to removed slides, and the XML that used those links."""
    for part in list(prs.part.package.iter_parts()):
        if part in removed or part.partname.startswith("/ppt/notesSlides/"):
            continue
        stale = [
            rid
            for rid, rel in part.rels.items()
            if not rel.is_external and rel.target_part in removed
        ]
        if not stale:
            continue
        element = getattr(part, "_element", None)
        tree = element if element is not None else etree.fromstring(part.blob)
        for rid in stale:
            for user in tree.xpath(f'//*[@r:id="{rid}"]', namespaces=_R_NS):
                user.getparent().remove(user)
            part.rels.pop(rid)
        if element is None:
            part._blob = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def _drop_thumbnail(prs: PresentationType) -> None:
    """The package's thumbnail shows the template's first slide; no preview beats a wrong one."""
    package = prs.part.package
    for rid, rel in list(package._rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.drop_rel(rid)


def _widen(prs: PresentationType) -> None:
    """Make python-pptx's 4:3 default 16:9, stretching its masters' and layouts' shapes."""
    old_width = prs.slide_width
    prs.slide_width, prs.slide_height = WIDE
    factor = prs.slide_width / old_width
    for master in prs.slide_masters:
        for owner in (master, *master.slide_layouts):
            for shape in owner.shapes:
                if not shape._element.xpath("./*[2]/a:xfrm"):
                    continue  # it inherits its place from the (already widened) master
                x, y, w, h = shape.left, shape.top, shape.width, shape.height
                shape.left, shape.top = Emu(round(x * factor)), y
                shape.width, shape.height = Emu(round(w * factor)), h


def set_theme(
    prs: PresentationType, colors: dict[str, str], heading_font: str, body_font: str
) -> None:
    """Write brand colours and fonts into the base theme, so slides added later match."""
    theme = _theme_element(prs)
    if theme is None:
        return
    scheme = theme.find(f".//{{{_A}}}clrScheme")
    if scheme is not None:
        _set_slots(scheme, colors)
    for kind, font in (("majorFont", heading_font), ("minorFont", body_font)):
        latin = theme.find(f".//{{{_A}}}{kind}/{{{_A}}}latin")
        if latin is not None:
            latin.set("typeface", font)
    theme_part = _theme_part(prs)
    if theme_part is not None:
        theme_part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8")


# Elements of a master that come after p:hf, in the schema's order.
_AFTER_HF = ("txStyles", "extLst")


def hide_master_footers(prs: PresentationType) -> None:
    """Tell every master not to show its own date, footer and slide number: the deck writes
    its own where they read. (LibreOffice would otherwise draw the master's fields too.)"""
    for master in prs.slide_masters:
        element = master._element
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
    part = _theme_part(prs, master)
    theme = _theme_element(prs, master)
    scheme = theme.find(f".//{{{_A}}}clrScheme") if theme is not None else None
    if part is None or scheme is None:
        return
    _set_slots(scheme, {"hlink": color, "folHlink": color})
    part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8")


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
    theme = _theme_element(prs, master)
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
    part = _theme_part(prs, master)
    return str(part.partname).lstrip("/") if part is not None else "its theme"


def _theme_part(prs: PresentationType, master: int = 0) -> Any:
    master_part = prs.slide_masters[master].part
    for rel in master_part.rels.values():
        if rel.reltype == RT.THEME:
            return rel.target_part
    return None


def _theme_element(prs: PresentationType, master: int = 0) -> Any:
    part = _theme_part(prs, master)
    if part is None:
        return None
    try:
        return etree.fromstring(part.blob)
    except etree.XMLSyntaxError:
        return None


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
