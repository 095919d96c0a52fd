"""Writing the deck's package: the template's parts, plus every slide, notes page, chart and
picture as it is made, with part names and relationship ids allocated by counters.

python-pptx names each new part by walking the whole package, and de-duplicates images by
scanning every image part, so a deck of n slides costs n squared. Here each part is kept
as bytes as soon as it is complete, names come from counters, images are found by their
hash, and the presentation's slide list, its relationships and the content types are written
once at the end, first in the package as Office writes them, followed by every part made
(``briefing.output.write_zip``). The package is what python-pptx would save for the same
calls (tested against golden files): the same part names, relationship ids and content types.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from briefing.exporters.pptx.ooxml import (
    DECLARATION,
    RELS_NS,
    RT_CHART,
    RT_IMAGE,
    RT_LAYOUT,
    RT_NOTES,
    RT_NOTES_MASTER,
    RT_PACKAGE,
    RT_SLIDE,
    Rels,
    Slide,
    attr,
    relative,
)
from briefing.output import write_zip

if TYPE_CHECKING:
    from collections.abc import Iterator

    from briefing.exporters.pptx.internals import NotesPage

CT_SLIDE = "application/vnd.openxmlformats-officedocument.presentationml.slide+xml"
CT_NOTES = "application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CT_RELS = "application/vnd.openxmlformats-package.relationships+xml"
CT_XML = "application/xml"
IMAGE_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "bmp": "image/bmp",
    "tiff": "image/tiff",
}
# Pillow's name of an image format -> the extension python-pptx gives such an image part
# (a multi-picture JPEG is a JPEG to PowerPoint).
IMAGE_EXTENSIONS = {
    "PNG": "png",
    "JPEG": "jpg",
    "MPO": "jpg",
    "GIF": "gif",
    "BMP": "bmp",
    "TIFF": "tiff",
}
# Extensions whose parts of that content type python-pptx lists as a Default, not an Override.
_DEFAULTS = {"bin", "bmp", "gif", "jpeg", "jpg", "png", "rels", "tif", "tiff", "xlsx", "xml"}
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_ENTRY = re.compile(r"<(Default|Override) ([^>]*?)/>")
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class Skeleton:
    """What the slides' parts must fit into: the presentation part and its relationships
    before any slide, and how notes pages are made."""

    presentation: str  # part name of the presentation
    presentation_rels: dict[str, tuple[str, str, bool]]  # rId -> (type, target, external)
    notes: NotesPage


@dataclass
class Package:
    """The deck's parts, kept in the order they are made until the package is written."""

    skeleton: Skeleton
    parts: list[tuple[str, bytes]] = field(default_factory=list)  # entry name, content
    slides: list[str] = field(default_factory=list)
    types: dict[str, str] = field(default_factory=dict)  # part name -> content type
    images: dict[object, str] = field(default_factory=dict)
    notes_made: int = 0
    charts_made: int = 0

    def new_slide(self, layout: str) -> Slide:
        number = len(self.slides) + 1
        partname = f"/ppt/slides/slide{number}.xml"
        self.slides.append(partname)
        rels = Rels(partname)
        rels.add(RT_LAYOUT, layout)
        return Slide(number, partname, rels)

    def image(self, slide: Slide, blob: bytes, ext: str, key: object = None) -> str:
        """The relationship id of an image on ``slide``; one part per distinct image (the same
        ``key``, by default the same bytes)."""
        key = hashlib.sha1(blob).digest() if key is None else key
        partname = self.images.get(key)
        if partname is None:
            partname = f"/ppt/media/briefing-image{len(self.images) + 1}.{ext}"
            self.images[key] = partname
            self._add(partname, blob, IMAGE_TYPES[ext])
        return slide.rels.add(RT_IMAGE, partname)

    def chart(self, slide: Slide, chart_xml: str, workbook: bytes) -> str:
        """The relationship id of a new chart part (and its embedded workbook) on ``slide``."""
        self.charts_made += 1
        partname = f"/ppt/charts/briefing-chart{self.charts_made}.xml"
        book = f"/ppt/embeddings/briefing-workbook{self.charts_made}.xlsx"
        rels = Rels(partname)
        rels.add(RT_PACKAGE, book)
        self._add(partname, chart_xml.encode("utf-8"), CT_CHART)
        self._add(_rels_name(partname), rels.xml().encode("utf-8"), CT_RELS)
        self._add(book, workbook, CT_XLSX)
        return slide.rels.add(RT_CHART, partname)

    def notes(self, slide: Slide, paragraphs: str) -> None:
        """A notes page for ``slide`` holding ``paragraphs`` (``a:p`` elements)."""
        self.notes_made += 1
        partname = f"/ppt/notesSlides/briefing-notes{self.notes_made}.xml"
        page = self.skeleton.notes
        rels = Rels(partname)
        rels.add(RT_NOTES_MASTER, page.master)
        rels.add(RT_SLIDE, slide.partname)
        self._add(partname, f"{page.before}{paragraphs}{page.after}".encode(), CT_NOTES)
        self._add(_rels_name(partname), rels.xml().encode("utf-8"), CT_RELS)
        slide.rels.add(RT_NOTES, partname)
        slide.notes = partname

    def close(self, slide: Slide) -> None:
        """Write ``slide``; nothing may be added to it afterwards."""
        self._add(slide.partname, slide.xml().encode("utf-8"), CT_SLIDE)
        self._add(_rels_name(slide.partname), slide.rels.xml().encode("utf-8"), CT_RELS)

    def _add(self, partname: str, data: bytes, content_type: str) -> None:
        self.types[partname] = content_type
        self.parts.append((partname[1:], data))

    def finish(self, entries: dict[str, bytes], ids: dict[str, str]) -> bytes:
        """The whole package: ``entries`` (the template's parts, saved once the slides were
        listed in the presentation under ``ids``) with the presentation's relationships and
        the content types completed, then every part added."""

        def template() -> Iterator[tuple[str, bytes]]:
            for name, data in entries.items():
                if name == "[Content_Types].xml":
                    data = self._content_types(data)
                elif name == _rels_name(self.skeleton.presentation)[1:]:
                    data = self._presentation_rels(ids)
                yield name, data

        return write_zip(itertools.chain(template(), self.parts))

    def presentation_ids(self) -> dict[str, str]:
        """Relationship ids of the slides (and a new notes master) in the presentation part,
        given as python-pptx gives them: each the highest free one up to the count + 1, the
        notes master's made right after the first slide's."""
        skeleton = self.skeleton
        master = skeleton.notes.master
        used = set(skeleton.presentation_rels)
        master_id = next(
            rid for rid, rel in skeleton.presentation_rels.items() if rel[0] == RT_NOTES_MASTER
        )
        order = list(self.slides)
        if skeleton.notes.master_is_new:
            used.discard(master_id)
            order.insert(1 if order else 0, master)
        ids: dict[str, str] = {}
        for partname in order:
            rid = next(f"rId{n}" for n in range(len(used) + 1, 0, -1) if f"rId{n}" not in used)
            used.add(rid)
            ids[partname] = rid
        if not skeleton.notes.master_is_new:
            ids[master] = master_id
        return ids

    def _presentation_rels(self, ids: dict[str, str]) -> bytes:
        rels = {
            rid: rel
            for rid, rel in self.skeleton.presentation_rels.items()
            if rel[0] != RT_NOTES_MASTER
        }
        source = self.skeleton.presentation
        master = self.skeleton.notes.master
        rels[ids[master]] = (RT_NOTES_MASTER, relative(source, master), False)
        for partname in self.slides:
            rels[ids[partname]] = (RT_SLIDE, relative(source, partname), False)
        items = []
        for rid in sorted(rels, key=lambda r: int(r[3:]) if r[3:].isdigit() else 0):
            reltype, target, external = rels[rid]
            mode = ' TargetMode="External"' if external else ""
            items.append(
                f'<Relationship Id="{rid}" Type="{reltype}" Target="{attr(target)}"{mode}/>'
            )
        xml = f'{DECLARATION}<Relationships xmlns="{RELS_NS}">{"".join(items)}</Relationships>'
        return xml.encode("utf-8")

    def _content_types(self, data: bytes) -> bytes:
        defaults: dict[str, str] = {}
        overrides: dict[str, str] = {}
        for kind, attributes in _ENTRY.findall(data.decode("utf-8")):
            values = dict(_ATTRIBUTE.findall(attributes))
            if kind == "Default":
                defaults[values["Extension"]] = values["ContentType"]
            else:
                overrides[values["PartName"]] = values["ContentType"]
        for partname, content_type in self.types.items():
            ext = partname.rsplit(".", 1)[-1]
            if ext.lower() in _DEFAULTS and _is_default(ext.lower(), content_type):
                defaults[ext] = content_type
            else:
                overrides[partname] = content_type
        lines = [
            f'<Default Extension="{e}" ContentType="{t}"/>' for e, t in sorted(defaults.items())
        ]
        lines += [
            f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in sorted(overrides.items())
        ]
        return f'{DECLARATION}<Types xmlns="{_TYPES_NS}">{"".join(lines)}</Types>'.encode()


def _is_default(ext: str, content_type: str) -> bool:
    return (ext, content_type) in {
        ("png", "image/png"),
        ("jpeg", "image/jpeg"),
        ("jpg", "image/jpeg"),
        ("gif", "image/gif"),
        ("bmp", "image/bmp"),
        ("tif", "image/tiff"),
        ("tiff", "image/tiff"),
        ("xlsx", CT_XLSX),
        ("rels", CT_RELS),
        ("xml", CT_XML),
    }


def _rels_name(partname: str) -> str:
    folder, name = partname.rsplit("/", 1)
    return f"{folder}/_rels/{name}.rels"
