"""The package under the slides: python-pptx internals, kept in this one module.

Opening a template (``.potx`` too) and removing its sample slides without orphans, adding images,
notes and slide-jump links without scanning the whole package for each slide, alt text, core
properties, the base template's 16:9 masters and theme, and reproducible bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.oxml.slide import CT_NotesSlide
from pptx.parts.chart import ChartPart
from pptx.parts.embeddedpackage import EmbeddedXlsxPart
from pptx.parts.image import Image, ImagePart
from pptx.parts.slide import NotesSlidePart
from pptx.util import Emu, Length

from briefing.errors import ThemeError
from briefing.output import build_time, reproducible_zip

if TYPE_CHECKING:
    from pptx.presentation import Presentation as PresentationType
    from pptx.shapes.base import BaseShape
    from pptx.slide import Slide

WIDE = (Emu(12192000), Emu(6858000))  # 13.333 x 7.5 in, 16:9
_TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_PRESENTATION_MAIN = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)
_SECTIONS_EXT = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R_NS = {"r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}


def open_base(template: Path | None) -> PresentationType:
    """The template's presentation with its own slides removed, or python-pptx's default."""
    if template is None:
        prs = Presentation()
        _widen(prs)
        _drop_thumbnail(prs)
        return prs
    try:
        data = template.read_bytes()
        prs = Presentation(io.BytesIO(_as_presentation(data)))
    # python-pptx reports a malformed package with whatever its parsing hits first.
    except Exception as exc:
        raise ThemeError(
            f"cannot open the PowerPoint template {template}: {exc}; save it again from "
            "PowerPoint as a .pptx or .potx file"
        ) from None
    remove_slides(prs)
    return prs


def _as_presentation(data: bytes) -> bytes:
    """A ``.potx`` template relabelled as a presentation, which python-pptx opens."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        types = source.read("[Content_Types].xml")
        if _TEMPLATE_MAIN.encode() not in types:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                blob = source.read(info.filename)
                if info.filename == "[Content_Types].xml":
                    blob = blob.replace(_TEMPLATE_MAIN.encode(), _PRESENTATION_MAIN.encode())
                target.writestr(info, blob)
        return out.getvalue()


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
        for slot, color in colors.items():
            holder = scheme.find(f"{{{_A}}}{slot}")
            if holder is None:
                continue
            for child in list(holder):
                holder.remove(child)
            etree.SubElement(holder, qn("a:srgbClr"), val=color.lstrip("#").upper())
    for kind, font in (("majorFont", heading_font), ("minorFont", body_font)):
        latin = theme.find(f".//{{{_A}}}{kind}/{{{_A}}}latin")
        if latin is not None:
            latin.set("typeface", font)
    theme_part = _theme_part(prs)
    if theme_part is not None:
        theme_part._blob = etree.tostring(theme, xml_declaration=True, encoding="UTF-8")


def theme_colors_and_fonts(
    prs: PresentationType,
) -> tuple[dict[str, str], tuple[str | None, str | None]]:
    """The first master's theme colour scheme (slot -> #RRGGBB) and its heading and body fonts."""
    theme = _theme_element(prs)
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


def _theme_part(prs: PresentationType) -> Any:
    master_part = prs.slide_masters[0].part
    for rel in master_part.rels.values():
        if rel.reltype == RT.THEME:
            return rel.target_part
    return None


def _theme_element(prs: PresentationType) -> Any:
    part = _theme_part(prs)
    if part is None:
        return None
    try:
        return etree.fromstring(part.blob)
    except etree.XMLSyntaxError:
        return None


