"""Damaged templates, made by hypothesis from real ones: truncated parts, flipped bytes,
duplicated or missing relationships, missing content types. Each build either stops with one
clear line, or writes a deck whose every part is well-formed and has a content type. Never a
traceback. 200 examples in CI (BRIEFING_REQUIRE_RENDER), fewer locally."""

from __future__ import annotations

import functools
import io
import os
import re
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.errors import BriefingError
from briefing.exporters.pptx import PptxExporter
from briefing.model import Briefing
from briefing.source import load_briefing
from briefing.themes import load_theme
from tests.conftest import SAMPLE
from tests.exporters.pptx_helpers import make_template

EXAMPLES = 200 if os.environ.get("BRIEFING_REQUIRE_RENDER") else 25
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


@functools.cache
def originals() -> dict[str, bytes]:
    """Two real templates: python-pptx's own, and one shaped like a corporate template
    (made once; not a fixture, so hypothesis never prints them)."""
    from pptx import Presentation

    with tempfile.TemporaryDirectory(prefix="briefing-fuzz-") as scratch:
        folder = Path(scratch)
        plain = folder / "plain.pptx"
        Presentation().save(str(plain))
        corporate = make_template(folder / "corporate.pptx")
        return {"plain": plain.read_bytes(), "corporate": corporate.read_bytes()}


@functools.cache
def small() -> Briefing:
    """Three sessions of the sample, enough to use every kind of slide."""
    briefing = load_briefing(SAMPLE)
    return briefing.model_copy(update={"sessions": briefing.sessions[:3]})


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def _packed(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out.getvalue()


KINDS = ("truncate", "flip", "drop-rel", "dup-rel", "drop-type", "drop-part")
# What to do, where: a kind, a part (an index into the sorted part names), a position in it
# (an index), and a byte to flip with. Chosen without looking at the data, so hypothesis
# replays and shrinks them exactly.
plans = st.lists(
    st.tuples(
        st.sampled_from(KINDS),
        st.integers(0, 10_000),
        st.integers(0, 10_000_000),
        st.integers(1, 255),
    ),
    min_size=1,
    max_size=3,
)


def damaged(original: bytes, plan: list[tuple[str, int, int, int]]) -> tuple[str, bytes]:
    """``original`` with ``plan`` carried out, and what was done (for the report)."""
    parts = _parts(original)
    done = []
    for kind, which, where, xor in plan:
        if kind in ("drop-rel", "dup-rel"):
            names = sorted(n for n in parts if n.endswith(".rels"))
        elif kind == "drop-type":
            names = ["[Content_Types].xml"] if "[Content_Types].xml" in parts else []
        else:
            names = sorted(parts)
        if not names:
            continue
        part = names[which % len(names)]
        data = parts[part]
        if kind == "truncate":
            parts[part] = data[: where % max(len(data), 1)]
        elif kind == "flip" and data:
            at = where % len(data)
            parts[part] = data[:at] + bytes([data[at] ^ xor]) + data[at + 1 :]
        elif kind == "drop-part":
            del parts[part]
        else:
            pattern = (
                rb"<(Override|Default) [^>]*/>"
                if kind == "drop-type"
                else rb"<Relationship [^>]*/>"
            )
            found = list(re.finditer(pattern, data))
            if not found:
                continue
            match = found[where % len(found)]
            copy = match.group(0) * (2 if kind == "dup-rel" else 0)
            parts[part] = data[: match.start()] + copy + data[match.end() :]
        done.append(f"{kind} {part}")
    return " / ".join(done), _packed(parts)


def _content_type(part: str, types: ElementTree.Element) -> str | None:
    for override in types.iter(f"{_CT}Override"):
        if override.get("PartName", "").lstrip("/").casefold() == part.casefold():
            return override.get("ContentType")
    extension = part.rsplit("/", 1)[-1].rsplit(".", 1)[-1].casefold()
    for default in types.iter(f"{_CT}Default"):
        if default.get("Extension", "").casefold() == extension:
            return default.get("ContentType")
    return None


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
@given(name=st.sampled_from(["plain", "corporate"]), plan=plans)
def test_a_damaged_template_stops_with_one_line_or_gives_a_sound_deck(
    name: str, plan: list[tuple[str, int, int, int]]
) -> None:
    what, package = damaged(originals()[name], plan)
    what = f"{name}: {what}"
    with tempfile.TemporaryDirectory(prefix="briefing-fuzz-") as scratch:
        folder = Path(scratch)
        (folder / "t.pptx").write_bytes(package)
        (folder / "theme.yaml").write_text("name: t\npptx_template: t.pptx\n", encoding="utf-8")
        try:
            theme = load_theme(str(folder))
            (deck,) = PptxExporter().export(small(), theme, folder / "out")
        except BriefingError as exc:
            message = exc.format_message()
            assert message.strip() and "\n" not in message.strip(), (what, message)
            assert "Traceback" not in message
            return
        except Exception as exc:
            pytest.fail(f"{what}: {type(exc).__name__}: {exc}")
        with zipfile.ZipFile(deck) as built:
            types = ElementTree.fromstring(built.read("[Content_Types].xml"))
            for part in built.namelist():
                if part == "[Content_Types].xml":
                    continue
                assert _content_type(part, types), (what, part)
                if part.endswith((".xml", ".rels")):
                    try:
                        ElementTree.fromstring(built.read(part))
                    except ElementTree.ParseError as exc:
                        pytest.fail(f"{what}: {part} is not well-formed: {exc}")
                    for rel in ElementTree.fromstring(built.read(part)).iter(_REL):
                        assert rel.get("Target"), (what, part)
