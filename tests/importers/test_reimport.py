"""Importing again into a source: new sessions are added, catalog values nobody edited are
refreshed, the attendee's edits and comments are kept, gone sessions are reported, and a
second run changes nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from briefing.source import load_briefing
from tests.conftest import SAMPLE
from tests.importers import payloads
from tests.importers.helpers import by_code, failed, imported, invoke

SOURCE = "sources/devconf.yaml"


def write_catalog(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def session_text(text: str, code: str) -> str:
    start = text.index(f"  - code: {code}\n")
    end = text.find("\n  - code: ", start + 1)
    return text[start : end if end > 0 else len(text)]


@pytest.fixture
def catalog(workdir: Path) -> dict[str, Any]:
    data = payloads.sessionize_all()
    write_catalog(workdir / "all.json", data)
    imported("sessionize", "all.json", "-o", SOURCE)
    return data


def test_reimport_refreshes_the_catalog_and_keeps_the_attendees_work(
    workdir: Path, catalog: dict[str, Any]
) -> None:
    source = workdir / SOURCE
    # The attendee fills in key points (in place of the stub), edits a title, comments.
    edit(source, "briefing:\n", "# Notes for the CCoE lunch-and-learn\nbriefing:\n")
    dat = session_text(source.read_text(), "DAT201")
    edit(
        source,
        dat,
        dat.replace(
            "    # key_points:\n    #   - ...\n",
            "    key_points:  # from my notebook\n      - Batch is a special case of streaming\n"
            "      # ask the speaker for the slides\n      - Schemas belong in a registry\n",
        ),
    )
    edit(source, "title: Talk number 3 about Cloud Platforms", "title: Cloud platforms, my way")
    edited = source.read_text(encoding="utf-8")
    # The catalog changes: two titles, an abstract, a session dropped, a session added.
    sessions = catalog["sessions"]
    sessions[1]["title"] = "DAT201 - Streaming data pipelines"
    sessions[3]["title"] = "CLD203 - Cloud platforms at scale"
    sessions[2]["description"] = "A new abstract."
    dropped = sessions.pop(4)
    sessions.append({**sessions[0], "id": "2000", "title": "NEW300 - Late addition"})
    write_catalog(workdir / "all.json", catalog)

    out, briefing = imported("sessionize", "all.json", "-o", SOURCE)
    assert out.splitlines()[3:] == [
        "CLD203: kept your title; the catalog now has 'Cloud platforms at scale'",
        f"no longer in the catalog, left as it is: {dropped['id']} {dropped['title']!r}",
        f"Updated {SOURCE}: 1 session added; 2 refreshed: DAT201 (title), SEC202 (summary)",
    ]
    sessions_now = by_code(briefing)
    dat_now = sessions_now["DAT201"]
    assert dat_now.title.plain == "Streaming data pipelines"
    assert [p.plain for p in dat_now.key_points] == [
        "Batch is a special case of streaming",
        "Schemas belong in a registry",
    ]
    assert sessions_now["CLD203"].title.plain == "Cloud platforms, my way"
    assert sessions_now["SEC202"].summary is not None
    assert sessions_now["SEC202"].summary.plain == "A new abstract."
    assert dropped["id"] in sessions_now  # reported, never deleted
    assert list(sessions_now)[-1] == "NEW300"
    text = source.read_text(encoding="utf-8")
    # Every comment the file had is still there, in the same order.
    comments = [line.strip() for line in edited.splitlines() if line.strip().startswith("#")]
    kept = [line.strip() for line in text.splitlines() if line.strip().startswith("#")]
    assert _in_order(comments, kept)
    assert "    key_points:  # from my notebook\n" in text
    assert "      # ask the speaker for the slides\n" in text
    # The new session comes with the stubs; the one before it keeps its own.
    assert "    # key_points:\n    #   - ...\n" in session_text(text, "NEW300")
    assert "    # relevance: ...   # why it matters to us" in session_text(text, "'1020'")
    # Only what the import changed differs: every other line is as it was.
    changed = [line for line in text.splitlines() if line not in edited.splitlines()]
    assert all(
        re.match(r"    (title|catalog): |      A new abstract\.$", line)
        for line in changed
        if line not in session_text(text, "NEW300").splitlines()
    ), changed

    # Running it again changes nothing.
    out, _ = imported("sessionize", "all.json", "-o", SOURCE)
    assert out.splitlines()[-1] == f"{SOURCE} is up to date: nothing changed"
    assert source.read_text(encoding="utf-8") == text


def _in_order(wanted: list[str], found: list[str]) -> bool:
    rest = iter(found)
    return all(any(item == other for other in rest) for item in wanted)


def test_an_import_run_twice_changes_nothing(workdir: Path, catalog: dict[str, Any]) -> None:
    before = (workdir / SOURCE).read_bytes()
    out, _ = imported("sessionize", "all.json", "-o", SOURCE)
    assert out.splitlines()[-1] == f"{SOURCE} is up to date: nothing changed"
    assert (workdir / SOURCE).read_bytes() == before


def test_a_value_the_attendee_removed_stays_removed(workdir: Path, catalog: dict[str, Any]) -> None:
    source = workdir / SOURCE
    edit(source, "    speakers: [Bo Chen, Cleo Park]\n    summary: >-\n      What talk 1 ",
         "    summary: >-\n      What talk 1 ")  # fmt: skip
    catalog["sessions"][1]["recordingUrl"] = "https://videos.example.com/new-1"
    write_catalog(workdir / "all.json", catalog)
    _, briefing = imported("sessionize", "all.json", "-o", SOURCE)
    dat = by_code(briefing)["DAT201"]
    assert dat.speakers == ()  # the attendee's deletion is an edit
    assert dat.video == "https://videos.example.com/new-1"  # the catalog's new video


def test_a_value_the_catalog_drops_goes_and_notes_below_it_stay(
    workdir: Path, catalog: dict[str, Any]
) -> None:
    source = workdir / SOURCE
    edit(source, "    video: https://videos.example.com/talk-3\n",
         "    video: https://videos.example.com/talk-3\n    # watched it twice\n")  # fmt: skip
    catalog["sessions"][3]["recordingUrl"] = None
    write_catalog(workdir / "all.json", catalog)
    _, briefing = imported("sessionize", "all.json", "-o", SOURCE)
    assert by_code(briefing)["CLD203"].video is None
    cld = session_text(source.read_text(encoding="utf-8"), "CLD203")
    assert "    video:" not in cld
    assert "    # watched it twice\n" in cld


def test_importing_into_a_hand_written_source_keeps_it(workdir: Path) -> None:
    (workdir / "talks.csv").write_text(payloads.CSV)
    original = SAMPLE.read_text(encoding="utf-8")
    before = load_briefing(SAMPLE)
    out, after = imported("csv", "talks.csv", "-o", "sources/reinvent-2019.yaml")
    # ARC210 is in the sample already, written by hand: it is left alone.
    assert out.splitlines() == [
        "ARC210: already in sources/reinvent-2019.yaml without a catalog: line; left as written",
        "Updated sources/reinvent-2019.yaml: 2 sessions added; 2 tracks added",
    ]
    assert after.sessions[:12] == before.sessions
    assert after.tracks[:3] == before.tracks
    assert after.meta == before.meta
    assert [s.code for s in after.sessions[12:]] == ["ARC301", "OPS402"]
    text = (workdir / "sources/reinvent-2019.yaml").read_text(encoding="utf-8")
    comments = [line for line in original.splitlines() if line.strip().startswith("#")]
    assert _in_order(comments, [line for line in text.splitlines() if line.strip().startswith("#")])


def test_an_invalid_target_is_reported_and_left_alone(
    workdir: Path, catalog: dict[str, Any]
) -> None:
    dat = session_text((workdir / SOURCE).read_text(encoding="utf-8"), "DAT201")
    edit(workdir / SOURCE, dat, dat.replace("    level: 300\n", "    level: 350\n"))
    err = failed("sessionize", "all.json", "-o", SOURCE)
    assert re.match(
        rf"{SOURCE}:\d+:12: sessions\[\d+\]\.level: level must be one of 100, 200, 300, 400, "
        "500, got 350\n1 problem found in sources/devconf.yaml; nothing was written.\n$",
        err,
    )
    code, _, _ = invoke("validate", SOURCE)
    assert code == 1


def test_an_edit_the_catalog_catches_up_with_is_refreshed_afterwards(workdir: Path) -> None:
    data = payloads.pretalx_json()
    (workdir / "schedule.json").write_bytes(payloads.dumps(data))
    imported("pretalx", "schedule.json", "-o", SOURCE)
    source = workdir / SOURCE
    edit(source, "title: Containers without tears", "title: Containers, without tears")
    edit(source, "      - {label: Slides, url: https://slides.example.org/202}\n",
         "      - {label: Slides, url: https://slides.example.org/202}\n"
         "    # the slides are worth a look\n")  # fmt: skip
    event = data["schedule"]["conference"]["days"][0]["rooms"]["Main Hall"][1]
    assert event["code"] == "BBBBBB"
    event["title"] = "Containers, without tears"  # the catalog fixes the title the same way
    event["links"][1]["url"] = "https://slides.example.org/202-v2"
    (workdir / "schedule.json").write_bytes(payloads.dumps(data))
    out, briefing = imported("pretalx", "schedule.json", "-o", SOURCE)
    assert out == (
        f"Updated {SOURCE}: 0 sessions added; 1 refreshed: BBBBBB (links); "
        "1 edit of yours now the catalog's too\n"
    )
    session = by_code(briefing)["BBBBBB"]
    assert session.links[0].url == "https://slides.example.org/202-v2"
    assert "    # the slides are worth a look\n" in session_text(source.read_text(), "BBBBBB")
    # The title is the catalog's again, so its next change is taken.
    event["title"] = "Containers at last"
    (workdir / "schedule.json").write_bytes(payloads.dumps(data))
    _, briefing = imported("pretalx", "schedule.json", "-o", SOURCE)
    assert by_code(briefing)["BBBBBB"].title.plain == "Containers at last"
