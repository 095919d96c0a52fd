"""The deck's slides as the live preview sees them: a fingerprint of what each slide looks
like, its speaker notes, and a deck of only the slides whose pictures are missing."""

from __future__ import annotations

import hashlib
import io
import posixpath
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from briefing.exporters.pptx.ooxml import (
    NS_A,
    NS_P,
    NS_R,
    RELS_NS,
    RT_LAYOUT,
    RT_NOTES,
    RT_SLIDE,
)  # fmt: skip

# The deck's namespaces and relationship types, as the deck writer names them.
P, A, R, RELS = NS_P, NS_A, NS_R, RELS_NS
NOTES, SLIDE, LAYOUT = RT_NOTES, RT_SLIDE, RT_LAYOUT
# Parts of presentation.xml that change how every slide looks.
_DECK_WIDE = (f"{{{P}}}sldSz", f"{{{P}}}defaultTextStyle")
# The package's list of its parts' content types, and that list's namespace.
_CONTENT_TYPES = "[Content_Types].xml"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
# Inside an embedded workbook: its save time, which changes on every build.
_VOLATILE_MEMBERS = ("docProps/",)


@dataclass(frozen=True)
class Slide:
    number: int
    part: str
    fingerprint: str
    notes: str


def read_slides(deck: Path) -> list[Slide]:
    """Every slide of ``deck`` in order, each with the fingerprint of what it shows and its
    speaker notes.

    Two slides have the same fingerprint when LibreOffice draws them alike: the slide's XML
    (which holds its number) and every part it draws from (layout, master, theme, pictures,
    charts) by content, whatever the parts are called in the package. Its notes, and links
    to other slides, are left out: they draw nothing.
    """
    with zipfile.ZipFile(deck) as package:
        parts = _Package(package)
        presentation = etree.fromstring(package.read("ppt/presentation.xml"))
        deck_wide = hashlib.sha256()
        for tag in _DECK_WIDE:
            element = presentation.find(tag)
            if element is not None:
                deck_wide.update(etree.tostring(element, method="c14n"))
        slides = []
        for number, part in enumerate(slide_parts(package, presentation), start=1):
            digest = hashlib.sha256(deck_wide.digest() + parts.digest(part))
            slides.append(Slide(number, part, digest.hexdigest()[:32], parts.notes(part)))
    return slides


