"""The report's body as it is written: paragraphs and tables appended in order as XML, each
styled by role, with each external link related once, serialised as it goes.

python-docx's proxies (add_paragraph, paragraph.style, table.cell) look styles and the end of
the body up again for every block, which makes a long report quadratic; the body is built
here as plain elements instead, the same XML python-docx would write, and kept as a tree
only until it is serialised (internals.BodyParts).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Hashable
from typing import Any

from briefing.exporters.docx import internals
from briefing.exporters.docx.ooxml import element, sub
from briefing.exporters.docx.styles import StyleBook

# Blocks serialised together: enough to make each pass cheap, few enough to stay small.
_BATCH = 200


class Body:
    """Where the report's blocks go, and what they need: styles, links, compatibility."""

    def __init__(self, document: Any, book: StyleBook) -> None:
        self.document = document
        self.book = book
        self.links = internals.ExternalLinks(document)
        # Read once: tables line their borders up by it (see tables.add_table).
        self.compatibility_mode = internals.compatibility_mode(document)
        self.parts = internals.BodyParts(document)
        self._templates: dict[Hashable, Any] = {}

    def template(self, key: Hashable, build: Callable[..., Any], *args: Any) -> Any:
        """The prebuilt subtree for ``key``, built once per report by ``build(*args)``: the report
        repeats a few shapes (a bullet, a table row) thousands of times, and copying one
        is a single call into libxml2 where building it costs one call per element."""
        found = self._templates.get(key)
        if found is None:
            found = self._templates[key] = build(*args)
        return found

    def place(self, template: Any) -> Any:
        """A copy of ``template`` (a w:p or w:tbl) at the end of the body. It joins the
        body's namespace declarations at once, so links inside it write r:id as
        python-docx's blocks do."""
        made = copy.copy(template)  # lxml copies an element with its whole subtree
        self.parts.container.append(made)
        return made

    def flush(self) -> None:
        """Serialise the blocks written so far (see internals.BodyParts), once there are
        enough of them to be worth a pass."""
        if len(self.parts.container) >= _BATCH:
            self.parts.flush()

    def paragraph(self, role: str = "normal", *, page_break: bool = False) -> Any:
        """A new paragraph of ``role``, optionally starting a page."""
        return self.place(self.template(("p", role, page_break), self._paragraph, role, page_break))

    def _paragraph(self, role: str, page_break: bool) -> Any:
        return styled(element("w:p"), self.book, role, page_break=page_break)


def styled(p: Any, book: StyleBook, role: str, *, page_break: bool = False) -> Any:
    """Give the empty w:p ``p`` its properties: the style reference as python-docx writes it
    (an empty w:pPr for the default style), and a page break before when asked."""
    ppr = sub(p, "w:pPr")
    style_id = book.ref(role)
    if style_id is not None:
        sub(ppr, "w:pStyle", {"w:val": style_id})
    if page_break:
        sub(ppr, "w:pageBreakBefore")
    return p
