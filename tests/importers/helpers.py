"""Running `briefing import` as a user does, and reading back what it wrote."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from briefing.cli import cli
from briefing.model import Briefing, Session
from briefing.source import load_briefing


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def imported(*args: str) -> tuple[str, Briefing]:
    """Import with ``args`` (FORMAT SOURCE -o OUTPUT ...), check it passes `briefing validate`,
    and return the import's report and the source it wrote."""
    code, out, err = invoke("import", *args)
    assert code == 0, err
    output = Path(args[args.index("-o") + 1])
    code, checked, err = invoke("validate", str(output))
    assert code == 0, err
    assert "OK" in checked
    return out, load_briefing(output)


def by_code(briefing: Briefing) -> dict[str, Session]:
    return {session.code: session for session in briefing.sessions}


def failed(*args: str) -> str:
    """Import with ``args``, expecting a refusal: exit 1, the output not written."""
    output = Path(args[args.index("-o") + 1])
    before = output.read_bytes() if output.exists() else None
    code, out, err = invoke("import", *args)
    assert code == 1, out
    assert (output.read_bytes() if output.exists() else None) == before
    return err
