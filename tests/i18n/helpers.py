"""Reading every fixed word back out of the outputs: the deck's slides, notes, charts and alt
texts; the report's body, headers, footers and captions; Markdown; the email."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from email import message_from_bytes, policy
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml
from babel.messages.pofile import read_po
from lxml import etree

from briefing.i18n.catalogue import po_file

LANGUAGES = ("de-DE", "fr-FR", "es-ES", "it-IT", "nl-NL", "pt-PT")
_WORD = re.compile(r"[^\W\d_]{2,}")
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def words(text: str) -> set[str]:
    """The words of ``text``, in lower case (two letters or more, no digits)."""
    return {w.casefold() for w in _WORD.findall(text)}


def catalogue_words(folder: str) -> set[str]:
    """Every word of a catalogue's messages, placeholders left out."""
    with po_file(folder).open("rb") as source:
        catalog = read_po(source)
    found: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            found |= words(re.sub(r"\{\w+\}", " ", string))
    return found


def english_only(folder: str) -> set[str]:
    """Words of the English catalogue the ``folder`` catalogue does not use itself."""
    return catalogue_words("en") - catalogue_words(folder)


def source_words(*paths: Path) -> set[str]:
    """Every word the source (or theme) files hold: their content, which stays as written."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            found.update(words(value))

    for path in paths:
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def _xml(data: bytes) -> Any:
    return etree.fromstring(data)


def deck_texts(deck: Path) -> list[str]:
    """Each text of the deck: slide and notes paragraphs, chart texts, alt texts."""
    out: list[str] = []
    with zipfile.ZipFile(deck) as package:
        for name in sorted(package.namelist()):
            if not re.fullmatch(r"ppt/(slides|notesSlides|charts)/[^/]+\.xml", name):
                continue
            root = _xml(package.read(name))
            for paragraph in root.iter(f"{{{_A}}}p"):
                text = "".join(t.text or "" for t in paragraph.iter(f"{{{_A}}}t"))
                if text.strip():
                    out.append(text)
            out += [v.text or "" for v in root.iter(f"{{{_C}}}v")]
            out += [e.get("descr", "") for e in root.iter() if e.get("descr")]
    return out


def deck_runs(deck: Path) -> list[tuple[str, str | None]]:
    """Every run properties element of slides, notes and charts: (part, its lang)."""
    found = []
    with zipfile.ZipFile(deck) as package:
        for name in sorted(package.namelist()):
            if not re.fullmatch(r"ppt/(slides|notesSlides|charts)/[^/]+\.xml", name):
                continue
            root = _xml(package.read(name))
            for run in root.iter(f"{{{_A}}}r", f"{{{_A}}}fld"):
                props = run.find(f"{{{_A}}}rPr")
                found.append((name, None if props is None else props.get("lang")))
    return found


def report_texts(docx: Path) -> list[str]:
    """Each paragraph of the report's body, headers and footers; captions and alt texts."""
    out: list[str] = []
    with zipfile.ZipFile(docx) as package:
        for name in sorted(package.namelist()):
            if not re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", name):
                continue
            root = _xml(package.read(name))
            for paragraph in root.iter(f"{{{_W}}}p"):
                text = "".join(t.text or "" for t in paragraph.iter(f"{{{_W}}}t"))
                if text.strip():
                    out.append(text)
            out += [c.get(f"{{{_W}}}val", "") for c in root.iter(f"{{{_W}}}tblCaption")]
            out += [d.get("descr", "") for d in root.iter(f"{{{_WP}}}docPr")]
    return out


def report_language(docx: Path) -> tuple[str | None, int]:
    """The language of the report's default run properties, and how many styles set their
    own."""
    with zipfile.ZipFile(docx) as package:
        root = _xml(package.read("word/styles.xml"))
    lang = root.find(f"{{{_W}}}docDefaults/{{{_W}}}rPrDefault/{{{_W}}}rPr/{{{_W}}}lang")
    styles = len(root.findall(f"{{{_W}}}style/{{{_W}}}rPr/{{{_W}}}lang"))
    return (None if lang is None else lang.get(f"{{{_W}}}val")), styles


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def email_parts(eml: Path) -> tuple[EmailMessage, str, str]:
    """The message, its text body and its HTML body."""
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None and html is not None
    return message, text.get_content(), html.get_content()


def english_left(texts: Iterable[str], folder: str, content: set[str]) -> set[str]:
    """The English catalogue's words found in ``texts`` that the language's own catalogue
    does not use and the source's content does not hold."""
    found: set[str] = set()
    for text in texts:
        found |= words(text)
    return found & (english_only(folder) - content)
