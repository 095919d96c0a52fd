"""The bad-input corpus: every kind of bad source gives its exact, located message."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.cli import cli

ROOT = Path(__file__).resolve().parent.parent
BAD = Path(__file__).resolve().parent / "data" / "bad"
CASES = sorted(BAD.glob("*.yaml"))


def run_validate(path: Path) -> tuple[int, str, str]:
    os.chdir(ROOT)
    result = CliRunner().invoke(cli, ["validate", str(path.relative_to(ROOT))])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_bad_source_gives_its_exact_message(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = run_validate(case)
    expected = case.with_suffix(".expected").read_text(encoding="utf-8")
    assert code == 1
    assert out == ""
    assert err == expected
    assert "Traceback" not in err


def test_every_case_has_an_expectation() -> None:
    assert len(CASES) >= 12
    for case in CASES:
        assert case.with_suffix(".expected").is_file(), case.name


def test_bad_source_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    good = ROOT / "sources" / "reinvent-2019.yaml"
    bad = BAD / "unknown-track.yaml"
    result = CliRunner().invoke(cli, ["build", str(good), str(bad), "-f", "md", "-o", str(out)])
    assert result.exit_code == 1
    assert "unknown track 'architecure'" in result.stderr
    assert not out.exists() or list(out.iterdir()) == []


def test_oversized_source_is_refused_fast(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    line = b"# " + b"x" * 1021 + b"\n"
    big.write_bytes(line * (10 * 1024 + 1))
    start = time.perf_counter()
    result = CliRunner().invoke(cli, ["validate", str(big)])
    elapsed = time.perf_counter() - start
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{big}:1:1: the file is 10.0 MiB; sources are limited to 10 MiB"
    )
    assert elapsed < 5  # generous: the point is that nothing is parsed


def test_alias_bomb_is_refused_without_expanding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, _, err = run_validate(BAD / "alias-bomb.yaml")
    assert code == 1
    assert "YAML aliases expand to more than 2,000,000 values" in err


def test_escaped_control_characters_are_removed_with_a_located_warning(tmp_path: Path) -> None:
    source = tmp_path / "ctl.yaml"
    source.write_text(
        'briefing:\n  title: "Bell\\x07 and \\u0000 null"\ntracks:\n  - id: a\n    name: A\n'
        "sessions:\n  - code: A1\n    title: T\n    track: a\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["build", str(source), "-f", "md", "-o", str(tmp_path / "o")])
    assert result.exit_code == 0
    assert result.stderr == (
        f"Warning: {source}:2:10: removed U+0000, U+0007: control characters cannot appear "
        "in documents\n"
    )
    assert (tmp_path / "o" / "ctl.md").read_text(encoding="utf-8").startswith("# Bell and  null\n")


def _regenerate() -> None:
    os.chdir(ROOT)
    for case in CASES:
        _, _, err = run_validate(case)
        case.with_suffix(".expected").write_text(err, encoding="utf-8")
        print(f"wrote {case.with_suffix('.expected').relative_to(ROOT)}")


if __name__ == "__main__" and "--regenerate" in sys.argv:
    _regenerate()
