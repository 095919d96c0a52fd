"""One schedule as pretalx's schedule.json and as frab's schedule.xml: the same source from
both; XML is read without DTDs or entities; bad input is located."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.importers import payloads
from tests.importers.helpers import by_code, failed, imported


@pytest.fixture
def schedule(workdir: Path) -> Path:
    (workdir / "schedule.json").write_bytes(payloads.dumps(payloads.pretalx_json()))
    (workdir / "schedule.xml").write_bytes(payloads.frab_xml())
    return workdir


def test_pretalx_json_and_frab_xml_give_the_same_source(schedule: Path) -> None:
    imported("pretalx", "schedule.json", "-o", "json/democon.yaml")
    imported("frab", "schedule.xml", "-o", "xml/democon.yaml")
    from_json = (schedule / "json/democon.yaml").read_text(encoding="utf-8")
    assert from_json == (schedule / "xml/democon.yaml").read_text(encoding="utf-8")
    assert from_json.count("\n  - code: ") == len(payloads.EVENTS)


def test_events_map_to_sessions(schedule: Path) -> None:
    out, briefing = imported("pretalx", "schedule.json", "-o", "democon.yaml")
    assert out == "Wrote democon.yaml: 8 sessions added; 3 tracks added\n"
    assert briefing.meta.title.plain == "DemoCon 2024"
    assert str(briefing.meta.date) == "2024-05-06"
    # The conference's tracks in its order, then one for events without a track.
    assert [(t.id, t.name) for t in briefing.tracks] == [
        ("infrastructure", "Infrastructure"),
        ("community", "Community"),
        ("democon-2024", "DemoCon 2024"),
    ]
    sessions = by_code(briefing)
    # Codes are the talks' pretalx codes, in time order.
    assert list(sessions) == [event[1] for event in payloads.EVENTS]
    for number, code, _, _, _, title, track, persons, abstract, _ in payloads.EVENTS:
        session = sessions[code]
        assert session.title.plain == title
        assert briefing.track_of(session).name == (track or "DemoCon 2024")
        assert [p.plain for p in session.speakers] == persons
        assert session.summary is not None and session.summary.source == abstract
        assert session.level is None
        page = f"{payloads.HOST}/{payloads.EVENT_SLUG}/talk/{code}/"
        assert (session.links[-1].label.plain, session.links[-1].url) == ("Session page", page)
        assert session.catalog is not None and session.catalog.id == str(number)
    # The recording link becomes the video; the other links stay links. Markdown is kept.
    containers = sessions["BBBBBB"]
    assert containers.video == "https://media.example.org/v/202"
    assert [link.url for link in containers.links] == [
        "https://slides.example.org/202",
        f"{payloads.HOST}/{payloads.EVENT_SLUG}/talk/BBBBBB/",
    ]
    assert containers.summary is not None and containers.summary.spans[1].bold
    assert sessions["HHHHHH"].speakers == ()


def test_xml_with_a_dtd_is_refused(schedule: Path) -> None:
    bomb = (
        b'<?xml version="1.0"?>\n'
        b'<!DOCTYPE schedule [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>\n'
        b"<schedule><conference><title>&b;</title></conference></schedule>\n"
    )
    (schedule / "bomb.xml").write_bytes(bomb)
    err = failed("frab", "bomb.xml", "-o", "out.yaml")
    assert err.startswith(
        "bomb.xml:2:1: the XML declares a DTD or entities, which an import does not read"
    )
    external = b'<?xml version="1.0"?>\n<!DOCTYPE x SYSTEM "file:///etc/passwd">\n<schedule/>\n'
    (schedule / "external.xml").write_bytes(external)
    assert failed("frab", "external.xml", "-o", "out.yaml").startswith("external.xml:2:1: ")


def test_bad_xml_is_located(schedule: Path) -> None:
    text = payloads.frab_xml().decode()
    cut = text.replace("</persons>", "", 1)
    (schedule / "cut.xml").write_text(cut)
    err = failed("frab", "cut.xml", "-o", "out.yaml")
    # The parser finds the mistake where the event closes with <persons> still open.
    line = next(n for n, line in enumerate(cut.splitlines(), 1) if "</event>" in line)
    column = cut.splitlines()[line - 1].index("</event>") + len("</") + 1  # at the name
    assert err.startswith(f"cut.xml:{line}:{column}: invalid XML: mismatched tag\n")
    no_title = text.replace("<title>Secrets management</title>", "<title />")
    (schedule / "untitled.xml").write_text(no_title)
    event = next(n for n, line in enumerate(text.splitlines(), 1) if 'id="207"' in line)
    assert failed("frab", "untitled.xml", "-o", "out.yaml") == (
        f"untitled.xml:{event}:1: <event> has no <title>; every event needs one\n"
        "1 problem found in untitled.xml; nothing was written.\n"
    )


def test_bad_json_values_are_located(schedule: Path) -> None:
    data = payloads.pretalx_json()
    day = data["schedule"]["conference"]["days"][1]
    day["rooms"]["Room B"][0]["persons"] = "Bo Chen"
    (schedule / "bad.json").write_text(json.dumps(data, indent=1))
    err = failed("pretalx", "bad.json", "-o", "out.yaml")
    assert "schedule.conference.days[1].rooms.Room B[0].persons: expected a list, got text" in err
    (schedule / "flat.json").write_text(json.dumps({"conference": {}}))
    err = failed("pretalx", "flat.json", "-o", "out.yaml")
    assert err.startswith(
        "flat.json:1:1: the top level: expected a mapping with the key 'schedule'"
    )
