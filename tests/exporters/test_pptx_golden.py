"""The deck's package matches its golden files: the same parts with the same canonical XML,
measured values left out (regenerate with ``python -m tests.golden --regenerate``)."""

from __future__ import annotations

import difflib
import io
import zipfile
from pathlib import Path

import pytest

from tests.golden import PARTS
from tests.golden.pptx import CASES, canonical_parts, stored


@pytest.fixture(scope="module", params=sorted(CASES))
def case(request: pytest.FixtureRequest) -> tuple[dict[str, str], dict[str, str]]:
    name = request.param
    return stored(name), canonical_parts(CASES[name]())


def test_deck_matches_its_golden_files(case: tuple[dict[str, str], dict[str, str]]) -> None:
    expected, actual = case
    for name in expected:
        if name != PARTS and actual.get(name) != expected[name]:
            diff = difflib.unified_diff(
                expected[name].splitlines(),
                actual.get(name, "").splitlines(),
                name,
                name,
                lineterm="",
            )
            pytest.fail(f"{name} differs from the golden file:\n" + "\n".join(list(diff)[:60]))
    assert actual[PARTS] == expected[PARTS], "parts or their hashes differ"
    assert actual.keys() == expected.keys()


def _package(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, data in entries.items():
            package.writestr(name, data)
    return out.getvalue()


def test_listing_ignores_entry_order_and_workbook_zip_details() -> None:
    workbook = _package({"xl/workbook.xml": b'<w a="1" b="2"/>'})
    reordered = _package({"xl/workbook.xml": b'<w b="2" a="1"/>'})
    one = canonical_parts(_package({"a.xml": b"<a/>", "e.xlsx": workbook}))
    other = canonical_parts(_package({"e.xlsx": reordered, "a.xml": b"<a/>"}))
    assert one == other
    changed = canonical_parts(_package({"a.xml": b"<a/>", "e.xlsx": _package({"x.xml": b"<w/>"})}))
    assert changed[PARTS] != one[PARTS]


_SLIDE = (
    '<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:cSld><p:spTree>'
    '<p:sp><p:spPr><a:xfrm><a:off x="{x}" y="0"/><a:ext cx="{cx}" cy="457200"/></a:xfrm>'
    '</p:spPr><p:txBody><a:bodyPr lIns="{inset}" wrap="square"><a:normAutofit '
    'fontScale="{scale}"/></a:bodyPr><a:p><a:pPr algn="{align}" marL="{indent}"><a:spcBef>'
    '<a:spcPts val="{before}"/></a:spcBef></a:pPr><a:r><a:rPr b="{bold}" sz="{size}"/>'
    "<a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>"
)

_VALUES: dict[str, object] = {
    "x": 457200, "cx": 8229600, "inset": 91440, "scale": 100000, "align": "l", "indent": 0,
    "before": 0, "bold": 0, "size": 2000, "text": "Keynote at 9:00",
}  # fmt: skip


def _slide(**changed: object) -> dict[str, str]:
    """The canonical parts of a deck of one slide holding one text box."""
    slide = _SLIDE.format(**(_VALUES | changed)).encode("utf-8")
    return canonical_parts(_package({"ppt/slides/slide1.xml": slide}))


def test_measured_values_are_left_out_and_text_and_structure_kept() -> None:
    """Where text lands and how large it is set come from measuring it with the machine's
    fonts: those values do not count, the text and everything else does."""
    one = _slide()
    measured_again = _slide(
        x=444500, cx=8300000, inset=45720, scale=92500, indent=342900, before=600, size=1800,
        text="Keynote at\u200b 9:00",
    )  # fmt: skip
    assert measured_again == one
    assert _slide(text="Keynote at 9:30") != one
    assert _slide(bold=1) != one
    assert _slide(align="ctr") != one
    slide = _SLIDE.format(**_VALUES).encode("utf-8")
    two = canonical_parts(
        _package({"ppt/slides/slide1.xml": slide, "ppt/slides/slide2.xml": slide})
    )
    assert two.keys() != one.keys()  # a slide more


@pytest.mark.parametrize("case", ["stress-default", "template"])
def test_the_stress_and_template_decks_are_valid_open_xml(case: str, tmp_path: Path) -> None:
    """openxml-audit finds nothing in the stress source's deck and the made template's deck
    (the sample's decks are audited with the summary decks, the template corpus's with it)."""
    from openxml_audit import OpenXmlValidator

    path = tmp_path / f"{case}.pptx"
    path.write_bytes(CASES[case]())
    result = OpenXmlValidator().validate(str(path))
    assert result.is_valid, [str(error) for error in result.errors][:10]
