"""What lies behind a template's slides: its background and artwork, painted coarsely, and the
colours its text takes.

A template's text is only readable against what is really behind it: a master's background
fill or picture, a gradient, the decorative shapes of the master and the layout. They are
painted once per layout into a small picture (``SCALE`` pixels a point) with Pillow, from the
XML, the way PowerPoint stacks them: the slide background of the layout (else the master's),
then the master's shapes (unless the layout hides them), then the layout's. Placeholders are
not painted: their prompt text never shows. Shapes are painted as their outlines (preset
rectangles and ellipses, custom paths as polygons); other presets fill their bounding box,
which errs on the side of keeping text off them.
"""

from __future__ import annotations

import colorsys
import io
import itertools
import math
import warnings
from collections import Counter
from dataclasses import dataclass
from typing import Any, Protocol

from lxml import etree
from PIL import Image, ImageChops, ImageDraw

from briefing.exporters.pptx.internals import element
from briefing.exporters.pptx.style import luminance

SCALE = 0.25  # pixels per point: a cell is 4 pt square, finer than any line of text
EMU_PER_POINT = 12700
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"a": _A, "p": _P, "r": _R}
_FILLS = ("noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill")
_PRESET_COLORS = {
    "black": "#000000",
    "white": "#FFFFFF",
    "red": "#FF0000",
    "green": "#008000",
    "blue": "#0000FF",
    "yellow": "#FFFF00",
    "gray": "#808080",
    "grey": "#808080",
    "darkGray": "#A9A9A9",
    "lightGray": "#D3D3D3",
    "navy": "#000080",
}
_DEFAULT_MAP = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
# A picture that cannot be read is painted as mid grey: nothing reads on it for sure.
_UNKNOWN = "#808080"
# A shape covering this share of the slide is a background or a panel, not decoration.
PANEL = 0.4
# How much a channel must change for a shape to show (8 of 255: a faint tint does not).
_VISIBLE = 8
# Pictures larger than this are not decoded for painting (a hostile template's bomb).
_MAX_PIXELS = 40_000_000


def _q(tag: str) -> str:
    prefix, name = tag.split(":")
    return f"{{{NS[prefix]}}}{name}"


@dataclass(frozen=True)
class Colors:
    """A master's colour scheme and colour map: turns colour elements into #RRGGBB."""

    scheme: dict[str, str]
    mapping: dict[str, str]

    def slot(self, name: str) -> str | None:
        """A scheme slot as text uses it: bg1 and tx1 go through the colour map."""
        return self.scheme.get(self.mapping.get(name, _DEFAULT_MAP.get(name, name)))

    def resolve(self, element: Any, placeholder: str | None = None) -> tuple[str, float] | None:
        """The colour an ``a:*Clr`` element names, with its opacity (0-1); None if unknown."""
        name = etree.QName(element).localname
        value = element.get("val")
        color: str | None = None
        if name == "srgbClr" and value:
            color = "#" + value.upper()
        elif name == "schemeClr" and value:
            color = placeholder if value == "phClr" else self.slot(value)
        elif name == "sysClr":
            last = element.get("lastClr")
            color = "#" + last.upper() if last else ("#FFFFFF" if value == "window" else "#000000")
        elif name == "prstClr" and value:
            color = _PRESET_COLORS.get(value)
        elif name == "scrgbClr":
            rgb = [int(element.get(c, "0")) / 100000 for c in ("r", "g", "b")]
            color = _hex([_to_srgb(c) * 255 for c in rgb])
        elif name == "hslClr":
            hue = int(element.get("hue", "0")) / 21600000
            sat, lum = (int(element.get(c, "0")) / 100000 for c in ("sat", "lum"))
            color = _hex([c * 255 for c in colorsys.hls_to_rgb(hue, lum, sat)])
        if color is None or len(color) != 7:
            return None
        return _modified(color, element)

    def fill_color(self, fill: Any, placeholder: str | None = None) -> tuple[str, float] | None:
        """The first colour inside a fill (or fill reference) element."""
        for child in fill:
            if etree.QName(child).localname.endswith("Clr"):
                return self.resolve(child, placeholder)
        return None


