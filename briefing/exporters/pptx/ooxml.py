"""Slides as XML text: escaping, relationships, and the shapes, pictures and frames of a slide.

Each slide is built as a list of XML fragments and serialised once. The fragments are those
python-pptx writes for the same calls (same elements, names and ids, relationship ids numbered
the same way), so the deck is the package python-pptx would save, made without building and
walking an element tree for every shape.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
NAMESPACES = f'xmlns:a="{NS_A}" xmlns:p="{NS_P}" xmlns:r="{NS_R}"'
DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_LAYOUT = _REL + "slideLayout"
RT_IMAGE = _REL + "image"
RT_CHART = _REL + "chart"
RT_HYPERLINK = _REL + "hyperlink"
RT_NOTES = _REL + "notesSlide"
RT_NOTES_MASTER = _REL + "notesMaster"
RT_SLIDE = _REL + "slide"
RT_PACKAGE = _REL + "package"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTR_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\n": "&#10;",
        "\r": "&#13;",
        "\t": "&#9;",
    }
)
# Control characters XML cannot hold; python-pptx writes them as "_xHHHH_" in run text.
_CONTROL = re.compile(r"[\x00-\x08\x0B-\x1F]")
EMU_PER_POINT = 12700


_PREFIXES = {"a": NS_A, "p": NS_P, "r": NS_R, "c": NS_C}


def qn(name: str) -> str:
    """``"a:srgbClr"`` as lxml names it, ``"{namespace}srgbClr"``."""
    prefix, local = name.split(":")
    return f"{{{_PREFIXES[prefix]}}}{local}"


def text(value: str) -> str:
    """``value`` escaped as element content."""
    return value.translate(_TEXT_ESCAPES)


def attr(value: str) -> str:
    """``value`` escaped as an attribute value (its whitespace kept)."""
    return value.translate(_ATTR_ESCAPES)


def run_text(value: str) -> str:
    """Run text as python-pptx stores it: control characters spelled out, then escaped."""
    if _CONTROL.search(value):
        value = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    return value.translate(_TEXT_ESCAPES)


def emu(points: float) -> int:
    return round(points * EMU_PER_POINT)


def xfrm(x: int, y: int, cx: int, cy: int, tag: str = "a:xfrm") -> str:
    return f'<{tag}><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></{tag}>'


def relative(source: str, target: str) -> str:
    """The reference from part ``source`` to part ``target`` (both absolute part names)."""
    folder = source[: source.rfind("/") + 1]
    if target.startswith(folder):
        return target[len(folder) :]
    parent = folder[: folder.rstrip("/").rfind("/") + 1]
    if parent and target.startswith(parent):  # the usual case: a sibling folder of parts
        return "../" + target[len(parent) :]
    return posixpath.relpath(target, posixpath.dirname(source))


@dataclass
class Rels:
    """A part's relationships, numbered rId1, rId2, ... in the order they are made; asking
    again for the same target gives the same id, as python-pptx's ``relate_to`` does."""

    source: str  # the part's own name, for relative targets
    _ids: dict[tuple[str, str, bool], str] = field(default_factory=dict)
    _items: list[str] = field(default_factory=list)

    def add(self, reltype: str, target: str, external: bool = False) -> str:
        key = (reltype, target, external)
        found = self._ids.get(key)
        if found is None:
            found = f"rId{len(self._items) + 1}"
            self._ids[key] = found
            ref = attr(target) if external else relative(self.source, target)
            mode = ' TargetMode="External"' if external else ""
            self._items.append(
                f'<Relationship Id="{found}" Type="{reltype}" Target="{ref}"{mode}/>'
            )
        return found

    def xml(self) -> str:
        return (
            f'{DECLARATION}<Relationships xmlns="{RELS_NS}">{"".join(self._items)}</Relationships>'
        )


class Placeholder:
    """A placeholder cloned from the slide's layout; its text and place are set later."""

    __slots__ = ("body", "caps", "color", "explicit", "id", "nv", "rect", "removed", "size")

    def __init__(
        self,
        nv: str,
        shape_id: int,
        rect: tuple[int | None, int | None, int | None, int | None],
        explicit: bool,
    ) -> None:
        self.nv = nv  # the p:nvSpPr element, as the layout's clone has it
        self.id = shape_id
        self.rect = rect  # where it is (EMU), written on it or inherited from the layout
        self.explicit = explicit  # whether its place is written on it
        self.body = "<p:txBody><a:bodyPr/><a:lstStyle/><a:p/></p:txBody>"
        self.removed = False
        self.size = 44.0  # a title's size in the template
        self.caps = False  # whether the template sets a title in capitals
        self.color: str | None = None  # the colour its text reads in on a template

    def place(self, x: int, y: int, cx: int, cy: int) -> None:
        self.rect, self.explicit = (x, y, cx, cy), True

    def xml(self) -> str:
        place = xfrm(*self.rect) if self.explicit else ""  # type: ignore[arg-type]
        return f"<p:sp>{self.nv}<p:spPr>{place}</p:spPr>{self.body}</p:sp>"


