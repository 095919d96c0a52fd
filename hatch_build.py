"""Build hook: compiles the message catalogues (briefing/locale/*/LC_MESSAGES/briefing.po) to
.mo files. A wheel carries them; an editable install finds them beside the .po files."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LOCALE = Path("briefing") / "locale"


class CatalogueHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        editable = version == "editable"
        out = root if editable else Path(tempfile.mkdtemp(prefix="briefing-mo-"))
        for po in sorted((root / LOCALE).glob("*/LC_MESSAGES/briefing.po")):
            relative = po.relative_to(root).with_suffix(".mo")
            target = out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_compile(po))
            if not editable:
                build_data["force_include"][str(target)] = str(relative)


def _compile(po: Path) -> bytes:
    """The catalogue as .mo bytes, fuzzy and untranslated messages left out (they fall back to
    English), as briefing.i18n.catalogue compiles it when no .mo is there."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        catalog = read_po(source, locale=po.parent.parent.name, domain="briefing")
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()
