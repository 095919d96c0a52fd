"""The deck's package matches its golden files: the same parts with the same canonical XML
(regenerate with ``python -m tests.golden --regenerate``)."""

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


@pytest.mark.parametrize("case", ["stress-default", "template"])
def test_the_stress_and_template_decks_are_valid_open_xml(case: str, tmp_path: Path) -> None:
    """openxml-audit finds nothing in the stress source's deck and the made template's deck
    (the sample's decks are audited with the summary decks, the template corpus's with it)."""
    from openxml_audit import OpenXmlValidator

    path = tmp_path / f"{case}.pptx"
    path.write_bytes(CASES[case]())
    result = OpenXmlValidator().validate(str(path))
    assert result.is_valid, [str(error) for error in result.errors][:10]
