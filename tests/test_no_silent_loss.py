"""Nothing is silently lost, overwritten or changed: output names follow the selection, clashing
sources are refused, YAML numbers read as YAML 1.2 reads them, and empty tracks are dropped."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document as WordDocument
from pptx import Presentation

from briefing.cli import cli

SAMPLE = "sources/reinvent-2019.yaml"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def written(out: str) -> list[str]:
    return out.split()


# --- output names -------------------------------------------------------------------------------


def test_a_filtered_build_leaves_the_full_briefing_as_it_was(workdir: Path) -> None:
    assert invoke("build", SAMPLE, "-f", "md", "-o", "alone")[0] == 0
    code, out, _ = invoke("build", SAMPLE, "-f", "md")
    assert code == 0
    assert written(out) == ["output/reinvent-2019.md"]
    code, out, _ = invoke("build", SAMPLE, "-f", "md", "--level", "400")
    assert code == 0
    assert written(out) == ["output/reinvent-2019-level400.md"]
    assert sorted(p.name for p in (workdir / "output").iterdir()) == [
        "reinvent-2019-level400.md",
        "reinvent-2019.md",
    ]
    full = (workdir / "output" / "reinvent-2019.md").read_bytes()
    assert full == (workdir / "alone" / "reinvent-2019.md").read_bytes()
    session_heading = re.compile(rb"^### [A-Z]+\d+", re.MULTILINE)
    assert len(session_heading.findall(full)) == 12
    level400 = (workdir / "output" / "reinvent-2019-level400.md").read_bytes()
    assert session_heading.findall(level400) == [b"### DAT404"]


@pytest.mark.parametrize(
    ("options", "name"),
    [
        (["--tag", "aurora"], "reinvent-2019-tag-aurora"),
        (["--tag", "Scaling", "--tag", "aurora"], "reinvent-2019-tag-aurora-scaling"),
        (["--session", "dop208"], "reinvent-2019-session-dop208"),
        (["--session", "DOP208", "--session", "dat404-r"], "reinvent-2019-session-dat404-r-dop208"),
        (["--track", "Machine Learning"], "reinvent-2019-machine-learning"),
        (
            ["--session", "gam302", "--level", "300", "--tag", "ml", "--track", "machine-learning"],
            "reinvent-2019-machine-learning-tag-ml-level300-session-gam302",
        ),
    ],
)
def test_every_selection_option_is_in_the_name_in_a_fixed_order(
    workdir: Path, options: list[str], name: str
) -> None:
    code, out, err = invoke("build", SAMPLE, "-f", "md", *options)
    assert code == 0, err
    assert written(out) == [f"output/{name}.md"]


def test_a_long_selection_is_shortened_with_a_stable_hash(workdir: Path) -> None:
    tags = ["ml", "scaling", "databases", "streaming", "microservices", "architecture", "failure"]
    options = [arg for tag in tags for arg in ("--tag", tag)]
    _, first, _ = invoke("build", SAMPLE, "-f", "md", *options)
    _, again, _ = invoke("build", SAMPLE, "-f", "md", *reversed_pairs(options))
    _, fewer, _ = invoke("build", SAMPLE, "-f", "md", *options[:-2])
    name = Path(written(first)[0]).stem
    assert written(first) == written(again)
    assert name.startswith("reinvent-2019-tag-architecture-databases-")
    assert len(name) <= len("reinvent-2019") + 60
    assert len(name.rsplit("-", 1)[1]) == 8
    assert written(fewer) != written(first)
    assert len(list((workdir / "output").iterdir())) == 2


def reversed_pairs(options: list[str]) -> list[str]:
    pairs = [options[i : i + 2] for i in range(0, len(options), 2)]
    return [arg for pair in reversed(pairs) for arg in pair]


def test_two_sources_with_one_name_are_refused_before_anything_is_built(workdir: Path) -> None:
    for year in ("2023", "2024"):
        (workdir / year).mkdir()
        shutil.copy(workdir / SAMPLE, workdir / year / "reinvent.yaml")
    code, out, err = invoke("build", "2023/reinvent.yaml", "2024/reinvent.yaml", "-f", "md")
    assert code == 1
    assert out == ""
    assert "2023/reinvent.yaml and 2024/reinvent.yaml would both write output/reinvent.*" in err
    assert "-o" in err
    assert "rename" in err
    assert not (workdir / "output").exists()
    # Each with its own folder, they build.
    assert invoke("build", "2023/reinvent.yaml", "-f", "md", "-o", "output/2023")[0] == 0
    assert invoke("build", "2024/reinvent.yaml", "-f", "md", "-o", "output/2024")[0] == 0


def test_the_same_source_named_twice_is_built_once(workdir: Path) -> None:
    code, out, _ = invoke("build", SAMPLE, "./" + SAMPLE, "-f", "md")
    assert code == 0
    assert written(out) == ["output/reinvent-2019.md"]


# --- YAML 1.2 numbers and words -----------------------------------------------------------------

SOURCE = """\
briefing:
  title: Numbers