def subset(deck: Path, keep: Sequence[Slide], target: Path) -> Path:
    """Write to ``target`` a copy of ``deck`` holding only the slides ``keep``, in order,
    each looking as it does in the whole deck: its slide number, a field LibreOffice would
    count again in the smaller deck, becomes plain text. LibreOffice opens the copy in a
    fraction of the time the whole deck takes.

    The copy holds only the parts the kept slides draw from. A relationship to a part left
    out goes, and so does what names it: the slide's entry in the list of slides, a link
    (its text stays, looking the same). LibreOffice fails on a link to a slide the deck does
    not hold."""
    wanted = {slide.part for slide in keep}
    with zipfile.ZipFile(deck) as package:
        presentation = etree.fromstring(package.read("ppt/presentation.xml"))
        reached = _reachable(package, set(slide_parts(package, presentation)) - wanted)
        parts = set(reached) - {""}
        written = {_CONTENT_TYPES, *parts}
        replaced = {_CONTENT_TYPES: _overrides_only_for(package.read(_CONTENT_TYPES), parts)}
        for part, relationships in reached.items():
            rels = _rels_name(part)
            cut = {
                rid
                for rid, (_, target, external) in relationships.items()
                if not external and target not in parts
            }
            if rels in package.NameToInfo:
                written.add(rels)
            if cut:
                replaced[rels] = _without_relationships(package.read(rels), cut)
            if part and (cut or part in wanted):
                root = etree.fromstring(package.read(part))
                _drop_references(root, cut)
                if part in wanted:
                    _numbers_as_text(root)
                replaced[part] = _serialise(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as out:
            for info in package.infolist():
                if info.filename in written:
                    data = replaced.get(info.filename)
                    out.writestr(info.filename, package.read(info) if data is None else data)
    return target


def slide_parts(package: zipfile.ZipFile, presentation: etree._Element) -> list[str]:
    """The slides' part names, in the deck's order."""
    targets = _relationships(package, "ppt/presentation.xml")
    listed = presentation.find(f"{{{P}}}sldIdLst")
    entries = list(listed) if listed is not None else []
    return [targets[e.get(f"{{{R}}}id", "")][1] for e in entries]


class _Package:
    """Digests of a package's parts by content, each with the parts it draws from."""

    def __init__(self, package: zipfile.ZipFile) -> None:
        self._package = package
        self._digests: dict[str, bytes] = {}
        self._visiting: set[str] = set()

    def digest(self, part: str) -> bytes:
        known = self._digests.get(part)
        if known is not None:
            return known
        if part in self._visiting:  # a loop of relationships: its start stands for itself
            return b"loop:" + part.encode()
        self._visiting.add(part)
        digest = hashlib.sha256(self._content(part))
        from_master = part.startswith("ppt/slideMasters/")
        for rid, (kind, target, external) in sorted(_relationships(self._package, part).items()):
            # Notes and links to slides draw nothing; a master lists its layouts, each of
            # which names the master back.
            if kind in (NOTES, SLIDE) or (from_master and kind == LAYOUT):
                continue
            digest.update(f"\0{rid}\0{kind}\0".encode())
            if external:
                digest.update(target.encode())
            elif target in self._package.NameToInfo:
                digest.update(self.digest(target))
        self._visiting.discard(part)
        self._digests[part] = digest.digest()
        return self._digests[part]

    def notes(self, part: str) -> str:
        for kind, target, external in _relationships(self._package, part).values():
            if kind == NOTES and not external and target in self._package.NameToInfo:
                return notes_text(self._package.read(target))
        return ""

    def _content(self, part: str) -> bytes:
        data = self._package.read(part)
        if data[:4] != b"PK\x03\x04":
            return data
        # An embedded workbook: its members by content, less the time it was saved.
        digest = hashlib.sha256()
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as inner:
                for info in sorted(inner.infolist(), key=lambda i: i.filename):
                    if not info.filename.startswith(_VOLATILE_MEMBERS):
                        digest.update(info.filename.encode() + b"\0" + inner.read(info))
        except zipfile.BadZipFile:
            return data
        return digest.digest()


def notes_text(xml: bytes) -> str:
    """The text of a notes page's body placeholder, one line per paragraph."""
    root = etree.fromstring(xml)
    for shape in root.iter(f"{{{P}}}sp"):
        placeholder = shape.find(f"{{{P}}}nvSpPr/{{{P}}}nvPr/{{{P}}}ph")
        if placeholder is None or placeholder.get("type") != "body":
            continue
        lines = []
        for paragraph in shape.iter(f"{{{A}}}p"):
            pieces = []
            for node in paragraph.iter(f"{{{A}}}t", f"{{{A}}}br"):
                pieces.append("\n" if node.tag == f"{{{A}}}br" else node.text or "")
            lines.append("".join(pieces))
        return "\n".join(lines).strip()
    return ""


def _reachable(
    package: zipfile.ZipFile, left_out: set[str]
) -> dict[str, dict[str, tuple[str, str, bool]]]:
    """Every part of ``package`` its relationships lead to from its root (the part ""), not
    through the parts ``left_out``, with the part's relationships."""
    found: dict[str, dict[str, tuple[str, str, bool]]] = {}
    seen, waiting = {""}, [""]
    while waiting:
        part = waiting.pop()
        found[part] = _relationships(package, part)
        for _, target, external in found[part].values():
            if external or target in seen or target in left_out:
                continue
            if target in package.NameToInfo:
                seen.add(target)
                waiting.append(target)
    return found


def _rels_name(part: str) -> str:
    """Where a part's relationships are (the package's own for the part "")."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _relationships(package: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str, bool]]:
    """A part's relationships: id -> (type, target part name or URL, whether external)."""
    folder = posixpath.dirname(part)
    rels = _rels_name(part)
    if rels not in package.NameToInfo:
        return {}
    found = {}
    for rel in etree.fromstring(package.read(rels)).iter(f"{{{RELS}}}Relationship"):
        target = rel.get("Target", "")
        external = rel.get("TargetMode") == "External"
        if not external:
            joined = target[1:] if target.startswith("/") else posixpath.join(folder, target)
            target = posixpath.normpath(joined)
        found[rel.get("Id", "")] = (rel.get("Type", ""), target, external)
    return found


def _without_relationships(xml: bytes, cut: set[str]) -> bytes:
    """A part's relationships (its .rels file), less those ``cut``."""
    root = etree.fromstring(xml)
    for rel in list(root.iter(f"{{{RELS}}}Relationship")):
        if rel.get("Id") in cut:
            root.remove(rel)
    return _serialise(root)


def _drop_references(root: etree._Element, cut: set[str]) -> None:
    """Remove every element of a part naming one of the relationships ``cut``."""
    if not cut:
        return
    for element in list(root.iter(etree.Element)):
        if any(key.startswith(f"{{{R}}}") and value in cut for key, value in element.items()):
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)


def _overrides_only_for(xml: bytes, parts: set[str]) -> bytes:
    """The package's content types, less those of the parts it no longer holds."""
    root = etree.fromstring(xml)
    for override in list(root.iter(f"{{{_TYPES}}}Override")):
        if override.get("PartName", "").lstrip("/") not in parts:
            root.remove(override)
    return _serialise(root)


def _numbers_as_text(root: etree._Element) -> None:
    """Each slide-number field of a slide as a run of the same text and look."""
    for field in list(root.iter(f"{{{A}}}fld")):
        if field.get("type") != "slidenum":
            continue
        run = etree.Element(f"{{{A}}}r")
        for child in field:
            if child.tag in (f"{{{A}}}rPr", f"{{{A}}}t"):
                run.append(child)
        field.addnext(run)
        field.getparent().remove(field)


def _serialise(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
