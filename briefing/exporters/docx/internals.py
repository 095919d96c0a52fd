"""The python-docx internals the docx exporter reaches into, kept in this one module.

python-docx 1.2 has no public API for hyperlinks, fields, numbering, settings flags or
picture alt text, and its public one for adding blocks and links rescans the document for
each (see body.py); everything that touches its private attributes, relationships or part
classes is here, so an upgrade has one place to check.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml

from briefing.errors import ThemeError
from briefing.exporters.docx.ooxml import element, nsdecls, qn
from briefing.packages import as_document
from briefing.untrusted import open_package

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

# The python-docx release these internals were written and checked against (pinned in
# pyproject.toml); tests fail on any other, so an upgrade starts by re-checking this module.
WRITTEN_FOR = "1.2.0"
_TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_EMPTY_NUMBERING = f"<w:numbering {nsdecls('w')}/>"
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def open_document(template: Path | None) -> Document:
    """A document to fill: python-docx's blank one, or the reference .docx/.dotx emptied."""
    import docx
    from docx.opc.exceptions import OpcError
    from lxml.etree import XMLSyntaxError

    if template is None:
        document = docx.Document()
        _drop_thumbnail(document)
        _drop_styles_with_effects(document)
        return document
    try:
        # Only the parts the reference uses, within limits, none with a DTD (untrusted.py).
        package = open_package(template, f"docx_template {template}")
        data = as_document(package, _TEMPLATE_MAIN, _DOCUMENT_MAIN)
        document = docx.Document(io.BytesIO(data))
    except OSError as exc:
        raise ThemeError(f"cannot read docx_template {template}: {exc.strerror or exc}") from None
    except (zipfile.BadZipFile, KeyError, ValueError, OpcError, XMLSyntaxError) as exc:
        raise ThemeError(
            f"docx_template {template} is not a Word document ({exc}); "
            "save it from Word or LibreOffice as .docx or .dotx"
        ) from None
    _drop_body_content(document)
    _drop_thumbnail(document)
    _drop_styles_with_effects(document)
    return document


def _drop_body_content(document: Document) -> None:
    """Remove the reference's sample content; keep the final w:sectPr (page size, margins,
    header and footer references)."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    body.get_or_add_sectPr()  # a body without one has no page set-up to keep


def _drop_thumbnail(document: Document) -> None:
    """A template's preview image would show a blank or foreign page in file browsers."""
    rels = document.part.package.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        del rels[rid]


def _drop_styles_with_effects(document: Document) -> None:
    """Word 2010's copy of the styles, for Word 2007: left out of step with the styles the
    report adds, Word repairs the file; without it, Word reads styles.xml alone."""
    rels = document.part.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype == _STYLES_WITH_EFFECTS]:
        del rels[rid]


def p_of(paragraph: Paragraph) -> Any:
    return paragraph._p


def paragraph_proxy(document: Document, p: Any) -> Paragraph:
    """python-docx's Paragraph for a w:p of the body (in its part), for its picture API."""
    from docx.text.paragraph import Paragraph

    return Paragraph(p, document._body)


class BodyParts:
    """The body written in parts, so a long report never holds all of its XML as a tree.

    Blocks go into a detached w:body that declares the document's namespaces, and are
    serialised from there a batch at a time: the same bytes they would take in the
    document, since nothing else is declared on the way. The document's own body keeps
    only a marker, before its final w:sectPr, where ``splice`` puts the batches back into
    the saved package.

    python-docx's add_paragraph and add_table look the w:sectPr up again among all the
    body's children for every block added, which makes a long report quadratic; and a tree
    of a few million elements costs hundreds of megabytes where its XML costs tens.
    """

    def __init__(self, document: Document) -> None:
        from docx.oxml.parser import oxml_parser
        from lxml import etree

        body = document.element.body
        # Made by python-docx's parser, so blocks in it get its element classes (the cover
        # picture is added through python-docx's paragraph API).
        self.container: Any = oxml_parser.makeelement(body.tag, nsmap=document.element.nsmap)
        self._batches: list[bytes] = []
        marker = etree.Comment(_MARKER)
        end = body.sectPr
        if end is not None:
            end.addprevious(marker)
        else:
            body.append(marker)

    def flush(self) -> None:
        """Serialise the blocks written so far and let go of them."""
        from lxml import etree

        if len(self.container):
            xml = etree.tostring(self.container, encoding="UTF-8", xml_declaration=False)
            # Only the blocks: between the container's start tag and its end tag.
            self._batches.append(xml[xml.index(b">") + 1 : xml.rindex(b"</")])
            self.container.clear()

    def splice(self, package: bytes) -> bytes:
        """``package`` (saved by python-docx) with the batches in place of the marker; the
        entries are stored uncompressed, for reproducible_zip to compress once."""
        self.flush()
        marker = f"<!--{_MARKER}-->".encode()
        out = io.BytesIO()
        with (
            zipfile.ZipFile(io.BytesIO(package)) as source,
            zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target,
        ):
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename != "word/document.xml":
                    target.writestr(info.filename, data)
                    continue
                before, after = data.split(marker)
                with target.open(info.filename, "w", force_zip64=True) as entry:
                    entry.write(before)
                    for batch in self._batches:
                        entry.write(batch)
                    entry.write(after)
        self._batches.clear()
        return out.getvalue()


