"""``briefing merge`` and ``build --merge``: three attendees' notes on overlapping sessions
become one briefing, the same bytes whatever the order of the files."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from briefing.cli import cli

ANA = """\
briefing:
  title: re:Invent 2019, the team's notes
  author: Ana
tracks:
  - {id: reliability, name: Reliability and Scalability}
sessions:
  - code: DAT404-R
    title: Aurora Multi Master
    track: reliability
    key_points:
      - Multi-master write scaling is now a feature of Amazon Aurora
      - Load balancing across writers is yours to build
    catalog: {id: '101'}
  - code: CMY302
    title: Scaling Hotstar.com
    track: reliability
    relevance: Resilience is engineered and rehearsed.
    catalog: {id: '102'}
  - code: ARC335
    title: Designing for failure
    track: reliability
    catalog: {id: '103'}
"""
BEN = """\
briefing:
  title: Ben's re:Invent
  author: Ben
tracks:
  - {id: reliability, name: Reliability & Scalability}
  - {id: ml, name: Machine Learning}
sessions:
  - code: CMY302
    title: Scaling Hotstar.com for 25 million viewers
    track: reliability
    key_points: [Load generation on 3,000 EC2 machines]
    relevance: Even AWS's building blocks may not fit at extreme scale.
  - code: DAT404-R
    title: Aurora Multi Master
    track: reliability
    key_points:
      - "load  balancing across WRITERS is yours to build"
      - The cluster endpoint is not load balanced
    takeaways: [Budget for application changes]
  - code: AIM212
    title: ML in retail
    track: ml
    key_points: [63% of users expect personalisation]
"""
CHLOE = """\
briefing:
  title: Chloe's notes
  author: Chloe
tracks:
  - {id: reliability, name: Reliability and Scalability}
sessions:
  - code: CMY302
    title: Scaling Hotstar.com
    track: reliability
    takeaways: [Plan how to panic]
