"""The python-pptx internals the deck exporter reaches into, kept in this one module.

python-pptx 1.0 has no public API for removing slides, cloning a layout's placeholders onto a
slide the deck writes itself, making a notes page, or rewriting a theme part; and its objects
hide the XML the deck reads from templates. Everything that touches python-pptx's private
attributes or its ``oxml``, ``opc`` and ``parts`` modules is here, so an upgrade has one place to
check: the template opened as the base presentation (its sample slides removed without
orphans, python-pptx's default widened to 16:9), the XML behind its objects, its theme parts,
the placeholders a new slide gets, the notes page, and the saved base.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.oxml.shapes.autoshape import CT_Shape
from pptx.oxml.slide import CT_NotesSlide
from pptx.parts.slide import NotesSlidePart
from pptx.util import Emu

from briefing.errors import ThemeError
from briefing.exporters.pptx.ooxml import EMU_PER_POINT, fragment
from briefing.packages import as_document, unusable_template
from briefing.untrusted import open_package

if TYPE_CHECKING:
    from pptx.presentation import Presentation as PresentationType
    from pptx.slide import SlideLayout

# The python-pptx release these internals were written and checked against (pinned in
# pyproject.toml); tests fail on any other, so an upgrade starts by re-checking this module.
WRITTEN_FOR = "1.0.2"
WIDE = (Emu(12192000), Emu(6858000))  # 13.333 x 7.5 in, 16:9
_TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_PRESENTATION_MAIN = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)
_SECTIONS_EXT = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"
_R_ATTR = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_R_NS = {"r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
_MARKER = "BRIEFING-NOTES-TEXT"


# --- the XML behind python-pptx's objects ---------------------------------------------------


def element(obj: Any) -> Any:
    """The XML element behind a python-pptx slide, layout, master or shape."""
    return obj._element


def inherited_placeholders(shape: Any) -> list[Any]:
    """The elements a slide placeholder inherits from: its layout's placeholder, then that
    one's master placeholder (either may be missing)."""
    try:
        layout_ph = shape._base_placeholder
    except (AttributeError, KeyError):
        return []
    if layout_ph is None:
        return []
    found = [layout_ph._element]
    master_ph = getattr(layout_ph, "_base_placeholder", None)
    if master_ph is not None:
        found.append(master_ph._element)
    return found


def remove_shape(shape: Any) -> None:
    """Take ``shape`` off its slide."""
    shape._element.getparent().remove(shape._element)


def rewrite(part: Any, tree: Any) -> None:
    """Make ``tree`` the content of a part python-pptx keeps as bytes (a theme)."""
    part._blob = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


# --- the base presentation -----------------------------------------------------------------


