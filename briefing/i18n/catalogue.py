"""The message catalogues: one gettext ``.po`` file per language under ``briefing/locale``,
read compiled (``.mo``, made when briefing is built or installed) or, when no up-to-date
``.mo`` is there (a checkout, an edited ``.po``), compiled from the ``.po`` as it is read."""

from __future__ import annotations

import gettext
import io
from functools import lru_cache
from pathlib import Path

DOMAIN = "briefing"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def po_file(folder: str, root: Path | None = None) -> Path:
    """Where the catalogue of ``folder`` ("de", "pt_BR") is written."""
    return (root or LOCALE_DIR) / folder / "LC_MESSAGES" / f"{DOMAIN}.po"


def available(root: Path | None = None) -> frozenset[str]:
    """The catalogue folders there are: "de", "en", ... (and "pt_BR" for a regional one)."""
    return _available(root or LOCALE_DIR)


@lru_cache(maxsize=8)
def _available(root: Path) -> frozenset[str]:
    if not root.is_dir():
        return frozenset()
    return frozenset(p.name for p in root.iterdir() if po_file(p.name, root).is_file())


def load(folder: str, root: Path | None = None) -> gettext.GNUTranslations:
    """The catalogue of ``folder``: its ``.mo`` when it is at least as new as the ``.po``,
    else the ``.po`` compiled now."""
    return _load(folder, root or LOCALE_DIR)


@lru_cache(maxsize=32)
def _load(folder: str, root: Path) -> gettext.GNUTranslations:
    po = po_file(folder, root)
    mo = po.with_suffix(".mo")
    if mo.is_file() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as compiled:
            return gettext.GNUTranslations(compiled)
    return gettext.GNUTranslations(io.BytesIO(compile_po(po.read_bytes(), folder)))


def compile_po(po: bytes, folder: str) -> bytes:
    """A ``.po`` catalogue as ``.mo`` bytes; fuzzy and untranslated messages are left out, so
    that they fall back to English."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(po), locale=folder, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()
