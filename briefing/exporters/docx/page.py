"""The page: A4 set-up, the logo and title header, the footer with 'Page X of Y'."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docx.shared import Cm, Length

from briefing.errors import ThemeError
from briefing.exporters.docx import internals
from briefing.exporters.docx.fields import add_page_x_of_y
from briefing.exporters.docx.flow import hairline
from briefing.exporters.docx.ooxml import PPR_ORDER, element, ppr_of, put, twips
from briefing.exporters.docx.richtext import add_text
from briefing.exporters.docx.styles import StyleBook
from briefing.exporters.docx.theming import RULE
from briefing.i18n import Messages
from briefing.model import Briefing
from briefing.themes import Theme

if TYPE_CHECKING:
    from briefing.exporters.docx.body import Body

# Picture ids must be unique across the document's parts (body, headers).
COVER_LOGO_ID = 1
FIRST_HEADER_LOGO_ID = 2


def set_up_page(section: Any) -> None:
    """A4 portrait with margins that leave a comfortable line length for 11 pt text."""
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.3), Cm(2.2)
    section.header_distance = section.footer_distance = Cm(1.0)


def text_width(section: Any) -> Length:
    """The width between the margins (a reference may leave any of them unset)."""
    page = section.page_width if section.page_width is not None else Cm(21.0)
    margins = (section.left_margin or 0) + (section.right_margin or 0)
    return Length(page - margins)


def add_picture(paragraph: Any, path: Path, height: Length, alt_text: str, shape_id: int) -> None:
    """An inline picture with alt text; a clear error when the file is not a usable image."""
    from docx.image.exceptions import UnrecognizedImageError

    run = paragraph.add_run()
    try:
        run.add_picture(str(path), height=height)
    except (UnrecognizedImageError, OSError, ValueError) as exc:
        raise ThemeError(
            f"logo {path} cannot be placed in a Word document ({exc or type(exc).__name__}); "
            "use a PNG or JPEG image"
        ) from None
    internals.describe_picture(run, alt_text, shape_id)


class RunningHeads:
    """Each section's running header and footer. The first section (cover, executive
    summary, contents) shows the title; each track's section names the track, so a page
    that continues a chapter says which one; the cover has no header or footer."""

    def __init__(
        self, document: Any, book: StyleBook, briefing: Briefing, theme: Theme, words: Messages
    ) -> None:
        self.document = document
        self.book = book
        self.briefing = briefing
        self.theme = theme
        self.words = words
        self._sections = 0
        self._logo_ids = itertools.count(FIRST_HEADER_LOGO_ID)

    def section(self, body: Body, label: str | None) -> None:
        """End a section at the end of ``body`` with the running header for ``label``."""
        sect_pr = internals.section_properties(self.document)
        # The break gets a paragraph of its own: after a table one is needed, and in the
        # contents' last paragraph (which ends the TOC field) LibreOffice loses the
        # footer's fields.
        put(ppr_of(body.place(hairline())), sect_pr, PPR_ORDER)
        self._fill(internals.section_proxy(self.document, sect_pr), label)

    def last(self, section: Any, label: str | None) -> None:
        """The document's final section, which ends with the body."""
        self._fill(section, label)

    def _fill(self, section: Any, label: str | None) -> None:
        first = self._sections == 0
        self._sections += 1
        section.different_first_page_header_footer = first
        if first:
            for story in (section.first_page_header, section.first_page_footer):
                story.is_linked_to_previous = False
                internals.clear_story(story)
        pairs = [(section.header, section.footer)]
        if internals.even_and_odd_headers(self.document):
            pairs.append((section.even_page_header, section.even_page_footer))
        for header, footer in pairs:
            header.is_linked_to_previous = False
            logo = logo_text(self.briefing, self.words)
            _header(header, self.book, self.briefing, self.theme, next(self._logo_ids), label, logo)
            # Later sections show the first one's footer (Page X of Y runs on).
            footer.is_linked_to_previous = not first
            if first:
                _footer(footer, self.book, self.theme, self.words)