@dataclass
class Parts:
    """Adds slides, pictures, charts and notes without the whole-package scans python-pptx
    does on each call (to name a new part, or number a new slide)."""

    prs: PresentationType
    _images: dict[str, Any] = field(default_factory=dict)
    _notes: int = 0
    _charts: int = 0
    _slide_id: int = 0

    def slide(self, layout: Any) -> Slide:
        """A new slide on ``layout``, its layout's placeholders cloned onto it."""
        rid, slide = self.prs.part.add_slide(layout)
        slide.shapes.clone_layout_placeholders(layout)
        id_list = self.prs.slides._sldIdLst
        if not self._slide_id:
            self._slide_id = max([255, *(int(i) for i in id_list.xpath("./p:sldId/@id"))])
        self._slide_id += 1
        id_list._add_sldId(id=self._slide_id, rId=rid)
        return cast("Slide", slide)

    def chart(
        self, slide: Slide, kind: Any, data: Any, x: Length, y: Length, cx: Length, cy: Length
    ) -> Any:
        """A native chart (with its embedded workbook) on ``slide``; returns its frame."""
        package = self.prs.part.package
        self._charts += 1
        chart_part = ChartPart.load(
            PackURI(f"/ppt/charts/briefing-chart{self._charts}.xml"),
            CT.DML_CHART,
            package,
            data.xml_bytes(kind),
        )
        chart_part.chart_workbook.xlsx_part = EmbeddedXlsxPart(
            PackURI(f"/ppt/embeddings/briefing-workbook{self._charts}.xlsx"),
            CT.SML_SHEET,
            package,
            data.xlsx_blob,
        )
        rid = slide.part.relate_to(chart_part, RT.CHART)
        frame = slide.shapes._add_chart_graphicFrame(rid, x, y, cx, cy)
        return slide.shapes._shape_factory(frame)

    def picture(
        self,
        slide: Slide,
        blob: bytes,
        left: Length,
        top: Length,
        width: Length,
        height: Length,
        alt: str,
    ) -> BaseShape:
        sha1 = hashlib.sha1(blob).hexdigest()
        part = self._images.get(sha1)
        if part is None:
            image = Image.from_blob(blob)
            name = PackURI(f"/ppt/media/briefing-image{len(self._images) + 1}.{image.ext}")
            part = ImagePart(name, image.content_type, self.prs.part.package, blob)
            self._images[sha1] = part
        rid = slide.part.relate_to(part, RT.IMAGE)
        shapes = slide.shapes
        pic = shapes._add_pic_from_image_part(part, rid, left, top, width, height)
        shape = shapes._shape_factory(pic)
        set_alt_text(shape, alt)
        return shape

    def notes(self, slide: Slide, text: str) -> None:
        """Speaker notes for ``slide``, on a notes page of its own."""
        package = self.prs.part.package
        master_part = self.prs.part.notes_master_part
        self._notes += 1
        part = NotesSlidePart(
            PackURI(f"/ppt/notesSlides/briefing-notes{self._notes}.xml"),
            CT.PML_NOTES_SLIDE,
            package,
            CT_NotesSlide.new(),
        )
        part.relate_to(master_part, RT.NOTES_MASTER)
        part.relate_to(slide.part, RT.SLIDE)
        slide.part.relate_to(part, RT.NOTES_SLIDE)
        notes_slide = part.notes_slide
        notes_slide.clone_master_placeholders(master_part.notes_master)
        frame = notes_slide.notes_text_frame
        if frame is not None:
            frame.text = text


def set_alt_text(shape: BaseShape, text: str) -> None:
    """The description screen readers announce for a picture, chart or group."""
    c_nv_pr = shape._element.xpath("./*[1]/p:cNvPr")
    if c_nv_pr:
        c_nv_pr[0].set("descr", text)


def slide_number_field(paragraph: Any, number: int) -> Any:
    """A slide-number field showing ``number`` until the application refreshes it."""
    fld = etree.SubElement(
        paragraph._p,
        qn("a:fld"),
        id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}",
        type="slidenum",
    )
    r_pr = etree.SubElement(fld, qn("a:rPr"), lang="en-US")
    text = etree.SubElement(fld, qn("a:t"))
    text.text = str(number)
    end = paragraph._p.find(qn("a:endParaRPr"))
    if end is not None:
        paragraph._p.remove(end)
        paragraph._p.append(end)
    return r_pr


def set_properties(
    prs: PresentationType, title: str, author: str, subject: str, keywords: str
) -> None:
    """Core properties from the source, dated by build_time() so builds are reproducible."""
    props = prs.core_properties
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


def to_bytes(prs: PresentationType) -> bytes:
    """The saved package, embedded workbooks included, the same for the same input."""
    for part in prs.part.package.iter_parts():
        if str(part.partname).endswith(".xlsx"):
            part._blob = _stable_workbook(part.blob)
    out = io.BytesIO()
    prs.save(out)
    return reproducible_zip(out.getvalue())


def _stable_workbook(blob: bytes) -> bytes:
    """An embedded chart workbook with its creation time set to the build time."""
    stamp = build_time().strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(blob)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stamp, data)
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, data)
    return out.getvalue()


def part_names(data: bytes) -> list[str]:
    """The entries of a saved package, for checks that nothing is left orphaned."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.namelist()
