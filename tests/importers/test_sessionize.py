"""Sessionize's All Data JSON and its Sessions view: sessions, tracks, levels, speakers,
service sessions skipped; bad input located by line and JSON path."""

from __future__ import annotations

import json
from pathlib import Path

from tests.importers import payloads
from tests.importers.helpers import by_code, failed, imported, invoke


def write_all(path: Path, data: object | None = None) -> str:
    path.write_bytes(payloads.dumps(payloads.sessionize_all() if data is None else data))
    return str(path)


def test_all_data_becomes_a_valid_source_with_every_talk(workdir: Path) -> None:
    source = write_all(workdir / "all.json")
    out, briefing = imported("sessionize", source, "-o", "sources/devconf.yaml")
    talks = [s for s in payloads.sessionize_sessions() if not s["isServiceSession"]]
    assert len(briefing.sessions) == len(talks) == 21
    # Service sessions are skipped, each named.
    for name in ("Registration", "Lunch", "Coffee break"):
        assert f"{name!r} is a service session; skipped" in out
    assert "Wrote sources/devconf.yaml: 21 sessions added; 3 tracks added" in out
    # Tracks in the catalog's order; levels from the Level group.
    assert [(t.id, t.name) for t in briefing.tracks] == [
        ("cloud-platforms", "Cloud Platforms"),
        ("data-analytics", "Data & Analytics"),
        ("security", "Security"),
    ]
    assert {s.level for s in briefing.sessions} == {200, 300}
    sessions = by_code(briefing)
    names = {s["id"]: s["fullName"] for s in payloads.SPEAKERS}
    for talk in talks:
        title = talk["title"]
        code, _, rest = title.partition(" - ")
        # A code in the title becomes the session code; otherwise the catalog id is.
        session = sessions[code] if rest else sessions[talk["id"]]
        assert session.title.plain == (rest or title)
        assert [p.plain for p in session.speakers] == [names[i] for i in talk["speakers"]]
        assert session.summary is not None
        assert session.summary.source == talk["description"]
        assert session.video == talk["recordingUrl"]
        assert session.level == (200 if 11 in talk["categoryItems"] else 300)
        track = payloads.TRACKS[talk["categoryItems"][0]]
        assert briefing.track_of(session).name == track
        assert not session.key_points and not session.takeaways and session.relevance is None
    assert sessions["SEC205"].speakers == ()  # the talk without speakers
    text = Path("sources/devconf.yaml").read_text(encoding="utf-8")
    # The attendee's part is left as commented stubs, once per session.
    assert text.count("    # key_points:\n    #   - ...\n") == 21
    assert text.count("    # relevance: ...   # why it matters to us\n") == 21


def test_the_sessions_view_gives_the_same_source(workdir: Path) -> None:
    write_all(workdir / "all.json")
    (workdir / "view.json").write_bytes(payloads.dumps(payloads.sessionize_sessions_view()))
    imported("sessionize", "all.json", "-o", "a/event.yaml")
    imported("sessionize", "view.json", "-o", "b/event.yaml")
    assert (workdir / "a/event.yaml").read_text() == (workdir / "b/event.yaml").read_text()


def test_the_track_and_level_groups_can_be_named(workdir: Path) -> None:
    data = payloads.sessionize_all()
    data["categories"][0]["title"] = "Stream"
    data["categories"][1]["title"] = "Audience"
    write_all(workdir / "renamed.json", data)
    _, briefing = imported(
        "sessionize", "renamed.json", "-o", "named.yaml",
        "--track-field", "stream", "--level-field", "Audience",
    )  # fmt: skip
    assert [t.name for t in briefing.tracks] == list(payloads.TRACKS.values())
    assert {s.level for s in briefing.sessions} == {200, 300}
    # Without the option there is no track group: every session goes to one track named
    # after the catalog file, and levels come from the codes in the titles alone.
    _, briefing = imported("sessionize", "renamed.json", "-o", "unnamed.yaml")
    assert [(t.id, t.name) for t in briefing.tracks] == [("renamed", "renamed")]
    assert by_code(briefing)["1000"].level is None
    assert by_code(briefing)["DAT201"].level == 200


def test_invalid_json_is_located_and_nothing_is_written(workdir: Path) -> None:
    (workdir / "broken.json").write_text('{\n  "sessions": [\n    {"id": 1,,}\n  ]\n}\n')
    err = failed("sessionize", "broken.json", "-o", "out.yaml")
    assert err == (
        "broken.json:3:14: invalid JSON: Expecting property name enclosed in double quotes\n"
        "1 problem found in broken.json; nothing was written.\n"
    )


def test_bad_values_are_located_by_line_and_json_path(workdir: Path) -> None:
    data = payloads.sessionize_all()
    data["sessions"][2]["speakers"] = ["spk-404"]
    data["sessions"][4]["title"] = ["not", "text"]
    data["sessions"][6]["categoryItems"] = [1, 99]
    write_all(workdir / "bad.json", data)
    lines = (workdir / "bad.json").read_text().splitlines()

    def line_of(text: str, after: int = 0) -> int:
        return next(n for n, line in enumerate(lines, 1) if n > after and text in line)

    err = failed("sessionize", "bad.json", "-o", "out.yaml")
    speaker = line_of("spk-404")
    title = line_of('"title": [', line_of('"id": "1004"'))
    item = line_of("99", line_of('"id": "1006"'))

    def column(line: int, text: str) -> int:
        return lines[line - 1].index(text) + 1

    quoted = column(speaker, '"spk-404')
    assert err.splitlines() == [
        f"bad.json:{speaker}:{quoted}: sessions[2].speakers[0]: "
        "no speaker with id 'spk-404' in 'speakers'",
        f"bad.json:{title}:{column(title, '[')}: sessions[4].title: expected text, got a list",
        f"bad.json:{item}:{column(item, '99')}: sessions[6].categoryItems[1]: no category item "
        "with id 99 in 'categories'",
        "3 problems found in bad.json; nothing was written.",
    ]


def test_a_file_of_another_shape_is_refused(workdir: Path) -> None:
    (workdir / "other.json").write_text(json.dumps({"talks": []}))
    err = failed("sessionize", "other.json", "-o", "out.yaml")
    assert err.startswith(
        "other.json:1:1: the top level: expected Sessionize's All Data (a mapping with "
        "'sessions', 'speakers', 'categories') or its Sessions view"
    )
    code, _, err = invoke("import", "sessionize", "missing.json", "-o", "out.yaml")
    assert code == 1
    assert err.startswith("missing.json:1:1: no such file; check the path")
    assert not (workdir / "out.yaml").exists()


def test_the_code_pattern_can_be_given(workdir: Path) -> None:
    data = payloads.sessionize_all()
    data["sessions"][0]["title"] = "Talk number 0 [T-0007]"
    write_all(workdir / "all.json", data)
    _, briefing = imported(
        "sessionize", "all.json", "-o", "coded.yaml", "--code-pattern", r"T-[0-9]{4}"
    )
    sessions = by_code(briefing)
    assert sessions["T-0007"].title.plain == "Talk number 0"
    # Titles the pattern does not match keep their codes in them; the catalog id is the code.
    assert sessions["1001"].title.plain == "DAT201 - Talk number 1 about Data & Analytics"
    code, _, err = invoke("import", "sessionize", "all.json", "-o", "x.yaml", "--code-pattern", "(")
    assert code == 1
    assert err.startswith("Error: --code-pattern '(' is not a regular expression")
    assert not (workdir / "x.yaml").exists()