"""


@pytest.fixture
def attendees(workdir: Path) -> list[Path]:
    paths = []
    for name, text in (("ana", ANA), ("ben", BEN), ("chloe", CHLOE)):
        path = workdir / "sources" / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def merge(*args: str) -> object:
    return CliRunner().invoke(cli, ["merge", *args])


def test_any_order_gives_the_same_bytes(attendees: list[Path], workdir: Path) -> None:
    outputs = []
    for index, order in enumerate(itertools.permutations(attendees)):
        target = workdir / f"team{index}.yaml"
        result = merge(*map(str, order), "-o", str(target))
        assert result.exit_code == 0, result.output
        outputs.append(target.read_bytes())
    assert len(outputs) == 6 and len(set(outputs)) == 1


def test_notes_are_united_once_each_with_their_contributors(
    attendees: list[Path], workdir: Path
) -> None:
    target = workdir / "sources" / "team.yaml"
    result = merge(*map(str, attendees), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "notes by Ana, Ben, Chloe" in result.stdout
    merged = yaml.safe_load(target.read_text(encoding="utf-8"))
    sessions = {s["code"]: s for s in merged["sessions"]}
    assert list(sessions) == ["DAT404-R", "CMY302", "AIM212"]  # nobody covered ARC335
    assert sessions["DAT404-R"]["key_points"] == [
        "Multi-master write scaling is now a feature of Amazon Aurora",
        "Load balancing across writers is yours to build",  # Ben's copy differs in case only
        "The cluster endpoint is not load balanced",
    ]
    assert sessions["DAT404-R"]["notes_by"] == ["Ana", "Ben"]
    assert sessions["CMY302"]["notes_by"] == ["Ana", "Ben", "Chloe"]
    assert sessions["CMY302"]["takeaways"] == ["Plan how to panic"]
    assert sessions["AIM212"]["notes_by"] == ["Ben"]
    assert [t["id"] for t in merged["tracks"]] == ["reliability", "ml"]
    assert merged["briefing"]["author"] == "Ana"  # the first contributor's briefing block
    check = CliRunner().invoke(cli, ["validate", str(target)])
    assert check.exit_code == 0, check.output


def test_conflicts_are_located_in_both_files_and_settled_by_the_rule(
    attendees: list[Path], workdir: Path
) -> None:
    target = workdir / "team.yaml"
    result = merge(*map(str, reversed(attendees)), "-o", str(target))
    assert result.exit_code == 0, result.output
    conflicts = [line for line in result.stderr.splitlines() if line.startswith("Conflict: ")]
    merged = yaml.safe_load(target.read_text(encoding="utf-8"))
    cmy302 = next(s for s in merged["sessions"] if s["code"] == "CMY302")
    # Two of three files call it "Scaling Hotstar.com": the majority wins over Ben's title.
    assert cmy302["title"] == "Scaling Hotstar.com"
    title = next(line for line in conflicts if "CMY302 title" in line)
    assert title.startswith("Conflict: sources/ben.yaml:9:12: CMY302 title ")
    assert "at sources/ana.yaml:15:12" in title and "2 of 3 files" in title
    # One each for "why it matters": a tie goes to the first contributor by name (Ana).
    assert cmy302["relevance"] == "Resilience is engineered and rehearsed."
    why = next(line for line in conflicts if "CMY302 why it matters" in line)
    assert why.startswith("Conflict: sources/ben.yaml:")
    assert "1 of 2 files" in why
    # Track names are settled the same way.
    assert merged["tracks"][0]["name"] == "Reliability and Scalability"
    assert any("track 'reliability' name" in line for line in conflicts)
    assert len(conflicts) == 3, conflicts


def test_coverage_counts_the_catalog_sessions_nobody_wrote_notes_for(
    attendees: list[Path], workdir: Path
) -> None:
    result = merge(*map(str, attendees), "-o", str(workdir / "team.yaml"))
    assert (
        "Coverage: 1 of 3 catalog sessions have no notes from anyone and are left out: ARC335"
        in result.stdout
    )


def test_build_merge_builds_the_merged_briefing_directly(
    attendees: list[Path], workdir: Path
) -> None:
    for order in (attendees, list(reversed(attendees))):
        result = CliRunner().invoke(
            cli, ["build", *map(str, order), "--merge", "-f", "md", "-o", str(workdir / "out")],
            env={"SOURCE_DATE_EPOCH": "1576800000"},
        )  # fmt: skip
        assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (workdir / "out").iterdir())
    assert written == ["ana+ben+chloe.md"]
    text = (workdir / "out" / "ana+ben+chloe.md").read_text(encoding="utf-8")
    for code in ("DAT404-R", "CMY302", "AIM212"):
        assert code in text
    assert "ARC335" not in text
    assert "conflict: sources/ben.yaml:9:12" in result.stderr


def test_one_file_or_a_bad_file_writes_nothing(attendees: list[Path], workdir: Path) -> None:
    target = workdir / "team.yaml"
    result = merge(str(attendees[0]), "-o", str(target))
    assert result.exit_code == 1 and "at least two" in result.stderr
    attendees[2].write_text(CHLOE.replace("track: reliability", "track: nowhere"), "utf-8")
    result = merge(*map(str, attendees), "-o", str(target))
    assert result.exit_code == 1
    assert "sources/chloe.yaml:" in result.stderr and "Traceback" not in result.output
    assert not target.exists()


def test_contributors_show_in_the_speaker_notes_the_report_and_markdown(
    attendees: list[Path], workdir: Path
) -> None:
    import docx
    import pptx

    out = workdir / "out"
    result = CliRunner().invoke(
        cli, ["build", *map(str, attendees), "--merge", "-f", "pptx", "-f", "docx", "-f", "md",
              "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    deck = pptx.Presentation(str(out / "ana+ben+chloe.pptx"))
    notes = [s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide]
    assert any("DAT404-R" in n and "Notes by: Ana, Ben" in n for n in notes), notes
    report = docx.Document(str(out / "ana+ben+chloe.docx"))
    body = " ".join(t.text or "" for t in report.element.body.iter(f"{W}t"))
    assert "Notes by: Ana, Ben, Chloe" in body
    markdown = (out / "ana+ben+chloe.md").read_text(encoding="utf-8")
    assert "**Notes by:** Ana, Ben" in markdown


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
