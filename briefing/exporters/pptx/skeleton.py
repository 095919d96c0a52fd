"""What new slides are made from, taken once from the base presentation with python-pptx.

Each layout's placeholders as python-pptx clones them onto a new slide (which the deck keeps,
and where), a notes page cloned from the notes master, and at the end the base's own parts as
python-pptx saves them, with the slides listed. These are python-pptx internals, written for
python-pptx 1.0.2 (pinned) and kept in this module and ``packaging``.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.shapes.autoshape import CT_Shape
from pptx.oxml.slide import CT_NotesSlide
from pptx.parts.slide import NotesSlidePart

from briefing.errors import ThemeError
from briefing.exporters.pptx import layouts
from briefing.exporters.pptx.ooxml import fragment

if TYPE_CHECKING:
    from pptx.presentation import Presentation as PresentationType
    from pptx.slide import SlideLayout

EMU_PER_POINT = 12700
_MARKER = "BRIEFING-NOTES-TEXT"


@dataclass(frozen=True)
class PlaceholderSpec:
    """A placeholder as cloned onto a new slide: its non-visual XML, id and place (EMU)."""

    nv: str
    id: int
    xfrm: tuple[int, int, int, int] | None  # written on the clone; None: inherited
    rect: tuple[int | None, int | None, int | None, int | None]  # written or inherited


@dataclass(frozen=True)
class Prototype:
    """A new slide on one layout: the placeholders the deck keeps on it, in z-order."""

    layout: str  # the layout's part name
    shapes: tuple[PlaceholderSpec, ...]
    title: int  # index of the title placeholder in ``shapes``
    body: int | None
    title_size: float  # what the template sets its titles in
    title_caps: bool  # whether the template sets its titles in capitals


def prototype(prs: PresentationType, layout: SlideLayout | None, keep_body: bool) -> Prototype:
    """The placeholders of a new slide on ``layout``: its title (one is added if the layout
    has none: screen readers need it) and, with ``keep_body``, its largest body; the others
    are removed. Each kept one gets its layout's place written on it, as inheritance by idx
    fails in templates that reuse an idx."""
    if layout is None:
        raise ThemeError("the PowerPoint template has no slide layouts; add at least one")
    rid, slide = prs.part.add_slide(layout)
    try:
        slide.shapes.clone_layout_placeholders(layout)
        title, body = None, None
        cloned = list(layout.iter_cloneable_placeholders())
        body_source = layouts.body_of(layout) if keep_body else None
        for shape, source in zip(list(slide.placeholders), cloned, strict=False):
            kind = source.placeholder_format.type
            if kind in layouts.TITLE_TYPES and title is None:
                title = shape
            elif (
                body is None and body_source is not None and source._element is body_source._element
            ):
                body = shape
            else:
                shape._element.getparent().remove(shape._element)
                continue
            if source.left is not None:
                shape.left, shape.top = source.left, source.top
                shape.width, shape.height = source.width, source.height
        if title is None:
            title = _add_title(slide, prs)
        kept = list(slide.placeholders)  # in z-order
        elements = [shape._element for shape in kept]
        return Prototype(
            layout=str(layout.part.partname),
            shapes=tuple(_spec(shape) for shape in kept),
            title=elements.index(title._element),
            body=elements.index(body._element) if body is not None else None,
            title_size=layouts.title_size(title),
            title_caps=layouts.inherited(title, "cap") == "all",
        )
    finally:
        prs.part.drop_rel(rid)


def _spec(shape: Any) -> PlaceholderSpec:
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


def _add_title(slide: Any, prs: PresentationType) -> Any:
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
