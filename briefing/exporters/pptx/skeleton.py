"""What new slides are made from: the placeholders each layout gives a slide the deck keeps.

A slide on a layout gets the layout's title (one is added if the layout has none: screen
readers need it) and, when asked, its largest body, each with the layout's place written on
it. python-pptx clones them; the internals that takes are in ``internals``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from briefing.errors import ThemeError
from briefing.exporters.pptx import layouts
from briefing.exporters.pptx.internals import (
    PlaceholderSpec,
    add_title,
    element,
    placeholder_spec,
    remove_shape,
    scratch_slide,
)

if TYPE_CHECKING:
    from pptx.presentation import Presentation as PresentationType
    from pptx.slide import SlideLayout


@dataclass(frozen=True)
class Prototype:
    """A new slide on one layout: the placeholders the deck keeps on it, in z-order."""

    layout: str  # the layout's part name
    shapes: tuple[PlaceholderSpec, ...]
    title: int  # index of the title placeholder in ``shapes``
    body: int | None
    title_size: float  # what the template sets its titles in
    title_caps: bool  # whether the template sets its titles in capitals


def prototype(prs: PresentationType, layout: SlideLayout | None, keep_body: bool) -> Prototype:
    """The placeholders of a new slide on ``layout``: its title (one is added if the layout
    has none) and, with ``keep_body``, its largest body; the others are removed. Each kept one
    gets its layout's place written on it, as inheritance by idx fails in templates that reuse
    an idx."""
    if layout is None:
        raise ThemeError("the PowerPoint template has no slide layouts; add at least one")
    with scratch_slide(prs, layout) as slide:
        title, body = None, None
        cloned = list(layout.iter_cloneable_placeholders())
        body_source = layouts.body_of(layout) if keep_body else None
        for shape, source in zip(list(slide.placeholders), cloned, strict=False):
            kind = source.placeholder_format.type
            if kind in layouts.TITLE_TYPES and title is None:
                title = shape
            elif (
                body is None and body_source is not None and element(source) is element(body_source)
            ):
                body = shape
            else:
                remove_shape(shape)
                continue
            if source.left is not None:
                shape.left, shape.top = source.left, source.top
                shape.width, shape.height = source.width, source.height
        if title is None:
            title = add_title(slide, prs)
        kept: list[Any] = list(slide.placeholders)  # in z-order
        elements = [element(shape) for shape in kept]
        return Prototype(
            layout=str(layout.part.partname),
            shapes=tuple(placeholder_spec(shape) for shape in kept),
            title=elements.index(element(title)),
            body=elements.index(element(body)) if body is not None else None,
            title_size=layouts.title_size(title),
            title_caps=layouts.inherited(title, "cap") == "all",
        )
