"""Themes: colours, fonts, logo, footer and corporate templates, found by name or path."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from briefing.errors import Location, Problem, SourceError, ThemeError
from briefing.i18n import Labels
from briefing.model import Name
from briefing.packages import Application, unusable_template
from briefing.source import validate_document
from briefing.yamlfile import load

THEME_FILE = "theme.yaml"
DEFAULT_THEME = "default"
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
_THEME_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def _to_color(value: object) -> str:
    if not isinstance(value, str) or not _HEX.fullmatch(value.strip()):
        raise PydanticCustomError(
            "color",
            "{message}",
            {"message": f"expected a colour as #RRGGBB (e.g. '#1B365D', quoted), got {value!r}"},
        )
    return value.strip().upper()


Color = Annotated[
    str, PlainValidator(_to_color), WithJsonSchema({"type": "string", "pattern": _HEX.pattern})
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Colors(_Model):
    """Brand colours; any left out fall back to the default palette (or the template's)."""

    primary: Color | None = None
    secondary: Color | None = None
    accent: Color | None = None
    text: Color | None = None
    background: Color | None = None


class Fonts(_Model):
    heading: Name | None = None
    body: Name | None = None


class TypeScale(_Model):
    """The largest sizes, in points, of session titles and of body text on session slides; a
    summary deck steps down only as its content needs, never below 18 pt for body text."""

    title: Annotated[float, Field(ge=20, le=60)] = 32.0
    body: Annotated[float, Field(ge=18, le=40)] = 22.0


DEFAULT_SCALE = TypeScale()


class PptxLayouts(_Model):
    """Layouts of the template named for the deck's slides (any case and language)."""

    title: Name | None = None
    section: Name | None = None
    content: Name | None = None
    closing: Name | None = None


class ThemeFile(_Model):
    """The contents of ``theme.yaml``."""

    name: Name
    description: Name | None = None
    colors: Colors = Colors()
    fonts: Fonts = Fonts()
    logo: Name | None = None
    pptx_template: Name | None = None
    pptx_master: Name | None = None
    pptx_layouts: PptxLayouts = PptxLayouts()
    type_scale: TypeScale = TypeScale()
    docx_template: Name | None = None
    footer: Name | None = None
    labels: Labels = Labels()  # the company's words for the catalogue's, by message key


DEFAULT_COLORS = {
    "primary": "#1B365D",
    "secondary": "#2E75B6",
    "accent": "#C8102E",
    "text": "#1F2937",
    "background": "#FFFFFF",
}
DEFAULT_FONTS = {"heading": "Calibri", "body": "Calibri"}


@dataclass(frozen=True)
class Palette:
    primary: str
    secondary: str
    accent: str
    text: str
    background: str


@dataclass(frozen=True)
class Theme:
    """A resolved theme: every value filled in, every asset an existing file in its folder."""

    name: str
    folder: Path | None
    colors: Palette
    heading_font: str
    body_font: str
    logo: Path | None = None
    pptx_template: Path | None = None
    docx_template: Path | None = None
    footer: str = ""
    description: str = ""
    # The template's master and layouts the theme names (see design.py).
    pptx_master: str | None = None
    pptx_layouts: tuple[tuple[str, str], ...] = ()
    type_scale: TypeScale = DEFAULT_SCALE
    # Words instead of the catalogue's, by message key; a source's own labels win over these.
    labels: tuple[tuple[str, str], ...] = ()
    # The colours and fonts the theme file set itself; a template's own win over defaults.
    explicit: frozenset[str] = frozenset()

    def is_explicit(self, key: str) -> bool:
        """Whether theme.yaml set ``key`` (e.g. 'colors.primary', 'fonts.body') itself."""
        return key in self.explicit


def builtin_theme() -> Theme:
    """The default look, used when no theme folder can be found at all."""
    return Theme(
        name=DEFAULT_THEME,
        folder=None,
        colors=Palette(**DEFAULT_COLORS),
        heading_font=DEFAULT_FONTS["heading"],
        body_font=DEFAULT_FONTS["body"],
    )


def search_path() -> list[Path]:
    """Folders searched for themes by name: ./themes, then the themes installed with briefing."""
    places = [Path.cwd() / "themes"]
    packaged = Path(str(resources.files("briefing"))) / "_themes"
    checkout = Path(__file__).resolve().parent.parent / "themes"
    for place in (packaged, checkout):
        if place.is_dir() and place.resolve() not in {p.resolve() for p in places if p.exists()}:
            places.append(place)
    return places


def available_themes() -> dict[str, Path]:
    """Theme name -> folder, the first found along the search path winning."""
    found: dict[str, Path] = {}
    for place in search_path():
        if not place.is_dir():
            continue
        for folder in sorted(place.iterdir()):
            if (folder / THEME_FILE).is_file() and folder.name not in found:
                found[folder.name] = folder
    return found


def find_theme(spec: str | None) -> Path:
    """The folder of the theme named (or pointed at) by ``spec``."""
    spec = spec or DEFAULT_THEME
    as_path = Path(spec)
    if "/" in spec or "\\" in spec or spec.endswith((".yaml", ".yml")) or spec in (".", ".."):
        folder = as_path.parent if as_path.suffix in (".yaml", ".yml") else as_path
        if not (folder / THEME_FILE).is_file():
            raise ThemeError(f"no theme at {spec}: expected a folder holding {THEME_FILE}")
        return folder
    if not _THEME_NAME.fullmatch(spec):
        raise ThemeError(
            f"{spec!r} is not a theme name; give a name such as 'ccoe' or a folder path"
        )
    themes = available_themes()
    if spec in themes:
        return themes[spec]
    if as_path.is_dir() and (as_path / THEME_FILE).is_file():
        return as_path
    from briefing.model import suggest

    hint = suggest(spec, themes)
    did_you_mean = f"did you mean {hint!r}? " if hint else ""
    names = ", ".join(themes) or "(none)"
    raise ThemeError(
        f"unknown theme {spec!r}; {did_you_mean}available themes: {names} "
        "(or give the path of a folder holding theme.yaml)"
    )


def load_theme(spec: str | None = None) -> Theme:
    """Find, load and validate a theme; check its asset paths stay inside its folder."""
    folder = find_theme(spec)
    theme_file = folder / THEME_FILE
    document = load(theme_file, _shown(theme_file))
    config = validate_document(document, ThemeFile)
    problems: list[Problem] = []

    def asset(key: str, value: str | None, suffixes: tuple[str, ...]) -> Path | None:
        if value is None:
            return None
        where = document.location((key,))
        candidate = (folder / value).resolve()
        root = folder.resolve()
        if Path(value).is_absolute() or not candidate.is_relative_to(root):
            problems.append(
                Problem(
                    where,
                    f"{key}: {value!r} leaves the theme folder; put the file inside "
                    f"{_shown(folder)} and give its path relative to it",
                )
            )
            return None
        if not candidate.is_file():
            problems.append(
                Problem(where, f"{key}: no file {value!r} in the theme folder {_shown(folder)}")
            )
            return None
        wrong_name = candidate.suffix.lower() not in suffixes
        named = Problem(where, f"{key}: {value!r} must be a {' or '.join(suffixes)} file")
        # A template is judged by its content first, so that a LibreOffice .otp or an old .ppt
        # is told how to convert it, not only which names are allowed.
        if wrong_name and key == "logo":
            problems.append(named)
            return None
        unusable = _unusable(key, candidate)
        if unusable:
            problems.append(Problem(where, f"{key}: {value!r} {unusable}"))
            return None
        if wrong_name:
            problems.append(named)
            return None
        return candidate

    logo = asset("logo", config.logo, (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff"))
    pptx_template = asset("pptx_template", config.pptx_template, (".pptx", ".potx"))
    docx_template = asset("docx_template", config.docx_template, (".docx", ".dotx"))
    if problems:
        raise SourceError(problems)
    explicit = {f"colors.{k}" for k, v in config.colors if v is not None}
    explicit |= {f"fonts.{k}" for k, v in config.fonts if v is not None}
    colors = {k: v or DEFAULT_COLORS[k] for k, v in config.colors}
    return Theme(
        name=config.name,
        folder=folder,
        colors=Palette(**colors),
        heading_font=config.fonts.heading or DEFAULT_FONTS["heading"],
        body_font=config.fonts.body or DEFAULT_FONTS["body"],
        logo=logo,
        pptx_template=pptx_template,
        docx_template=docx_template,
        footer=config.footer or "",
        description=config.description or "",
        explicit=frozenset(explicit),
        pptx_master=config.pptx_master,
        pptx_layouts=tuple((k, v) for k, v in config.pptx_layouts if v is not None),
        type_scale=config.type_scale,
        labels=tuple(config.labels.overrides().items()),
    )


_APPLICATION: dict[str, Application] = {"pptx_template": "PowerPoint", "docx_template": "Word"}


def _unusable(key: str, path: Path) -> str | None:
    """Why the asset at ``path`` cannot be used (a corrupt image, a wrong or damaged package)."""
    if key == "logo":
        return _unusable_image(path)
    return unusable_template(path, _APPLICATION[key], _shown(path))


def _unusable_image(path: Path) -> str | None:
    import warnings

    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                image.verify()
            with Image.open(path) as image:
                image.load()
                width, height = image.size
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return "is far too large an image; use a logo of at most a few thousand pixels a side"
    except UnidentifiedImageError:
        return "is not an image Pillow can read (PNG, JPEG, GIF, BMP, TIFF); export it again as PNG"
    except Exception as exc:  # Pillow raises many kinds for a truncated or corrupt file
        return f"is a damaged image ({exc}); export it again as PNG"
    if width < 1 or height < 1:
        return "is an empty image; export it again as PNG"
    return None


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


__all__ = ["Location", "Theme", "ThemeFile", "available_themes", "find_theme", "load_theme"]
