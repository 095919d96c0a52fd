"""The report's package matches its golden files: the same parts, in the same order, with the
same canonical XML (regenerate with ``python -m tests.golden --regenerate``)."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from tests.golden import CASES, PARTS, _render, canonical_parts, canonical_xml, stored

STRESS = Path(__file__).resolve().parent.parent / "data" / "stress.yaml"


@pytest.mark.parametrize("case", sorted(CASES))
def test_package_matches_its_golden_files(case: str) -> None:
    expected = stored(case)
    actual = canonical_parts(CASES[case]())
    assert actual[PARTS] == expected[PARTS], "parts or their hashes differ"
    for name in expected:
        if actual[name] != expected[name]:
            diff = difflib.unified_diff(
                expected[name].splitlines(), actual[name].splitlines(), name, name, lineterm=""
            )
            pytest.fail(f"{name} differs from the golden file:\n" + "\n".join(list(diff)[:60]))
    assert actual.keys() == expected.keys()


def test_canonical_xml_ignores_attribute_order_and_timestamps_only() -> None:
    core = (
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        b'metadata/core-properties" xmlns:dcterms="http://purl.org/dc/terms/" '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>%s</dc:title>'
        b"<dcterms:created>%s</dcterms:created></cp:coreProperties>"
    )
    assert canonical_xml(core % (b"T", b"2019-01-01")) == canonical_xml(
        core % (b"T", b"2024-05-06")
    )
    assert canonical_xml(core % (b"T", b"x")) != canonical_xml(core % (b"U", b"x"))
    assert canonical_xml(b'<a x="1" y="2"/>') == canonical_xml(b'<a y="2" x="1"/>')
    assert canonical_xml(b"<a><b/><c/></a>") != canonical_xml(b"<a><c/><b/></a>")


AUDITED = {**CASES, "stress-default": lambda: _render(STRESS, "default")}


@pytest.mark.parametrize("case", sorted(AUDITED))
def test_every_report_is_valid_open_xml(case: str, tmp_path: Path) -> None:
    """openxml-audit (a port of the Open XML SDK's validator, with the checks that predict
    Word's repairs) finds nothing in any report the tests build: the sample in both themes,
    markup, the reference documents and the stress source."""
    from openxml_audit import OpenXmlValidator

    path = tmp_path / f"{case}.docx"
    path.write_bytes(AUDITED[case]())
    result = OpenXmlValidator().validate(str(path))
    assert result.is_valid, [str(error) for error in result.errors][:10]
