"""The CLI as users drive it: listing, validating, selecting, building, starting a source."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing import __version__
from briefing.cli import cli

SAMPLE = "sources/reinvent-2019.yaml"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def test_sessions_json_lists_the_twelve_sessions(workdir: Path) -> None:
    code, out, _ = invoke("sessions", SAMPLE, "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["code"] for r in rows] == [
        "DAT404-R", "CMY302", "ARC335", "ENT233-S", "DOP208", "AIM212",
        "GAM302", "ARC210", "PNU301", "ENT204", "STP15", "DOP310",
    ]  # fmt: skip
    assert rows[0]["track"] == "reliability"
    assert rows[0]["level"] == 400
    assert rows[10]["level"] is None  # STP15 has no three-digit number
    assert all(r["title"] for r in rows)


def test_tracks_json_counts_sessions_in_source_order(workdir: Path) -> None:
    code, out, _ = invoke("tracks", SAMPLE, "--json")
    assert code == 0
    assert json.loads(out) == [
        {"id": "reliability", "name": "Reliability and Scalability", "sessions": 5},
        {"id": "machine-learning", "name": "Machine Learning", "sessions": 4},
        {"id": "financial-management", "name": "Financial Management", "sessions": 3},
    ]


def test_sessions_selection_by_level_and_code(workdir: Path) -> None:
    _, out, _ = invoke("sessions", SAMPLE, "--json", "--level", "300")
    assert {r["level"] for r in json.loads(out)} <= {300, 400}
    _, out, _ = invoke("sessions", SAMPLE, "--json", "--session", "gam302", "--session", "stp15")
    assert [r["code"] for r in json.loads(out)] == ["GAM302", "STP15"]


def test_build_md_for_one_track_holds_only_its_sessions(workdir: Path) -> None:
    code, out, err = invoke("build", SAMPLE, "-f", "md", "--track", "machine learning")
    assert code == 0, err
    written = workdir / "output" / "reinvent-2019-machine-learning.md"
    assert out.strip() == "output/reinvent-2019-machine-learning.md"
    assert sorted(p.name for p in (workdir / "output").iterdir()) == [written.name]
    text = written.read_text(encoding="utf-8")
    for code_ in ("AIM212", "GAM302", "ARC210", "PNU301"):
        assert f"### {code_}" in text
    for code_ in ("DAT404-R", "CMY302", "ENT204", "DOP310"):
        assert code_ not in text
    assert "4 sessions in 1 track (Machine Learning: 4)." in text


def test_build_without_sources_uses_the_sources_folder(workdir: Path) -> None:
    code, out, _ = invoke("build", "-f", "md")
    assert code == 0
    assert out.strip() == "output/reinvent-2019.md"


def test_build_is_deterministic(workdir: Path) -> None:
    invoke("build", SAMPLE, "-f", "md", "-o", "a")
    invoke("build", SAMPLE, "-f", "md", "-o", "b")
    assert (workdir / "a/reinvent-2019.md").read_bytes() == (
        workdir / "b/reinvent-2019.md"
    ).read_bytes()


def test_unknown_track_lists_the_available_ones(workdir: Path) -> None:
    code, _, err = invoke("build", SAMPLE, "-f", "md", "--track", "machine-learnin")
    assert code == 1
    assert err == (
        "Error: unknown track 'machine-learnin'; did you mean 'machine-learning'? available "
        "tracks: reliability (Reliability and Scalability), machine-learning (Machine Learning), "
        "financial-management (Financial Management)\n"
    )
    assert not (workdir / "output").exists()


def test_empty_selection_is_an_error_and_writes_nothing(workdir: Path) -> None:
    code, _, err = invoke("build", SAMPLE, "-f", "md", "--track", "machine-learning",
                          "--session", "DAT404-R")  # fmt: skip
    assert code == 1
    assert "matches no session; nothing was written" in err
    assert not (workdir / "output").exists()


def test_unknown_tag_and_session_suggest(workdir: Path) -> None:
    code, _, err = invoke("sessions", SAMPLE, "--session", "GAM320")
    assert code == 1 and "unknown session 'GAM320'; did you mean 'GAM302'?" in err
    code, _, err = invoke("sessions", SAMPLE, "--tag", "no-such-tag")
    assert code == 1 and "no session is tagged 'no-such-tag'" in err


def test_unknown_format_and_theme(workdir: Path) -> None:
    code, _, err = invoke("build", SAMPLE, "-f", "mdd")
    assert code == 1 and "unknown format 'mdd'; did you mean 'md'?" in err
    code, _, err = invoke("build", SAMPLE, "-f", "md", "-t", "ccoee")
    assert code == 1 and "unknown theme 'ccoee'; did you mean 'ccoe'?" in err


def test_output_dir_that_is_a_file(workdir: Path) -> None:
    (workdir / "blocker").write_text("not a folder")
    code, _, err = invoke("build", SAMPLE, "-f", "md", "-o", "blocker")
    assert code == 1
    assert err.startswith("Error: ") and "blocker" in err and "file" in err


def test_validate_reports_ok(workdir: Path) -> None:
    code, out, _ = invoke("validate", SAMPLE)
    assert code == 0
    assert out == f"{SAMPLE}: OK (12 sessions in 3 tracks)\n"


def test_new_writes_a_valid_starter(workdir: Path) -> None:
    code, out, _ = invoke("new", "sources/mine.yaml")
    assert code == 0 and "Wrote sources/mine.yaml" in out
    assert invoke("validate", "sources/mine.yaml")[0] == 0
    code, _, err = invoke("new", "sources/mine.yaml")
    assert code == 1 and "already exists" in err


def test_schema_is_json_schema_with_the_contract_keys(workdir: Path) -> None:
    code, out, _ = invoke("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"].startswith("https://json-schema.org/")
    session = schema["$defs"]["Session"]["properties"]
    for key in ("code", "title", "track", "level", "speakers", "summary", "key_points", "stats",
                "takeaways", "relevance", "video", "links", "tags", "notes"):  # fmt: skip
        assert key in session
    assert schema["$defs"]["Session"]["additionalProperties"] is False


def test_themes_and_exporters_lists(workdir: Path) -> None:
    code, out, _ = invoke("themes")
    assert code == 0
    assert out.startswith("ccoe ") and "\ndefault " in out
    code, out, _ = invoke("exporters")
    assert code == 0
    assert any(line.startswith("md     Markdown summary") for line in out.splitlines())


def test_version_and_help() -> None:
    assert invoke("--version")[1] == f"briefing, version {__version__}\n"
    for command in ("build", "validate", "tracks", "sessions", "themes", "exporters", "new"):
        code, out, _ = invoke(command, "--help")
        assert code == 0 and "Usage: " in out


def test_python_dash_m_and_no_traceback_on_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("briefing: [\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "briefing", "validate", str(bad)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"{bad}:2:1: invalid YAML")
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("flag", "values", "codes"),
    [
        ("--track", ("reliability", "financial-management"),
         ["DAT404-R", "CMY302", "ARC335", "ENT233-S", "DOP208", "ENT204", "STP15", "DOP310"]),
        ("--tag", ("ml", "finops"), ["AIM212", "GAM302", "PNU301", "ENT204", "STP15"]),
        ("--session", ("stp15", "gam302"), ["GAM302", "STP15"]),
    ],
)  # fmt: skip
def test_selection_options_are_repeatable(
    workdir: Path, flag: str, values: tuple[str, str], codes: list[str]
) -> None:
    """Each value given adds its sessions (in source order), not just the last one given."""
    repeated = [arg for value in values for arg in (flag, value)]
    code, out, err = invoke("sessions", SAMPLE, "--json", *repeated)
    assert code == 0, err
    assert [r["code"] for r in json.loads(out)] == codes


def test_build_with_a_repeated_track_writes_both_tracks(workdir: Path) -> None:
    code, out, err = invoke(
        "build", SAMPLE, "-f", "md", "--track", "reliability", "--track", "Financial Management"
    )
    assert code == 0, err
    name = "reinvent-2019-reliability-financial-management.md"
    assert out.strip() == f"output/{name}"
    assert [p.name for p in (workdir / "output").iterdir()] == [name]
    text = (workdir / "output" / name).read_text(encoding="utf-8")
    counts = "8 sessions in 2 tracks (Reliability and Scalability: 5, Financial Management: 3)."
    assert counts in text
    for code_ in ("DAT404-R", "DOP208", "ENT204", "DOP310"):
        assert f"### {code_}:" in text
    assert "AIM212" not in text
