"""`briefing schema` accepts exactly what `briefing validate` accepts, for every field it can
express: checked on every source under tests/data and sources/, and field by field."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator, FormatChecker

from briefing.cli import cli
from briefing.errors import SourceError
from briefing.yamlfile import Document, loads

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(
    [
        *ROOT.glob("tests/data/**/*.yaml"),
        *ROOT.glob("sources/*.yaml"),
        ROOT / "briefing/starter.yaml",
    ]
)
# What JSON Schema cannot say: checks across items, and link targets inside marked-up text.
_CROSS_ITEM = (
    "duplicate session code",
    "duplicate track id",
    "unknown track",
    "a chart ",
)
_PROBLEM = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?:(?P<field>[\w.\[\]]+): )?(?P<what>.*)$"
)


@pytest.fixture(scope="module")
def schema() -> Draft202012Validator:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    Draft202012Validator.check_schema(document)
    return Draft202012Validator(document, format_checker=FormatChecker())


def validate_locations(path: Path) -> set[tuple[int, int]]:
    """Where `briefing validate` finds problems the schema could express, as (line, column)."""
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert "Traceback" not in result.output
    found = set()
    for line in result.stderr.splitlines():
        match = _PROBLEM.match(line)
        if not match:
            continue
        what, field = match["what"], match["field"] or ""
        if what.startswith(_CROSS_ITEM):
            continue
        if "the URL" in what and not field.endswith((".video", ".url")):
            continue  # a link inside text
        found.add((int(match["line"]), int(match["col"])))
    assert (result.exit_code == 0) == ("OK" in result.stdout)
    return found


def schema_locations(schema: Draft202012Validator, document: Document) -> set[tuple[int, int]]:
    """Where the JSON Schema finds problems, placed in the file as validate places them."""
    found = set()
    for error in schema.iter_errors(document.data):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            allowed = set(error.schema.get("properties", {}))
            for key in set(error.instance) - allowed:
                where = document.location((*path, key), key=True)
                found.add((where.line, where.column))
            continue
        where = document.location(path)
        found.add((where.line, where.column))
    return found


def test_every_file_gets_the_same_verdict_in_the_same_places(
    schema: Draft202012Validator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    compared = 0
    for path in FILES:
        relative = path.relative_to(ROOT)
        try:
            document = loads(path.read_bytes(), str(relative))
        except SourceError:
            continue  # not YAML data at all: nothing for a schema to judge
        compared += 1
        assert schema_locations(schema, document) == validate_locations(relative), relative
    assert compared >= 8


GOOD: dict[str, Any] = {
    "briefing": {"title": "Notes", "date": "2019-12-20", "summary": "What we saw"},
    "tracks": [{"id": "ml", "name": "Machine Learning"}],
    "sessions": [
        {
            "code": "AIM212",
            "title": "ML in retail",
            "track": "ml",
            "level": 200,
            "speakers": ["Ann Lee"],
            "key_points": ["Start small"],
            "stats": [{"value": 63, "unit": "%", "label": "of users"}],
            "video": "https://example.com/v",
            "links": [{"label": "Slides", "url": "https://example.com/s"}],
            "tags": ["ml"],
        }
    ],
}

# (where, value): values on both sides of each rule validation applies.
CASES: list[tuple[tuple[str | int, ...], Any]] = [
    *((("briefing", "title"), v) for v in ["x", "   ", "", "\n\t", "**bold**", 12, None, "a\nb"]),
    *((("briefing", "summary"), v) for v in ["", "  ", None, 5, "*some* text"]),
    *(
        (("briefing", "date"), v)
        for v in ["2019-12-20", "2019-13-01", "2019-02-30", "2019-12-20T10:00", " 2019-12-20"]
    ),
    *((("briefing", "date"), v) for v in ["20 Dec 2019", 2019, None, "２０１９-12-20"]),
    *((("sessions", 0, "level"), v) for v in [100, 500, 350, 600, 0, -100, 300.0, 300.5]),
    *((("sessions", 0, "level"), v) for v in [True, "300", None]),
    *(
        (("sessions", 0, "video"), v)
        for v in ["https://x.example/z", "HTTPS://X.EXAMPLE", "Http://x.example", "http://"]
    ),
    *(
        (("sessions", 0, "video"), v)
        for v in ["ftp://x.example", "javascript:alert(1)", "mailto:a@b.example", "mailto:"]
    ),
    *(
        (("sessions", 0, "video"), v)
        for v in ["www.x.example", "https://a b.example", "  https://x.example  ", 5, None]
    ),
    *((("sessions", 0, "links", 0, "url"), v) for v in ["https:///path", "https://h?q=1 2"]),
    *((("sessions", 0, "code"), v) for v in ["DAT404-R", "  ", "", "a\nb", " x ", 404, None]),
    *((("sessions", 0, "tags"), v) for v in [["a"], [" "], ["a\nb"], [], "a", ["a", 3]]),
    *((("sessions", 0, "speakers"), v) for v in [["A"], [" "], [""], [None]]),
    *((("sessions", 0, "key_points"), v) for v in [["ok"], ["  "], [], None]),
    *((("sessions", 0, "stats", 0, "value"), v) for v in [1, 2.5, -3, 1e6, "1:30", True, "12"]),
    *((("sessions", 0, "stats", 0, "unit"), v) for v in ["%", " ", None, "a\nb"]),
    *((("sessions", 0, "stats", 0, "label"), v) for v in ["users", " ", ""]),
    *((("tracks", 0, "name"), v) for v in ["ML", "  ", "two\nlines"]),
    *((("sessions", 0, "unknown"), v) for v in ["x"]),
    *((("tracks",), v) for v in [[]]),
    *((("briefing", "lang"), v) for v in ["de-DE", "fr", " nl-NL ", "de_DE", "tlh", "", 5, None]),
    *(
        (("briefing", "labels"), v)
        for v in [
            {"takeaways": "Was wir mitnehmen"},
            {"takeawys": "x"},
            {"continued": "Forts."},
            {"continued": "{title} (Forts.)"},
            {"level": "Stufe {x} {level}"},
            {"takeaways": "a\nb"},
            {"takeaways": " "},
            None,
        ]
    ),
]


def _with(path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(GOOD)
    target: Any = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(("path", "value"), CASES, ids=[f"{p[-1]}={v!r}" for p, v in CASES])
def test_schema_and_validate_agree_on_each_field(
    schema: Draft202012Validator, tmp_path: Path, path: tuple[str | int, ...], value: Any
) -> None:
    data = _with(path, value)
    source = tmp_path / "case.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # The file holds exactly the data the schema judges.
    assert loads(source.read_bytes(), "case.yaml").data == data
    accepted_by_schema = not list(schema.iter_errors(data))
    result = CliRunner().invoke(cli, ["validate", str(source)])
    assert result.exit_code in (0, 1), result.output
    assert accepted_by_schema == (result.exit_code == 0), result.stderr


def test_the_good_source_is_accepted_by_both(schema: Draft202012Validator, tmp_path: Path) -> None:
    assert not list(schema.iter_errors(GOOD))
    source = tmp_path / "good.yaml"
    source.write_text(yaml.safe_dump(GOOD, sort_keys=False), encoding="utf-8")
    assert CliRunner().invoke(cli, ["validate", str(source)]).exit_code == 0
