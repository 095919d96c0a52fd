"""A CSV whose header names session keys: catalog values and the attendee's own notes."""

from __future__ import annotations

from pathlib import Path

from tests.importers import payloads
from tests.importers.helpers import by_code, failed, imported


def test_csv_rows_become_sessions(workdir: Path) -> None:
    (workdir / "talks.csv").write_text(payloads.CSV)
    out, briefing = imported("csv", "talks.csv", "-o", "talks.yaml")
    assert out == "Wrote talks.yaml: 3 sessions added; 2 tracks added\n"
    sessions = by_code(briefing)
    assert list(sessions) == ["ARC301", "ARC210", "OPS402"]
    arc = sessions["ARC301"]
    assert arc.title.plain == "Event-driven architectures"
    assert [p.plain for p in arc.speakers] == ["Ann Lee", "Bo Chen"]
    assert arc.video == "https://videos.example.com/arc301"
    # The attendee's columns are carried over; only what is missing is left as a stub.
    assert [p.plain for p in arc.key_points] == ["Prefer events", "Keep sagas small"]
    assert arc.relevance is not None and arc.relevance.plain == "We are splitting the monolith"
    assert [s.level for s in sessions.values()] == [300, 200, 400]  # "Expert" is 400
    text = Path("talks.yaml").read_text(encoding="utf-8")
    arc_part = text[text.index("code: ARC301") : text.index("code: ARC210")]
    assert "# takeaways:" in arc_part and "# key_points:" not in arc_part
    assert text.count("# key_points:") == 2


def test_rows_without_codes_are_known_by_title(workdir: Path) -> None:
    (workdir / "plain.csv").write_text("title;track\nFirst talk;Ops\nSEC101 - Second talk;Ops\n")
    _, briefing = imported("csv", "plain.csv", "-o", "plain.yaml")
    assert [(s.code, s.title.plain) for s in briefing.sessions] == [
        ("R1", "First talk"),
        ("SEC101", "Second talk"),
    ]
    assert [s.catalog.id for s in briefing.sessions if s.catalog] == [
        "First talk", "SEC101 - Second talk",
    ]  # fmt: skip


def test_bad_csv_is_located(workdir: Path) -> None:
    (workdir / "typo.csv").write_text("code,titel,track\nA1,Talk,Ops\n")
    assert failed("csv", "typo.csv", "-o", "out.yaml") == (
        "typo.csv:1:1: column 2 'titel' is no session key; did you mean 'title'?\n"
        "typo.csv:1:1: the header needs a 'title' column\n"
        "2 problems found in typo.csv; nothing was written.\n"
    )
    (workdir / "values.csv").write_text(
        "code,title,level,video\nA1,One,300,\nA2,Two,9000,\nA3,,,\nA4,Four,,www.example.com\n"
    )
    assert failed("csv", "values.csv", "-o", "out.yaml") == (
        "values.csv:3:1: level '9000': write 100, 200, 300, 400 or 500\n"
        "values.csv:4:1: the row has no title; every session needs one\n"
        "values.csv:5:1: video 'www.example.com' is not a web address (https://...)\n"
        "3 problems found in values.csv; nothing was written.\n"
    )