def colors_of(master: Any, layout: Any | None = None) -> Colors:
    """The colour context of a master (and a layout's colour map override, if it has one)."""
    scheme: dict[str, str] = {}
    theme = _theme(master)
    found = theme.find(f".//{_q('a:clrScheme')}") if theme is not None else None
    base = Colors({}, dict(_DEFAULT_MAP))
    for holder in found if found is not None else ():
        slot = etree.QName(holder).localname
        if len(holder):
            resolved = base.resolve(holder[0])
            if resolved is not None:
                scheme[slot] = resolved[0]
    mapping = dict(_DEFAULT_MAP)
    clr_map = element(master).find(_q("p:clrMap"))
    if clr_map is not None:
        mapping.update(clr_map.attrib)
    if layout is not None:
        override = element(layout).find(f"{_q('p:clrMapOvr')}/{_q('a:overrideClrMapping')}")
        if override is not None:
            mapping.update(override.attrib)
    return Colors(scheme, mapping)


def _theme(master: Any) -> Any:
    for rel in master.part.rels.values():
        if rel.reltype.endswith("/theme") and not rel.is_external:
            try:
                return etree.fromstring(rel.target_part.blob)
            except etree.XMLSyntaxError:
                return None
    return None


# --- the painted backdrop ----------------------------------------------------------------


class Region(Protocol):
    """Anything with a place in points (a content area, a shape's box)."""

    @property
    def x(self) -> float: ...
    @property
    def y(self) -> float: ...
    @property
    def w(self) -> float: ...
    @property
    def h(self) -> float: ...