def _header(
    header: Any,
    book: StyleBook,
    briefing: Briefing,
    theme: Theme,
    logo_id: int,
    label: str | None,
    logo: str,
) -> None:
    internals.clear_story(header)
    paragraph = header.paragraphs[0]
    paragraph.style = book["header"]
    _rule(paragraph, "bottom")
    _only_right_tab(paragraph, book)
    if theme.logo:
        add_picture(paragraph, theme.logo, Cm(0.75), logo, logo_id)
    p = internals.p_of(paragraph)
    add_text(p, "\t")
    if label:
        add_text(p, label, bold=True, color=book.look.primary)
        add_text(p, "  \u00b7  ")
    add_text(p, briefing.meta.title.plain)


def logo_text(briefing: Briefing, said: Messages) -> str:
    """The logo's alt text: 'StepStone logo'."""
    owner = briefing.meta.organisation or briefing.meta.author
    return said("logo_alt", name=owner.plain) if owner else said("logo")


def _footer(footer: Any, book: StyleBook, theme: Theme, said: Messages) -> None:
    internals.clear_story(footer)
    paragraph = footer.paragraphs[0]
    paragraph.style = book["footer"]
    _rule(paragraph, "top")
    _only_right_tab(paragraph, book)
    p = internals.p_of(paragraph)
    add_text(p, theme.footer)
    add_text(p, "\t")
    add_page_x_of_y(p, said.pieces("page_x_of_y"))


def _rule(paragraph: Any, side: str) -> None:
    """A thin line between the running header or footer and the text."""
    line = element(f"w:{side}", {"w:val": "single", "w:sz": "4", "w:space": "4", "w:color": RULE})
    put(ppr_of(internals.p_of(paragraph)), element("w:pBdr", {}, line), PPR_ORDER)


def accent_bar(p: Any, color: str, short_by: Length) -> None:
    """Turn an empty paragraph into a short thick bar: its bottom border, indented from the
    right so that only the start of the line remains."""
    ppr = ppr_of(p)
    line = element("w:bottom", {"w:val": "single", "w:sz": "36", "w:space": "1", "w:color": color})
    put(ppr, element("w:pBdr", {}, line), PPR_ORDER)
    put(ppr, element("w:spacing", {"w:before": "0", "w:after": "360"}), PPR_ORDER)
    put(ppr, element("w:ind", {"w:left": "0", "w:right": str(twips(short_by))}), PPR_ORDER)
    put(ppr, element("w:rPr", {}, element("w:sz", {"w:val": "4"})), PPR_ORDER)


def cover_detail(p: Any, label_width: Length, space_before: Length | None) -> None:
    """A cover line: a label, then a tab to the value column; wrapped lines align with it."""
    ppr = ppr_of(p)
    tab = element("w:tab", {"w:val": "left", "w:pos": str(twips(label_width))})
    put(ppr, element("w:tabs", {}, tab), PPR_ORDER)
    before = str(twips(space_before)) if space_before is not None else "0"
    put(ppr, element("w:spacing", {"w:before": before, "w:after": "100"}), PPR_ORDER)
    indent = str(twips(label_width))
    put(ppr, element("w:ind", {"w:left": indent, "w:hanging": indent}), PPR_ORDER)


def _only_right_tab(paragraph: Any, book: StyleBook) -> None:
    """One tab stop, right-aligned at the margin: a reference's header style may bring a
    centre tab (LibreOffice's and Word's do), which would centre the title instead."""
    inherited: set[int] = set()
    style = paragraph.style
    while style is not None:
        inherited |= {twips(tab.position) for tab in style.paragraph_format.tab_stops}
        style = style.base_style
    stops = {pos: "clear" for pos in inherited} | {book.text_width: "right"}
    tabs = element(
        "w:tabs",
        {},
        *(
            element("w:tab", {"w:val": kind, "w:pos": str(pos)})
            for pos, kind in sorted(stops.items())
        ),
    )
    put(ppr_of(internals.p_of(paragraph)), tabs, PPR_ORDER)