tracks:
  - id: a
    name: A
sessions:
  - code: A101
    title: {title}
    track: a
    tags: [on, off, yes, no]
    stats:
      - value: {value}
        label: things
"""


def write(workdir: Path, title: str = "No", value: str = "1e6") -> str:
    path = workdir / "numbers.yaml"
    path.write_text(SOURCE.format(title=title, value=value), encoding="utf-8")
    return "numbers.yaml"


def test_yes_no_on_off_stay_text_and_1e6_is_a_number(workdir: Path) -> None:
    source = write(workdir)
    code, _, err = invoke("build", source, "-f", "md")
    assert code == 0, err
    text = (workdir / "output" / "numbers.md").read_text(encoding="utf-8")
    assert "### A101: No" in text
    assert "Tags: `on`, `off`, `yes`, `no`" in text
    assert "**1,000,000** things" in text


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "012",
            "numbers.yaml:12:16: 012 has a leading zero: YAML 1.1 reads it as the octal number "
            '10, YAML 1.2 as 12; write 12, or quote it ("012") if it is text such as a code',
        ),
        (
            "0x1F",
            "numbers.yaml:12:16: 0x1F is a hexadecimal number; write it in decimal (31), or "
            'quote it ("0x1F") if it is text',
        ),
        (
            "1:30",
            "numbers.yaml:12:16: sessions[0].stats[0].value: expected a number, got text "
            "('1:30'); write a duration as one number with its unit, e.g. value: 90, unit: min",
        ),
        (
            "1_000",
            "numbers.yaml:12:16: sessions[0].stats[0].value: expected a number, got text "
            "('1_000'); write the digits without separators, e.g. value: 1000000",
        ),
    ],
)
def test_yaml_1_1_number_forms_are_never_read_silently(
    workdir: Path, value: str, message: str
) -> None:
    source = write(workdir, value=value)
    code, out, err = invoke("build", source, "-f", "md")
    assert code == 1
    assert out == ""
    assert err.splitlines()[0] == message
    assert not (workdir / "output").exists()


# --- tracks without sessions --------------------------------------------------------------------

EMPTY_TRACK = """\
briefing:
  title: Two tracks, one empty
tracks:
  - id: data
    name: Data and Analytics
  - id: quantum
    name: Quantum Computing
sessions:
  - code: DAT101
    title: Lakes
    track: data
    takeaways: [Keep it simple]
"""


def test_a_track_without_sessions_is_warned_about_and_dropped_everywhere(workdir: Path) -> None:
    (workdir / "empty.yaml").write_text(EMPTY_TRACK, encoding="utf-8")
    code, out, err = invoke("validate", "empty.yaml")
    assert code == 0
    assert out.strip() == "empty.yaml: OK (1 session in 1 track)"
    assert err.splitlines() == [
        "Warning: empty.yaml:6:5: track 'quantum' has no sessions and is left out of every "
        "output; give a session 'track: quantum', or remove the track"
    ]
    code, _, err = invoke("build", "empty.yaml", "-f", "md", "-f", "pptx", "-f", "docx")
    assert code == 0, err
    markdown = (workdir / "output" / "empty.md").read_text(encoding="utf-8")
    deck = Presentation(str(workdir / "output" / "empty.pptx"))
    slides = "\n".join(
        shape.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    )
    report = "\n".join(
        p.text for p in WordDocument(str(workdir / "output" / "empty.docx")).paragraphs
    )
    for text in (markdown, slides, report):
        assert "Data and Analytics" in text
        assert "Quantum" not in text
        assert "0 sessions" not in text
