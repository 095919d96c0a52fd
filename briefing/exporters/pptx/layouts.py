"""Finding a template's layouts and placeholders by name, with fallbacks, and reporting on them.

Corporate templates name layouts differently ("Title and Content", "Title, Content",
"1_Title and Content"), number placeholders oddly (some give every one the same idx), and
sometimes lack a layout altogether. Each role the deck needs is matched by name first, then by
the placeholders a layout holds, then by falling back to a simpler role.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pptx.enum.shapes import PP_PLACEHOLDER

from briefing.exporters.pptx.internals import element, inherited_placeholders

if TYPE_CHECKING:
    from pptx.presentation import Presentation as PresentationType
    from pptx.slide import SlideLayout

TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE)
BODY_TYPES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)
CHROME_TYPES = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)

# What each slide of the deck is built on, and the names templates give that layout, in the
# languages of PowerPoint's own templates: English, German, French, Spanish, Italian, Dutch and
# Portuguese (Portugal and Brazil). Names match in any case, with or without accents.
ROLES: dict[str, tuple[str, ...]] = {
    "title": (
        "Title Slide",
        "Title Page",
        "Cover",
        "Titelfolie",
        "Diapositive de titre",
        "Diapositiva de título",
        "Diapositiva titolo",
        "Titeldia",
        "Diapositivo de Título",
        "Slide de Título",
    ),
    "content": (
        "Title and Content",
        "Title, Content",
        "Title and Text",
        "Title, Text",
        "Titel und Inhalt",
        "Titre et contenu",
        "Título y objetos",
        "Título y contenido",
        "Titolo e contenuto",
        "Titel en object",
        "Titel en inhoud",
        "Título e Conteúdo",
        "Título e Objeto",
    ),
    "section": (
        "Section Header",
        "Section Title",
        "Section Break",
        "Section",
        "Divider",
        "Title, Section",
        "Abschnittsüberschrift",
        "En-tête de section",
        "Encabezado de sección",
        "Intestazione sezione",
        "Sectiekop",
        "Cabeçalho da Secção",
        "Cabeçalho da Seção",
    ),
    "title_only": (
        "Title Only",
        "Only Title",
        "Title",
        "Nur Titel",
        "Titre seul",
        "Solo el título",
        "Solo titolo",
        "Alleen titel",
        "Apenas Título",
        "Somente Título",
    ),
    "blank": (
        "Blank",
        "Blank Slide",
        "Empty",
        "Leer",
        "Vide",
        "En blanco",
        "Vuota",
        "Leeg",
        "Em branco",
    ),
}
# When no layout fits a role, the deck uses the layout of the next role that has one.
FALLBACKS: dict[str, tuple[str, ...]] = {
    "title": ("section", "title_only", "content"),
    "content": ("title_only",),
    "section": ("title", "content", "title_only"),
    "title_only": ("content",),
    "blank": ("title_only", "content"),
}
USES = {
    "title": "title slide",
    "content": "agenda and closing slides",
    "section": "track dividers",
    "title_only": "session slides",
    "blank": "(not used: every slide needs a title)",
}
# Words that do not tell layouts apart: "Title and Content" == "Title, Content".
_STOP_WORDS = {"and", "layout", "with", "the", "und", "et", "y", "e", "en", "de", "da", "el"}


@dataclass(frozen=True)
class Choice:
    """The layout chosen for a role, and how it was found."""

    role: str
    layout: SlideLayout | None
    how: str


def normalise(name: str) -> frozenset[str]:
    """A layout name as a set of words: '1_Title, Content' == 'Title and Content', and
    'TITULO Y OBJETOS' == 'Título y objetos'."""
    name = re.sub(r"^\d+_", "", name.strip()).casefold().replace("&", " and ")
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return frozenset(w for w in re.findall(r"[^\W_]+", bare) if w not in _STOP_WORDS)


def placeholder_kinds(layout: Any) -> list[Any]:
    kinds = []
    for shape in layout.placeholders:
        try:
            kinds.append(shape.placeholder_format.type)
        except ValueError:  # an unknown placeholder type in an odd template
            continue
    return kinds


def _has_title(layout: Any) -> bool:
    return any(kind in TITLE_TYPES for kind in placeholder_kinds(layout))


def _bodies(layout: Any) -> int:
    return sum(kind in BODY_TYPES for kind in placeholder_kinds(layout))


def _fits_structurally(role: str, layout: Any) -> bool:
    kinds = placeholder_kinds(layout)
    if role == "title":
        return PP_PLACEHOLDER.CENTER_TITLE in kinds or (
            _has_title(layout) and PP_PLACEHOLDER.SUBTITLE in kinds
        )
    if role == "content":
        return (
            PP_PLACEHOLDER.TITLE in kinds
            and PP_PLACEHOLDER.SUBTITLE not in kinds
            and _bodies(layout) == 1
        )
    if role == "title_only":
        return _has_title(layout) and _bodies(layout) == 0
    if role == "blank":
        return not _has_title(layout) and _bodies(layout) == 0
    return False  # a section header cannot be told from a content layout by its placeholders


def find_layouts(
    prs: PresentationType | None, within: Any = None, named: dict[str, str] | None = None
) -> dict[str, Choice]:
    """The layout for every role: named by the theme, then by name, then by placeholders,
    then by a fallback role; among the layouts of ``within`` (a master) when given."""
    masters = [within] if within is not None or prs is None else list(prs.slide_masters)
    layouts = [layout for master in masters for layout in master.slide_layouts]
    direct: dict[str, Choice] = {}
    for role, name in (named or {}).items():
        match = next((lay for lay in layouts if normalise(lay.name) == normalise(name)), None)
        if match is not None:
            direct[role] = Choice(role, match, "named by the theme")
    for role, names in ROLES.items():
        if role in direct:
            continue
        wanted = [normalise(n) for n in names]
        for rank, key in enumerate(wanted):
            match = next((lay for lay in layouts if normalise(lay.name) == key), None)
            if match is not None and (role == "blank" or _has_title(match)):
                how = "by name" if rank == 0 else f"by name ({names[rank]!r})"
                direct[role] = Choice(role, match, how)
                break
        else:
            match = next((lay for lay in layouts if _fits_structurally(role, lay)), None)
            if match is not None:
                direct[role] = Choice(role, match, "by its placeholders")
    chosen: dict[str, Choice] = {}
    for role in ROLES:
        if role in direct:
            chosen[role] = direct[role]
            continue
        fallback = next((direct[r] for r in FALLBACKS[role] if r in direct), None)
        if fallback is not None:
            chosen[role] = Choice(
                role,
                fallback.layout,
                f"no {role.replace('_', ' ')} layout; using the "
                f"{fallback.role.replace('_', ' ')} layout",
            )
        else:
            titled = next((lay for lay in layouts if _has_title(lay)), None)
            if titled is not None:
                how = "no matching layout; using the first layout with a title"
            else:
                titled = layouts[0] if layouts else None
                how = "no layout has a title placeholder; the deck adds one to each slide"
            chosen[role] = Choice(role, titled, how)
    return chosen


def title_of(shapes: Any) -> Any:
    """The title placeholder among ``shapes`` (a slide's or a layout's), or None."""
    for shape in shapes.placeholders:
        try:
            if shape.placeholder_format.type in TITLE_TYPES:
                return shape
        except ValueError:
            continue
    return None


def body_of(shapes: Any) -> Any:
    """The largest text placeholder that is not a title, or None."""
    best, area = None, -1
    for shape in shapes.placeholders:
        try:
            kind = shape.placeholder_format.type
        except ValueError:
            continue
        if kind not in BODY_TYPES or shape.width is None or shape.height is None:
            continue
        if shape.width * shape.height > area:
            best, area = shape, shape.width * shape.height
    return best


def duplicate_idx(layout: Any) -> bool:
    """Whether placeholders of ``layout`` share an idx (which breaks inheritance by idx)."""
    seen = [shape.placeholder_format.idx for shape in layout.placeholders]
    return len(seen) != len(set(seen))


# --- what a template's placeholders inherit ----------------------------------------------


def title_size(title: Any) -> float:
    """The font size a template gives its titles (from the layout, master or text styles)."""
    size = inherited(title, "sz")
    return int(size) / 100 if size else 44.0


def inherited(shape: Any, attribute: str) -> str | None:
    """A first-level run property a placeholder inherits: layout, then master, then styles."""
    candidates = inherited_placeholders(shape)
    for candidate in candidates:
        found = candidate.xpath(f"./p:txBody/a:lstStyle/a:lvl1pPr/a:defRPr/@{attribute}")
        if found:
            return str(found[0])
    try:
        master = shape.part.slide_layout.slide_master
    except AttributeError:
        return None
    found = element(master).xpath(f"./p:txStyles/p:titleStyle/a:lvl1pPr/a:defRPr/@{attribute}")
    return str(found[0]) if found else None