def open_template(template: Path | None) -> tuple[PresentationType, list[Any]]:
    """The template's presentation with its own slides removed, or python-pptx's default
    widened to 16:9; and the layouts of the template's own sample
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
            rewrite(part, tree)


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


# --- themes ------------------------------------------------------------------------------


def theme_part(prs: PresentationType, master: int = 0) -> Any:
    master_part = prs.slide_masters[master].part
    for rel in master_part.rels.values():
        if rel.reltype == RT.THEME:
            return rel.target_part
    return None


def theme_element(prs: PresentationType, master: int = 0) -> Any:
    part = theme_part(prs, master)
    if part is None:
        return None
    try:
        return etree.fromstring(part.blob)
    except etree.XMLSyntaxError:
        return None


# --- what a new slide and a notes page are made from ----------------------------------------


@contextmanager
def scratch_slide(prs: PresentationType, layout: SlideLayout) -> Iterator[Any]:
    """A slide on ``layout`` with the layout's placeholders cloned onto it, as python-pptx
    makes one, dropped from the presentation again when done with."""
    rid, slide = prs.part.add_slide(layout)
    try:
        slide.shapes.clone_layout_placeholders(layout)
        yield slide
    finally:
        prs.part.drop_rel(rid)


@dataclass(frozen=True)
class PlaceholderSpec:
    """A placeholder as cloned onto a new slide: its non-visual XML, id and place (EMU)."""

    nv: str
    id: int
    xfrm: tuple[int, int, int, int] | None  # written on the clone; None: inherited
    rect: tuple[int | None, int | None, int | None, int | None]  # written or inherited


def placeholder_spec(shape: Any) -> PlaceholderSpec:
    element = shape._element
    xfrm = element.spPr.xfrm
    written = None
    if xfrm is not None and xfrm.off is not None and xfrm.ext is not None:
        written = (int(xfrm.off.x), int(xfrm.off.y), int(xfrm.ext.cx), int(xfrm.ext.cy))
    nv = fragment(etree.tostring(element.nvSpPr, encoding="unicode"))
    return PlaceholderSpec(
        nv=nv,
        id=int(element.nvSpPr.cNvPr.id),
        xfrm=written,
        rect=(shape.left, shape.top, shape.width, shape.height),
    )


def add_title(slide: Any, prs: PresentationType) -> Any:
    """A title placeholder on a slide whose layout has none."""
    tree = slide.shapes._spTree
    shape_id = max((int(x) for x in tree.xpath("//p:cNvPr/@id")), default=1) + 1
    element = CT_Shape.new_placeholder_sp(
        shape_id, "Title", PP_PLACEHOLDER.TITLE, "horz", "full", 0
    )
    tree.insert(2, element)
    title: Any = slide.shapes.title
    margin = 42 * EMU_PER_POINT
    title.left, title.top = margin, margin // 2
    title.width, title.height = (prs.slide_width or 0) - 2 * margin, 60 * EMU_PER_POINT
    return title


@dataclass(frozen=True)
class NotesPage:
    """How notes pages are made: their master, and a page's XML around its paragraphs."""

    master: str  # the notes master's part name
    master_is_new: bool  # made for this deck (python-pptx makes it at the first notes page)
    before: str
    after: str
    has_body: bool  # False: the master has no notes placeholder, the page holds no text


def notes_page(prs: PresentationType) -> NotesPage:
    """A notes page as python-pptx makes one: the master's slide image, notes and slide
    number placeholders cloned (the master is made first if the base has none)."""
    try:
        prs.part.part_related_by(RT.NOTES_MASTER)
        is_new = False
    except KeyError:
        is_new = True
    master_part = prs.part.notes_master_part
    part = NotesSlidePart(
        PackURI("/ppt/notesSlides/briefing-prototype.xml"),
        CT.PML_NOTES_SLIDE,
        prs.part.package,
        CT_NotesSlide.new(),
    )
    notes_slide = part.notes_slide
    notes_slide.clone_master_placeholders(master_part.notes_master)
    frame = notes_slide.notes_text_frame
    if frame is not None:
        frame.text = _MARKER
    xml = etree.tostring(part._element, encoding="UTF-8", standalone=True).decode("utf-8")
    xml = xml.replace("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n", "", 1)
    marker = f"<a:p><a:r><a:t>{_MARKER}</a:t></a:r></a:p>"
    before, found, after = xml.partition(marker)
    return NotesPage(
        master=str(master_part.partname),
        master_is_new=is_new,
        before=before,
        after=after,
        has_body=bool(found),
    )


def presentation_rels(prs: PresentationType) -> dict[str, tuple[str, str, bool]]:
    """The presentation part's relationships: rId -> (type, target reference, external)."""
    return {
        rid: (rel.reltype, rel.target_ref, rel.is_external) for rid, rel in prs.part.rels.items()
    }


def save(prs: PresentationType, slide_rids: list[str]) -> dict[str, bytes]:
    """The base's parts as python-pptx saves them, by entry name, with ``slide_rids`` (the
    relationship ids of the slides, in order) listed in the presentation, numbered from 256."""
    id_list = prs.slides._sldIdLst
    for number, rid in enumerate(slide_rids, start=256):
        id_list._add_sldId(id=number, rId=rid)
    out = io.BytesIO()
    prs.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as package:
        return {name: package.read(name) for name in package.namelist()}