@dataclass(frozen=True)
class Area:
    """A rectangle in points."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


class Backdrop:
    """A layout's background and artwork as a small picture, read by areas in points."""

    def __init__(self, image: Image.Image, artwork: Image.Image | None = None) -> None:
        # Colours within a few steps of each other read the same: posterised, a picture's
        # noise does not make thousands of colours to weigh.
        self.image = image.convert("RGB").point(lambda v: min(255, (v + 2) // 4 * 4))
        width = self.image.size[0]
        names: dict[tuple[int, int, int], str] = {}
        lums: dict[str, float] = {}
        raw = self.image.tobytes()
        data = list(zip(raw[0::3], raw[1::3], raw[2::3], strict=True))
        self._hex: list[str] = []
        self._lum: list[float] = []
        for rgb in data:
            name = names.get(rgb)
            if name is None:
                name = names[rgb] = "#{:02X}{:02X}{:02X}".format(*rgb)
                lums[name] = luminance(name)
            self._hex.append(name)
            self._lum.append(lums[name])
        self._width = width
        marks = artwork.convert("L").tobytes() if artwork is not None else bytes(len(data))
        self._art = [bool(v) for v in marks]

    def _cells(self, area: Region) -> tuple[int, int, int, int]:
        width, height = self.image.size
        x0 = max(0, min(width, math.floor(area.x * SCALE)))
        y0 = max(0, min(height, math.floor(area.y * SCALE)))
        x1 = max(x0, min(width, math.ceil((area.x + area.w) * SCALE)))
        y1 = max(y0, min(height, math.ceil((area.y + area.h) * SCALE)))
        return x0, y0, x1, y1

    def color_at(self, x: int, y: int) -> str:
        return self._hex[y * self._width + x]

    def colors(self, area: Region) -> Counter[str]:
        """How many cells of each colour lie under ``area``."""
        x0, y0, x1, y1 = self._cells(area)
        row = self._width
        return Counter(c for y in range(y0, y1) for c in self._hex[y * row + x0 : y * row + x1])

    def dominant(self, area: Region) -> str:
        """The colour most of ``area`` has: the paper text there is read against."""
        counted = self.colors(area)
        return counted.most_common(1)[0][0] if counted else "#FFFFFF"

    def extremes(self, area: Region, tail: float = 0.02) -> tuple[str, str]:
        """The darkest and the lightest colour under ``area``, leaving out a thin ``tail``
        of specks at either end."""
        x0, y0, x1, y1 = self._cells(area)
        row = self._width
        cells = sorted(
            (self._lum[i], self._hex[i])
            for y in range(y0, y1)
            for i in range(y * row + x0, y * row + x1)
        )
        if not cells:
            return "#FFFFFF", "#FFFFFF"
        skip = int(len(cells) * tail)
        return cells[skip][1], cells[len(cells) - 1 - skip][1]

    def worst(self, area: Region, color: str) -> float:
        """The lowest contrast of ``color`` against anything under ``area``."""
        x0, y0, x1, y1 = self._cells(area)
        row = self._width
        found = {v for y in range(y0, y1) for v in self._lum[y * row + x0 : y * row + x1]}
        text = luminance(color)
        return min((_ratio(text, v) for v in found), default=21.0)

    def failing(self, area: Region, color: str, ratio: float) -> float:
        """The share of ``area`` on which ``color`` reads at less than ``ratio``."""
        x0, y0, x1, y1 = self._cells(area)
        low, high = _band(luminance(color), ratio)
        row = self._width
        total = bad = 0
        for y in range(y0, y1):
            start, end = y * row + x0, y * row + x1
            for v, art in zip(self._lum[start:end], self._art[start:end], strict=True):
                total += 1
                bad += art or low < v < high
        return bad / total if total else 1.0

    def readable(self, area: Region, color: str, ratio: float) -> Area | None:
        """The largest rectangle inside ``area`` where ``color`` reads at ``ratio`` or more
        against every cell behind it, or None when there is none."""
        x0, y0, x1, y1 = self._cells(area)
        if x1 <= x0 or y1 <= y0:
            return None
        low, high = _band(luminance(color), ratio)
        heights = [0] * (x1 - x0)
        best = (0, 0, 0, 0, 0)  # cells, x, y, w, h
        row = self._width
        for y in range(y0, y1):
            line = self._lum[y * row + x0 : y * row + x1]
            art = self._art[y * row + x0 : y * row + x1]
            heights = [
                0 if a or low < v < high else h + 1
                for h, v, a in zip(heights, line, art, strict=True)
            ]
            found = _largest_in_histogram(heights)
            if found[0] > best[0]:
                cells, left, width, height = found
                best = (cells, x0 + left, y + 1 - height, width, height)
        if not best[0]:
            return None
        _, x, y, w, h = best
        # Cells are whole; the rectangle is kept within the area asked for.
        rx, ry = max(area.x, x / SCALE), max(area.y, y / SCALE)
        rr, rb = min(area.x + area.w, (x + w) / SCALE), min(area.y + area.h, (y + h) / SCALE)
        return Area(rx, ry, rr - rx, rb - ry)


def _ratio(first: float, second: float) -> float:
    high, low = (first, second) if first >= second else (second, first)
    return (high + 0.05) / (low + 0.05)


def _band(text: float, ratio: float) -> tuple[float, float]:
    """The luminances strictly between these two read at less than ``ratio`` with ``text``."""
    return (text + 0.05) / ratio - 0.05, ratio * (text + 0.05) - 0.05


def _largest_in_histogram(heights: list[int]) -> tuple[int, int, int, int]:
    """The largest rectangle under a histogram: (area, left, width, height)."""
    best = (0, 0, 0, 0)
    stack: list[tuple[int, int]] = []  # (start, height)
    for index, height in enumerate([*heights, 0]):
        start = index
        while stack and stack[-1][1] >= height:
            start, top = stack.pop()
            area = top * (index - start)
            if area > best[0]:
                best = (area, start, index - start, top)
        stack.append((start, height))
    return best


def paint(layout: Any, width: float, height: float) -> Backdrop:
    """The backdrop of slides on ``layout``: background, then the master's and the layout's
    artwork, in a picture of ``width`` x ``height`` points at ``SCALE``."""
    master = layout.slide_master
    colors = colors_of(master, layout)
    size = (max(1, math.ceil(width * SCALE)), max(1, math.ceil(height * SCALE)))
    paper = colors.slot("bg1") or "#FFFFFF"
    canvas = Image.new("RGBA", size, paper)
    painter = _Painter(canvas, colors)
    background = _background(element(layout)) or _background(element(master))
    if background is not None:
        owner = layout if _background(element(layout)) is not None else master
        painter.background(background, owner.part)
    if element(layout).get("showMasterSp", "1") not in ("0", "false"):
        painter.tree(element(master).find(f"{_q('p:cSld')}/{_q('p:spTree')}"), master.part)
    painter.tree(element(layout).find(f"{_q('p:cSld')}/{_q('p:spTree')}"), layout.part)
    return Backdrop(canvas, painter.artwork)


def _background(element: Any) -> Any:
    return element.find(f"{_q('p:cSld')}/{_q('p:bg')}")


@dataclass(frozen=True)
class _Frame:
    """Maps a shape's EMU coordinates (in its group) to pixels."""

    scale_x: float = SCALE / EMU_PER_POINT
    scale_y: float = SCALE / EMU_PER_POINT
    off_x: float = 0.0
    off_y: float = 0.0

    def point(self, x: float, y: float) -> tuple[float, float]:
        return self.off_x + x * self.scale_x, self.off_y + y * self.scale_y


class _Painter:
    def __init__(self, canvas: Image.Image, colors: Colors) -> None:
        self.canvas = canvas
        self.colors = colors
        # Decoration: shapes smaller than a panel, which content keeps off whatever their
        # colour (large shapes are backgrounds and panels that content is meant to sit on).
        self.artwork = Image.new("L", canvas.size, 0)
        self._slide = canvas.size[0] * canvas.size[1]

    def background(self, bg: Any, part: Any) -> None:
        whole = (0, 0, *self.canvas.size)
        properties = bg.find(_q("p:bgPr"))
        if properties is not None:
            self.fill(_fill_of(properties), part, whole, None)
            return
        reference = bg.find(_q("p:bgRef"))
        if reference is not None:
            resolved = self.colors.fill_color(reference)
            if resolved is not None:
                self._solid(resolved, whole, None)

    def tree(self, tree: Any, part: Any, frame: _Frame | None = None) -> None:
        if tree is None:
            return
        frame = frame or _Frame()
        for shape in tree:
            name = etree.QName(shape).localname
            if name in ("sp", "pic"):
                if shape.find(f".//{_q('p:nvPr')}/{_q('p:ph')}") is not None:
                    continue  # placeholders show nothing of their own on a slide
                self.shape(shape, part, frame)
            elif name == "grpSp":
                self.tree(shape, part, _group_frame(shape, frame))

    def shape(self, shape: Any, part: Any, frame: _Frame) -> None:
        props = shape.find(_q("p:spPr"))
        box = _box(props, frame)
        if box is None:
            return
        outline = _outline(props, box)
        x0, y0, x1, y1 = box
        panel = (x1 - x0) * (y1 - y0) >= PANEL * self._slide
        if panel and _opaque(shape, props):
            # A panel hides the decoration below it; content may sit on the panel.
            _draw(ImageDraw.Draw(self.artwork), box, outline, 0)
        width, height = self.canvas.size
        crop = (max(0, x0), max(0, y0), min(width, x1), min(height, y1))
        shown = crop[2] > crop[0] and crop[3] > crop[1]
        before = self.canvas.crop(crop) if shown and not panel else None
        self._paint(shape, props, part, box, outline)
        if before is not None:
            # Decoration is what a smaller shape visibly changed (white on white is nothing).
            changed = ImageChops.difference(before, self.canvas.crop(crop)).convert("L")
            marks = changed.point(lambda v: 255 if v > _VISIBLE else 0)
            merged = ImageChops.lighter(self.artwork.crop(crop), marks)
            self.artwork.paste(merged, crop[:2])

    def _paint(
        self, shape: Any, props: Any, part: Any, box: tuple[int, int, int, int], outline: Any
    ) -> None:
        if etree.QName(shape).localname == "pic":
            blip = shape.find(_q("p:blipFill"))
            if blip is not None:
                self._picture(blip, part, box, outline)
            return
        fill = _fill_of(props) if props is not None else None
        if fill is None:
            style_fill = shape.find(f"{_q('p:style')}/{_q('a:fillRef')}")
            if style_fill is not None and style_fill.get("idx", "0") != "0":
                resolved = self.colors.fill_color(style_fill)
                if resolved is not None:
                    self._solid(resolved, box, outline)
        else:
            self.fill(fill, part, box, outline)
        if _has_text(shape):
            # Words in the artwork (a company name on the master): nothing goes over them.
            self._solid((_UNKNOWN, 1.0), box, None)

    def fill(self, fill: Any, part: Any, box: tuple[int, int, int, int], outline: Any) -> None:
        if fill is None:
            return
        kind = etree.QName(fill).localname
        if kind == "solidFill":
            resolved = self.colors.fill_color(fill)
            if resolved is not None:
                self._solid(resolved, box, outline)
        elif kind == "gradFill":
            self._gradient(fill, box, outline)
        elif kind == "blipFill":
            self._picture(fill, part, box, outline)
        elif kind == "pattFill":
            holders = [fill.find(_q(f"a:{which}")) for which in ("fgClr", "bgClr")]
            colors = [self.colors.fill_color(h) for h in holders if h is not None]
            known = [c for c in colors if c is not None]
            if known:
                self._solid((_average([c[0] for c in known]), known[0][1]), box, outline)

    def _solid(
        self, color: tuple[str, float], box: tuple[int, int, int, int], outline: Any
    ) -> None:
        hex_color, alpha = color
        layer = Image.new("RGBA", self.canvas.size, (0, 0, 0, 0))
        rgba = (*_rgb(hex_color), round(255 * alpha))
        draw = ImageDraw.Draw(layer)
        _draw(draw, box, outline, rgba)
        self.canvas.alpha_composite(layer)

    def _gradient(self, fill: Any, box: tuple[int, int, int, int], outline: Any) -> None:
        stops = []
        for stop in fill.findall(f"{_q('a:gsLst')}/{_q('a:gs')}"):
            resolved = self.colors.fill_color(stop)
            if resolved is not None:
                stops.append((int(stop.get("pos", "0")) / 100000, resolved))
        if not stops:
            return
        stops.sort(key=lambda s: s[0])
        table = [_at(stops, i / 255) for i in range(256)]
        x0, y0, x1, y1 = box
        width, height = max(1, x1 - x0), max(1, y1 - y0)
        # A gradient is smooth: worked out on a few cells, then stretched over the box.
        factor = max(1.0, max(width, height) / 48)
        small_w, small_h = max(1, round(width / factor)), max(1, round(height / factor))
        linear = fill.find(_q("a:lin"))
        angle = math.radians(int(linear.get("ang", "0")) / 60000) if linear is not None else 0.0
        radial = fill.find(_q("a:path")) is not None
        dx, dy = math.cos(angle), math.sin(angle)
        span = abs(dx) * width + abs(dy) * height or 1.0
        small = Image.new("RGBA", (small_w, small_h))
        pixels: Any = small.load()
        for y in range(small_h):
            v = (y + 0.5) / small_h - 0.5
            for x in range(small_w):
                u = (x + 0.5) / small_w - 0.5
                if radial:
                    t = math.hypot(u, v) * 2
                else:
                    t = (u * width * dx + v * height * dy) / span + 0.5
                pixels[x, y] = table[min(255, max(0, int(t * 255)))]
        layer = small.resize((width, height), Image.Resampling.BILINEAR)
        mask = Image.new("L", self.canvas.size, 0)
        _draw(ImageDraw.Draw(mask), box, outline, 255)
        full = Image.new("RGBA", self.canvas.size, (0, 0, 0, 0))
        full.paste(layer, (x0, y0))
        cut = Image.new("RGBA", self.canvas.size, (0, 0, 0, 0))
        cut.paste(full, (0, 0), mask)
        self.canvas.alpha_composite(cut)

    def _picture(
        self, blip_fill: Any, part: Any, box: tuple[int, int, int, int], outline: Any
    ) -> None:
        blip = blip_fill.find(_q("a:blip"))
        rid = blip.get(f"{{{_R}}}embed") if blip is not None else None
        x0, y0, x1, y1 = box
        size = (max(1, x1 - x0), max(1, y1 - y0))
        picture = _decode(part, rid)
        if picture is None:
            self._solid((_UNKNOWN, 1.0), box, outline)
            return
        picture = picture.resize(size, Image.Resampling.BOX)
        mask = Image.new("L", self.canvas.size, 0)
        _draw(ImageDraw.Draw(mask), box, outline, 255)
        layer = Image.new("RGBA", self.canvas.size, (0, 0, 0, 0))
        layer.paste(picture, (x0, y0))
        alpha = Image.new("RGBA", self.canvas.size, (0, 0, 0, 0))
        alpha.paste(layer, (0, 0), mask)
        self.canvas.alpha_composite(alpha)


def _decode(part: Any, rid: str | None) -> Image.Image | None:
    if not rid or rid not in part.rels:
        return None
    try:
        blob = part.related_part(rid).blob
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(blob))
            if image.width * image.height > _MAX_PIXELS:
                return None
            image.draft("RGB", (256, 256))  # JPEGs decode at a fraction of their size
            return image.convert("RGBA")
    except Exception:  # Pillow raises many kinds for pictures it cannot read (EMF, damaged)
        return None


def _opaque(shape: Any, props: Any) -> bool:
    """Whether a shape hides what lies below it (a fill without transparency)."""
    if etree.QName(shape).localname == "pic":
        return True
    fill = _fill_of(props) if props is not None else None
    if fill is None:
        reference = shape.find(f"{_q('p:style')}/{_q('a:fillRef')}")
        return reference is not None and reference.get("idx", "0") != "0"
    if etree.QName(fill).localname == "noFill":
        return False
    # Nearly opaque is opaque: what shows through a 90% white panel does not show.
    return all(int(a.get("val", "100000")) >= 85000 for a in fill.iter(_q("a:alpha")))


def _fill_of(properties: Any) -> Any:
    for child in properties:
        if etree.QName(child).localname in _FILLS:
            return child
    return None


def _has_text(shape: Any) -> bool:
    return any((t.text or "").strip() for t in shape.iter(_q("a:t")))


def _box(props: Any, frame: _Frame) -> tuple[int, int, int, int] | None:
    xfrm = props.find(_q("a:xfrm")) if props is not None else None
    if xfrm is None:
        return None
    off, ext = xfrm.find(_q("a:off")), xfrm.find(_q("a:ext"))
    if off is None or ext is None:
        return None
    x, y = int(off.get("x", "0")), int(off.get("y", "0"))
    w, h = int(ext.get("cx", "0")), int(ext.get("cy", "0"))
    left, top = frame.point(x, y)
    right, bottom = frame.point(x + w, y + h)
    if right - left < 0.5 and bottom - top < 0.5:
        return None
    return math.floor(left), math.floor(top), math.ceil(right), math.ceil(bottom)


def _group_frame(group: Any, outer: _Frame) -> _Frame:
    xfrm = group.find(f"{_q('p:grpSpPr')}/{_q('a:xfrm')}")
    if xfrm is None:
        return outer
    values = {}
    for tag, keys in (
        ("a:off", "xy"),
        ("a:ext", ("cx", "cy")),
        ("a:chOff", "xy"),
        ("a:chExt", ("cx", "cy")),
    ):
        found = xfrm.find(_q(tag))
        values[tag] = tuple(int(found.get(k, "0")) for k in keys) if found is not None else None
    off, ext, ch_off, ch_ext = (values[t] for t in ("a:off", "a:ext", "a:chOff", "a:chExt"))
    if off is None or ext is None:
        return outer
    ch_off = ch_off or off
    ch_ext = ch_ext or ext
    sx = ext[0] / ch_ext[0] if ch_ext[0] else 1.0
    sy = ext[1] / ch_ext[1] if ch_ext[1] else 1.0
    left, top = outer.point(off[0] - ch_off[0] * sx, off[1] - ch_off[1] * sy)
    return _Frame(outer.scale_x * sx, outer.scale_y * sy, left, top)


def _outline(props: Any, box: tuple[int, int, int, int]) -> Any:
    """How to draw a shape inside its box: 'rect', 'ellipse' or a polygon's points."""
    if props is None:
        return "rect"
    preset = props.find(_q("a:prstGeom"))
    if preset is not None:
        kind = preset.get("prst", "rect")
        return "ellipse" if kind in ("ellipse", "donut", "pie", "chord") else "rect"
    custom = props.find(_q("a:custGeom"))
    if custom is None:
        return "rect"
    x0, y0, x1, y1 = box
    polygons = []
    for path in custom.findall(f"{_q('a:pathLst')}/{_q('a:path')}"):
        pw, ph = int(path.get("w", "0")) or 1, int(path.get("h", "0")) or 1
        points: list[tuple[float, float]] = []
        for step in path:
            for pt in step.findall(_q("a:pt")):
                px = x0 + int(pt.get("x", "0")) / pw * (x1 - x0)
                py = y0 + int(pt.get("y", "0")) / ph * (y1 - y0)
                points.append((px, py))
        if len(points) >= 3:
            polygons.append(points)
    return polygons or "rect"


def _draw(
    draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], outline: Any, fill: Any
) -> None:
    x0, y0, x1, y1 = box
    if outline == "ellipse":
        draw.ellipse((x0, y0, x1 - 1, y1 - 1), fill=fill)
    elif isinstance(outline, list):
        for polygon in outline:
            draw.polygon(polygon, fill=fill)
    else:
        draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=fill)


