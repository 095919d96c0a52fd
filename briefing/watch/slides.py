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
    fraction of the time the whole deck takes."""
    wanted = {slide.part for slide in keep}
    with zipfile.ZipFile(deck) as package:
        presentation = etree.fromstring(package.read("ppt/presentation.xml"))
        targets = _relationships(package, "ppt/presentation.xml")
        listed = presentation.find(f"{{{P}}}sldIdLst")
        if listed is not None:
            for entry in list(listed):
                if targets.get(entry.get(f"{{{R}}}id", ""), ("", ""))[1] not in wanted:
                    listed.remove(entry)
        replaced = {"ppt/presentation.xml": _serialise(presentation)}
        for part in wanted:
            replaced[part] = _numbers_as_text(package.read(part))
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as out:
            for info in package.infolist():
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


def _relationships(package: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str, bool]]:
    """A part's relationships: id -> (type, target part name or URL, whether external)."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
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


def _numbers_as_text(xml: bytes) -> bytes:
    """The slide with each slide-number field as a run of the same text and look."""
    root = etree.fromstring(xml)
    for field in list(root.iter(f"{{{A}}}fld")):
        if field.get("type") != "slidenum":
            continue
        run = etree.Element(f"{{{A}}}r")
        for child in field:
            if child.tag in (f"{{{A}}}rPr", f"{{{A}}}t"):
                run.append(child)
        field.addnext(run)
        field.getparent().remove(field)
    return _serialise(root)


def _serialise(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
