"""An iCalendar agenda: imported on its own, or as --agenda to keep only the sessions the
attendee went to, matched by UID or by title and start time."""

from __future__ import annotations

from pathlib import Path

from tests.importers import payloads
from tests.importers.helpers import by_code, failed, imported


def test_an_agenda_of_six_sessions_becomes_a_source(workdir: Path) -> None:
    (workdir / "my.ics").write_bytes(payloads.agenda_ics())
    out, briefing = imported("ics", "my.ics", "-o", "mine.yaml")
    assert out == "Wrote mine.yaml: 6 sessions added; 3 tracks added\n"
    sessions = by_code(briefing)
    # Codes: the talk's code from a pretalx UID, else the UID's part before '@'.
    assert list(sessions) == [
        "BBBBBB", "CCCCCC", "copied-by-hand-1", "meetup-42", "EEEEEE", "GGGGGG",
    ]  # fmt: skip
    containers = sessions["BBBBBB"]
    # pretalx writes "Title - Speakers" as the SUMMARY.
    assert containers.title.plain == "Containers without tears"
    assert [p.plain for p in containers.speakers] == ["Bo Chen", "Cleo Park"]
    assert containers.summary is not None and containers.summary.plain == "Running containers well."
    page = f"{payloads.HOST}/{payloads.EVENT_SLUG}/talk/BBBBBB/"
    assert [(link.label.plain, link.url) for link in containers.links] == [("Session page", page)]
    # CATEGORIES give the track; without them, the calendar's name does.
    assert briefing.track_of(containers).name == "Infrastructure"
    assert briefing.track_of(sessions["meetup-42"]).name == "My DemoCon"
    assert briefing.meta.title.plain == "My DemoCon"


def test_without_a_calendar_name_the_file_name_gives_the_track(workdir: Path) -> None:
    text = payloads.agenda_ics().replace(b"X-WR-CALNAME:My DemoCon\r\n", b"")
    (workdir / "week-one.ics").write_bytes(text)
    _, briefing = imported("ics", "week-one.ics", "-o", "week.yaml")
    assert briefing.track_of(by_code(briefing)["meetup-42"]).name == "week-one"


def test_agenda_keeps_only_the_attended_sessions(workdir: Path) -> None:
    (workdir / "schedule.json").write_bytes(payloads.dumps(payloads.pretalx_json()))
    (workdir / "my.ics").write_bytes(payloads.agenda_ics())
    out, briefing = imported("pretalx", "schedule.json", "--agenda", "my.ics", "-o", "mine.yaml")
    # Four by UID, "Observability at scale" by its title and start time.
    assert [s.code for s in briefing.sessions] == ["BBBBBB", "CCCCCC", "DDDDDD", "EEEEEE", "GGGGGG"]
    meetup = payloads.agenda_ics().decode().split("\r\n").index("UID:meetup-42@phone.example")
    assert out.splitlines() == [
        "my.ics: 5 of 6 agenda entries found in the catalog",
        f"my.ics:{meetup}: not in the catalog: 'Hallway meetup' at 2024-05-06 18:00",
        "Wrote mine.yaml: 5 sessions added; 2 tracks added",
    ]
    # Tracks no attended session is in are left out.
    assert [t.name for t in briefing.tracks] == ["Infrastructure", "Community"]


def test_an_agenda_matching_nothing_writes_nothing(workdir: Path) -> None:
    (workdir / "all.json").write_bytes(payloads.dumps(payloads.sessionize_all()))
    (workdir / "my.ics").write_bytes(payloads.agenda_ics())
    err = failed("sessionize", "all.json", "--agenda", "my.ics", "-o", "mine.yaml")
    assert err == (
        "Error: nothing to import: no agenda entry is in the catalog; mine.yaml was not written\n"
    )


def test_bad_calendars_are_located(workdir: Path) -> None:
    text = payloads.agenda_ics().decode()
    broken = text.replace("DTSTART;TZID=Europe/Berlin:20240507T110000", "DTSTART:tomorrow")
    (workdir / "broken.ics").write_text(broken, newline="")
    begin = [n for n, line in enumerate(broken.split("\r\n"), 1) if line == "BEGIN:VEVENT"]
    assert failed("ics", "broken.ics", "-o", "out.yaml") == (
        f"broken.ics:{begin[3]}:1: DTSTART 'tomorrow' is not a date and time; "
        "write 20241231T100000\n"
        "1 problem found in broken.ics; nothing was written.\n"
    )
    (workdir / "notes.ics").write_text("just some notes\n")
    assert failed("ics", "notes.ics", "-o", "out.yaml").startswith(
        "notes.ics:1:1: not an iCalendar file: it does not start with BEGIN:VCALENDAR"
    )