def _at(stops: list[tuple[float, tuple[str, float]]], t: float) -> tuple[int, int, int, int]:
    if t <= stops[0][0]:
        return (*_rgb(stops[0][1][0]), round(255 * stops[0][1][1]))
    for (p0, (c0, a0)), (p1, (c1, a1)) in itertools.pairwise(stops):
        if t <= p1:
            k = (t - p0) / (p1 - p0) if p1 > p0 else 0.0
            r0, g0, b0 = _rgb(c0)
            r1, g1, b1 = _rgb(c1)
            return (
                round(r0 + (r1 - r0) * k),
                round(g0 + (g1 - g0) * k),
                round(b0 + (b1 - b0) * k),
                round(255 * (a0 + (a1 - a0) * k)),
            )
    return (*_rgb(stops[-1][1][0]), round(255 * stops[-1][1][1]))


def _modified(color: str, element: Any) -> tuple[str, float]:
    """``color`` with the element's modifiers applied (lumMod, lumOff, tint, shade, alpha)."""
    r, g, b = (c / 255 for c in _rgb(color))
    alpha = 1.0
    for modifier in element:
        kind = etree.QName(modifier).localname
        value = int(modifier.get("val", "100000")) / 100000
        if kind in ("lumMod", "lumOff"):
            hue, lum, sat = colorsys.rgb_to_hls(r, g, b)
            lum = lum * value if kind == "lumMod" else lum + value
            r, g, b = colorsys.hls_to_rgb(hue, min(1.0, max(0.0, lum)), sat)
        elif kind == "tint":
            r, g, b = (c * value + (1 - value) for c in (r, g, b))
        elif kind == "shade":
            r, g, b = (c * value for c in (r, g, b))
        elif kind == "alpha":
            alpha = value
    return _hex([r * 255, g * 255, b * 255]), min(1.0, max(0.0, alpha))


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _hex(channels: list[float]) -> str:
    return "#" + "".join(f"{min(255, max(0, round(c))):02X}" for c in channels)


def _to_srgb(linear: float) -> float:
    return 12.92 * linear if linear <= 0.0031308 else 1.055 * linear ** (1 / 2.4) - 0.055


def _average(colors: list[str]) -> str:
    channels = [_rgb(c) for c in colors]
    return _hex([sum(c[i] for c in channels) / len(channels) for i in range(3)])