_MARKER = "briefing: the body goes here"


class ExternalLinks:
    """Relationship ids of the part's external hyperlinks, one per URL: what python-docx's
    ``relate_to(url, RT.HYPERLINK, is_external=True)`` gives, without its scan of every
    relationship for each link (which makes a report with many links quadratic)."""

    def __init__(self, document: Document) -> None:
        self._rels = document.part.rels
        self._ids: dict[str, str] = {}
        for rid, rel in self._rels.items():
            if rel.is_external and rel.reltype == RT.HYPERLINK:
                self._ids.setdefault(rel.target_ref, rid)
        self._next = 1

    def __getitem__(self, url: str) -> str:
        rid = self._ids.get(url)
        if rid is None:
            # The lowest free id, as python-docx picks; relationships are only ever added
            # while the report is written, so no id below the last one found frees up.
            while f"rId{self._next}" in self._rels:
                self._next += 1
            rid = f"rId{self._next}"
            self._rels.add_relationship(RT.HYPERLINK, url, rid, is_external=True)
            self._ids[url] = rid
        return rid


def numbering_root(document: Document) -> Any:
    """The w:numbering element, creating the numbering part when the reference has none."""
    from docx.opc.packuri import PackURI
    from docx.parts.numbering import NumberingPart

    part = document.part
    try:
        return cast(Any, part.part_related_by(RT.NUMBERING)).element
    except KeyError:
        pass
    # python-docx's NumberingPart.new() is not implemented; build the part directly.
    partname = PackURI("/word/numbering.xml")
    if partname in {p.partname for p in part.package.iter_parts()}:
        partname = part.package.next_partname("/word/numbering%d.xml")
    numbering = NumberingPart(partname, CT.WML_NUMBERING, parse_xml(_EMPTY_NUMBERING), part.package)
    part.relate_to(numbering, RT.NUMBERING)
    return numbering.element


def style_proxy(style_element: Any) -> Any:
    """The python-docx style object for a w:style element added to the styles part."""
    from docx.styles.style import StyleFactory

    return StyleFactory(style_element)


def section_properties(document: Document) -> Any:
    """A new w:sectPr for a section ending inside the body: the page set-up of the
    document's final section, without its headers, footers, first-page flag or break type
    (a new page)."""
    import copy

    made = copy.deepcopy(document.element.body.sectPr)
    for tag in ("w:headerReference", "w:footerReference", "w:titlePg", "w:type"):
        for found in made.findall(qn(tag)):
            made.remove(found)
    return made


def section_proxy(document: Document, sect_pr: Any) -> Any:
    """python-docx's Section for ``sect_pr``, for its header and footer API (which adds
    the header parts and their references)."""
    from docx.section import Section

    return Section(sect_pr, document.part)


def even_and_odd_headers(document: Document) -> bool:
    flag = document.settings.element.find(qn("w:evenAndOddHeaders"))
    return flag is not None and flag.get(qn("w:val"), "true") not in ("0", "false", "off")


def set_app_properties(document: Document, company: str) -> None:
    """Replace the extended properties (docProps/app.xml): the blank template's claim to be
    a one-page document written by Word for Mac would otherwise travel with the report."""
    from xml.sax.saxutils import escape

    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties"><Application>briefing</Application>'
        f"<Company>{escape(company)}</Company></Properties>"
    )
    for part in document.part.package.iter_parts():
        if part.partname == "/docProps/app.xml":
            part._blob = xml.encode("utf-8")


def compatibility_mode(document: Document) -> int:
    """Word's layout compatibility mode (15 = Word 2013 and later; 0 when unstated)."""
    compat = document.settings.element.find(qn("w:compat"))
    for setting in compat.findall(qn("w:compatSetting")) if compat is not None else ():
        if setting.get(qn("w:name")) == "compatibilityMode":
            value = setting.get(qn("w:val"), "0")
            return int(value) if value.isdigit() else 0
    return 0


def describe_picture(run: Run, alt_text: str, shape_id: int) -> None:
    """Give the picture just added to ``run`` its alt text and a document-unique id
    (python-docx numbers pictures per part, so header and body pictures would clash)."""
    for doc_pr in run._r.iter(qn("wp:docPr")):
        doc_pr.set("id", str(shape_id))
        doc_pr.set("name", f"Picture {shape_id}")
        doc_pr.set("descr", alt_text)
    for c_nv_pr in run._r.iter(qn("pic:cNvPr")):
        c_nv_pr.set("descr", alt_text)


def clear_story(story: Any) -> None:
    """Empty a header or footer, leaving it one empty paragraph (OOXML requires one)."""
    root = story._element
    for child in list(root):
        root.remove(child)
    root.append(element("w:p"))