@dataclass
class Slide:
    """One slide being built: its shapes in z-order, its relationships and its shape ids."""

    number: int
    partname: str
    rels: Rels
    shapes: list[str | Placeholder] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)
    notes: str | None = None  # the notes slide's part name, once it has one
    role: str = ""  # which of the deck's layouts it is on (see layouts.ROLES)

    def next_id(self) -> int:
        """python-pptx's next shape id: one more than the largest on the slide."""
        return max(self.ids, default=1) + 1

    def link(self, url: str) -> str:
        """The relationship id of a hyperlink to ``url``."""
        return self.rels.add(RT_HYPERLINK, url, external=True)

    def add(self, xml: str | Placeholder, shape_id: int, back: bool = False) -> None:
        """Append a shape (on top), or put it behind every other one."""
        self.ids.append(shape_id)
        if back:
            self.shapes.insert(0, xml)
        else:
            self.shapes.append(xml)

    def remove(self, placeholder: Placeholder) -> None:
        placeholder.removed = True
        self.ids.remove(placeholder.id)

    def xml(self) -> str:
        tree = "".join(
            s if isinstance(s, str) else ("" if s.removed else s.xml()) for s in self.shapes
        )
        return (
            f"{DECLARATION}<p:sld {NAMESPACES}><p:cSld><p:spTree><p:nvGrpSpPr>"
            '<p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>'
            f"{tree}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"
        )


# --- shapes ----------------------------------------------------------------------------------

AUTOSHAPE_BODY = (
    '<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p><a:pPr algn="ctr"/></a:p>'
    "</p:txBody>"
)


def autoshape(
    shape_id: int,
    name: str,
    prst: str,
    box: tuple[int, int, int, int],
    fill: str,
    body: str = AUTOSHAPE_BODY,
    adjust: int | None = None,
    link: str = "",
) -> str:
    """A filled shape without outline or theme style (``rect`` or ``roundRect``)."""
    guides = f'<a:gd name="adj" fmla="val {adjust}"/>' if adjust is not None else ""
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{attr(name)}"{_linked(link)}'
        f"<p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>{xfrm(*box)}"
        f'<a:prstGeom prst="{prst}"><a:avLst>{guides}</a:avLst></a:prstGeom>'
        f'<a:solidFill><a:srgbClr val="{fill}"/></a:solidFill><a:ln><a:noFill/></a:ln></p:spPr>'
        f"{body}</p:sp>"
    )


def textbox(shape_id: int, name: str, box: tuple[int, int, int, int], body: str) -> str:
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{attr(name)}"/>'
        f'<p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr>{xfrm(*box)}'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>{body}</p:sp>'
    )


def picture(
    shape_id: int, name: str, descr: str, rid: str, box: tuple[int, int, int, int], link: str = ""
) -> str:
    return (
        f'<p:pic><p:nvPicPr><p:cNvPr id="{shape_id}" name="{attr(name)}" descr="{attr(descr)}"'
        f'{_linked(link)}<p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/>'
        f'</p:nvPicPr><p:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch>'
        f"</p:blipFill><p:spPr>{xfrm(*box)}"
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
    )


def chart_frame(
    shape_id: int, name: str, descr: str, rid: str, box: tuple[int, int, int, int]
) -> str:
    return (
        f'<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="{shape_id}" name="{attr(name)}" '
        f'descr="{attr(descr)}"/><p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/>'
        f"</p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>{xfrm(*box, tag='p:xfrm')}"
        f'<a:graphic><a:graphicData uri="{NS_C}"><c:chart xmlns:c="{NS_C}" r:id="{rid}"/>'
        "</a:graphicData></a:graphic></p:graphicFrame>"
    )


def _linked(link: str) -> str:
    """The end of a ``p:cNvPr`` start tag, holding ``link`` (an ``a:hlinkClick``) if any."""
    return f">{link}</p:cNvPr>" if link else "/>"


def click(rid: str, jump: bool = False) -> str:
    """A click action: open the relationship's target, or jump to the slide it names."""
    action = ' action="ppaction://hlinksldjump"' if jump else ""
    return f'<a:hlinkClick r:id="{rid}"{action}/>'


_NAMESPACE_DECLARATION = re.compile(r' xmlns:(?:a|p|r)="[^"]*"')


def fragment(xml: str) -> str:
    """An element serialised on its own, without the declarations the slide's root makes."""
    return _NAMESPACE_DECLARATION.sub("", xml)


def notes_paragraphs(text: str, lang: str, rtl: bool = False) -> str:
    """Notes text as paragraphs, one per line, as python-pptx's ``TextFrame.text`` makes them
    (a vertical tab is a line break within one), each run in the language ``lang``, each
    paragraph from the right in a right-to-left language."""
    out = []
    run_pr = f'<a:rPr lang="{attr(lang)}"/>'
    p_pr = '<a:pPr algn="r" rtl="1"/>' if rtl else ""
    for line in text.split("\n"):
        pieces = line.split("\v")
        inner = "<a:br/>".join(
            f"<a:r>{run_pr}<a:t>{run_text(p)}</a:t></a:r>" if p else "" for p in pieces
        )
        out.append(f"<a:p>{p_pr}{inner}</a:p>" if inner else "<a:p/>")
    return "".join(out)
