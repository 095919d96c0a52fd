"""The ``pptx`` exporter: a branded 16:9 lunch-and-learn deck whose text always fits.

Importing this package is cheap; python-pptx, Pillow and segno are imported by ``export()``.

Its modules form layers, each importing only those below it (checked by ``make lint``):

- ``deck`` (the whole deck) and ``check`` (``briefing check-template``);
- the slide writers: ``tracks`` over ``session``, ``slides`` (dividers, closing),
  ``opening`` (title, agenda) and ``watch`` (the watch-later slide);
- the canvas every slide is drawn on: ``chrome``;
- planning, as data: ``plan`` and ``summary``, ``columns``, ``charts`` and ``pieces``;
- style and text: ``design`` (a template's usable areas) over ``backdrop``, ``style``, ``text``;
- writing the package: ``package``, ``packaging`` (the base's theme and properties),
  ``skeleton`` (placeholders of new slides), over ``layouts``;
- ``internals``, the only module that touches python-pptx's internals;
- primitives: ``ooxml``, ``paginate``, ``qr``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from briefing.output import with_ext, write_atomic

if TYPE_CHECKING:
    from briefing.model import Briefing
    from briefing.themes import Theme


class PptxExporter:
    """Writes ``<name>.pptx``: title, agenda, track dividers, session slides, closing slide."""

    name: ClassVar[str] = "pptx"
    extensions: ClassVar[tuple[str, ...]] = ("pptx",)
    description: ClassVar[str] = "PowerPoint deck for a lunch-and-learn (16:9, themed)"

    def unavailable(self) -> str | None:
        return None

    def export(self, briefing: Briefing, theme: Theme, output: Path) -> list[Path]:
        from briefing.exporters.pptx.deck import build_deck

        return [write_atomic(with_ext(output, "pptx"), build_deck(briefing, theme))]


def check_template(path: Path) -> str:
    """A report on a PowerPoint template: its layouts and placeholders and how they are used."""
    from briefing.exporters.pptx.check import report

    return report(path)
