"""The ``briefing`` command line: parse options, call the library, report errors in one line."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from briefing import __version__
from briefing.errors import BriefingError

F = TypeVar("F", bound=Callable[..., Any])


def selection_options(func: F) -> F:
    """--track, --tag, --level, --session: shared by every command that reads sessions."""
    options = [
        click.option(
            "--track",
            "tracks",
            multiple=True,
            metavar="TRACK",
            help="Only this track (id or name, any case). Repeatable.",
        ),
        click.option(
            "--tag",
            "tags",
            multiple=True,
            metavar="TAG",
            help="Only sessions with this tag. Repeatable.",
        ),
        click.option(
            "--level",
            type=click.Choice(["100", "200", "300", "400", "500"]),
            help="Only sessions at this level and above.",
        ),
        click.option(
            "--session",
            "sessions",
            multiple=True,
            metavar="CODE",
            help="Only this session (code, any case). Repeatable.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _selection(
    tracks: tuple[str, ...], tags: tuple[str, ...], level: str | None, sessions: tuple[str, ...]
) -> Any:
    from briefing.selection import Selection

    return Selection(tracks, tags, int(level) if level else None, sessions)


def theme_option(func: F) -> F:
    return click.option(
        "-t",
        "--theme",
        metavar="NAME|PATH",
        default=None,
        help="Theme name (see `briefing themes`) or theme folder. Default: default.",
    )(func)


def density_option(func: F) -> F:
    return click.option(
        "--density",
        type=click.Choice(["summary", "full"]),
        help="summary: one slide per session, the rest in the speaker notes; full: everything "
        "on slides. Default: the source's deck: {density: ...}, else summary.",
    )(func)


def lang_option(func: F) -> F:
    return click.option(
        "--lang",
        metavar="TAG",
        help="Language of the fixed words and dates, a BCP 47 tag such as de-DE. "
        "Default: the source's lang:, else en.",
    )(func)


def output_option(func: F) -> F:
    return click.option(
        "-o",
        "--output-dir",
        type=click.Path(path_type=Path),
        default=Path("output"),
        show_default=True,
        help="Folder for the outputs.",
    )(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="briefing")
def cli() -> None:
    """Turn conference session notes, written once in YAML, into a branded deck, a Word
    report and more.

    \b
    Start with:  briefing new sources/my-event.yaml
    Then:        briefing build sources/my-event.yaml
    """
    from briefing import log

    log.install()


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    metavar="FORMAT",
    help="Output format (see `briefing exporters`). Repeatable. Default: pptx and docx.",
)
@theme_option
@selection_options
@output_option
@density_option
@click.option(
    "--merge",
    is_flag=True,
    help="Build the SOURCES (several attendees' notes) as one merged briefing "
    "(see `briefing merge`).",
)
@lang_option
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    metavar="N",
    help="Outputs to write at once (default: one per processor).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, no warnings.")
def build(
    sources: tuple[Path, ...],
    formats: tuple[str, ...],
    theme: str | None,
    tracks: tuple[str, ...],
    tags: tuple[str, ...],
    level: str | None,
    sessions: tuple[str, ...],
    output_dir: Path,
    density: str | None,
    merge: bool,
    lang: str | None,
    jobs: int | None,
    quiet: bool,
) -> None:
    """Build SOURCES (default: every *.yaml in ./sources) into output files.

    Outputs are named after the source and the selection, e.g. reinvent-2019.pptx,
    reinvent-2019-machine-learning-level300.pptx, reinvent-2019-session-dop208.docx.
    """
    from briefing import log, progress
    from briefing.build import build as run
    from briefing.build import shown

    log.install(quiet=quiet)

    with progress.on_terminal(enabled=not quiet):
        selection = _selection(tracks, tags, level, sessions)
        written = run(
            sources,
            formats,
            theme,
            selection,
            output_dir,
            density,
            merge=merge,
            lang=lang,
            jobs=jobs,
        )
    for path in written:
        click.echo(shown(path))


@cli.command("merge")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The merged source to write.",
)
def merge_command(sources: tuple[Path, ...], output: Path) -> None:
    """Merge several attendees' SOURCES into one source, by session code.

    Notes are kept once each, every session lists who contributed (notes_by), and values
    that differ are reported with both places and settled by one rule (README: "Merging
    the team's notes"). The order of SOURCES does not matter.

    \b
    Example:
      briefing merge sources/ana.yaml sources/ben.yaml sources/chloe.yaml -o sources/team.yaml
    """
    from briefing.build import shown
    from briefing.merge import merge, write

    merged = merge(list(sources), shown)
    for line in merged.conflicts:
        click.echo(f"Conflict: {line}", err=True)
    write(merged, output)
    notes_by = ", ".join(merged.contributors)
    click.echo(
        f"Wrote {shown(output)}: {len(merged.briefing.sessions)} sessions in "
        f"{len(merged.briefing.tracks)} tracks, notes by {notes_by}"
    )
    if merged.coverage:
        click.echo(f"Coverage: {merged.coverage}")


@cli.command()
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(sources: tuple[Path, ...]) -> None:
    """Check SOURCES and report every problem as FILE:LINE:COL: message."""
    from briefing.build import shown
    from briefing.errors import SourceError
    from briefing.model import plural
    from briefing.source import load_briefing

    problems = []
    for source in sources:
        try:
            briefing = load_briefing(source, shown(source))
        except SourceError as exc:
            problems.extend(exc.problems)
            continue
        click.echo(
            f"{shown(source)}: OK ({plural(len(briefing.sessions), 'session')} in "
            f"{plural(len(briefing.tracks), 'track')})"
        )
    if problems:
        raise SourceError(problems)


@cli.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
def tracks(source: Path, as_json: bool) -> None:
    """List the tracks of SOURCE with their session counts."""
    briefing = _load(source)
    rows = [
        {"id": t.id, "name": t.name, "sessions": len(briefing.sessions_in(t))}
        for t in briefing.tracks
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    width = max(len(r["id"]) for r in rows)
    for row in rows:
        click.echo(f"{row['id']:<{width}}  {row['sessions']:>3}  {row['name']}")


@cli.command()
@click.argument("source", type=click.Path(path_type=Path))
@selection_options
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
def sessions(
    source: Path,
    tracks: tuple[str, ...],
    tags: tuple[str, ...],
    level: str | None,
    sessions: tuple[str, ...],
    as_json: bool,
) -> None:
    """List the sessions of SOURCE (optionally a selection of them)."""
    from briefing.selection import select

    briefing = select(_load(source), _selection(tracks, tags, level, sessions))
    rows = [
        {
            "code": s.code,
            "title": s.title.plain,
            "track": s.track,
            "level": s.level,
            "speakers": [p.plain for p in s.speakers],
            "tags": list(s.tags),
            "video": s.video,
        }
        for s in briefing.sessions
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    width = max(len(s.code) for s in briefing.sessions)
    for s in briefing.sessions:
        level_text = str(s.level or "-")
        click.echo(f"{s.code:<{width}}  {level_text:>3}  {s.track:<20}  {s.title.plain}")


@cli.command()
def themes() -> None:
    """List the themes found in ./themes and those installed with briefing."""
    from briefing.build import shown
    from briefing.themes import available_themes, load_theme

    for name, folder in available_themes().items():
        try:
            description = load_theme(str(folder)).description
        except BriefingError as exc:
            description = f"(invalid: {exc.format_message().splitlines()[0]})"
        click.echo(f"{name:<12} {description}  [{shown(folder)}]")


@cli.command()
def exporters() -> None:
    """List the output formats installed, and any that cannot run here."""
    from briefing.exporters import discover

    for name, entry in discover().items():
        if entry.exporter is None:
            click.echo(f"{name:<6} (broken: {entry.problem})  [{entry.provider}]")
            continue
        reason = entry.exporter.unavailable()
        status = f" (unavailable: {reason})" if reason else ""
        exts = ", ".join(f".{e}" for e in entry.exporter.extensions)
        click.echo(f"{name:<6} {entry.exporter.description} ({exts}){status}  [{entry.provider}]")


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the source format (for editors' YAML language servers)."""
    from briefing.model import json_schema

    click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def new(path: Path, force: bool) -> None:
    """Write a commented starter source to PATH."""
    from importlib import resources

    from briefing.output import write_atomic

    if path.exists() and not force:
        raise BriefingError(f"{path} already exists; choose another name or add --force")
    starter = resources.files("briefing").joinpath("starter.yaml").read_bytes()
    write_atomic(path, starter)
    click.echo(f"Wrote {path}. Edit it, then run: briefing build {path}")


@cli.command()
@click.argument("source", type=click.Path(path_type=Path))
@selection_options
@theme_option
@output_option
@density_option
@lang_option
@click.option(
    "--watch",
    is_flag=True,
    help="Serve a page of the slides, their notes, the report and the warnings on 127.0.0.1, "
    "updated on every save of the source or theme, until Ctrl-C. Writes nothing to -o.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="The --watch page's port (0: any free one).",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the --watch page in a browser.")
def preview(
    source: Path,
    tracks: tuple[str, ...],
    tags: tuple[str, ...],
    level: str | None,
    sessions: tuple[str, ...],
    theme: str | None,
    output_dir: Path,
    density: str | None,
    lang: str | None,
    watch: bool,
    port: int,
    open_browser: bool,
) -> None:
    """Build the deck of SOURCE and render it: one PNG per slide and a contact sheet; with
    --watch, a page in the browser that updates on every save instead.

    Needs LibreOffice and poppler's pdftoppm.
    """
    from briefing.build import build as run
    from briefing.build import shown
    from briefing.libreoffice import ConversionError, missing_reason
    from briefing.preview import preview as render

    reason = missing_reason()
    if reason:
        raise ConversionError(reason)
    selection = _selection(tracks, tags, level, sessions)
    if watch:
        from briefing.watch import serve

        serve(source, theme, selection, density, lang, port, open_browser)
        return
    for deck in run([source], ("pptx",), theme, selection, output_dir, density, lang=lang):
        result = render(deck, output_dir, title=deck.name)
        click.echo(shown(deck))
        for slide in result.slides:
            click.echo(shown(slide))
        click.echo(shown(result.contact_sheet))


@cli.command("email")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--to", multiple=True, required=True, metavar="ADDRESS", help="Repeatable.")
@click.option("--cc", multiple=True, metavar="ADDRESS", help="Copy to. Repeatable.")
@click.option("--from", "sender", required=True, metavar="ADDRESS", help="Sender.")
@click.option("--subject", metavar="TEXT", help="Subject. Default: the briefing title.")
@selection_options
@theme_option
@lang_option
@click.option(
    "--attach-as",
    type=click.Choice(["docx", "pdf"]),
    default="docx",
    show_default=True,
    help="Attach the report as a Word file, or as a PDF converted by LibreOffice "
    "(reads well on a phone).",
)
@click.option("--attach-deck", is_flag=True, help="Attach the PowerPoint deck too.")
@output_option
@click.option(
    "--eml",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE",
    help="Write the message to FILE (to review or send by hand) instead of sending it.",
)
@click.option(
    "--smtp-host",
    envvar="BRIEFING_SMTP_HOST",
    show_envvar=True,
    metavar="HOST",
    help="The SMTP server to send through.",
)
@click.option(
    "--smtp-port",
    type=click.IntRange(1, 65535),
    metavar="PORT",
    envvar="BRIEFING_SMTP_PORT",
    show_envvar=True,
    help="Default: 587; 465 with --tls ssl; 25 with --tls none.",
)
@click.option(
    "--smtp-user",
    envvar="BRIEFING_SMTP_USER",
    show_envvar=True,
    metavar="USER",
    help="Log in as USER; the password is read from BRIEFING_SMTP_PASSWORD, or asked for.",
)
@click.option(
    "--tls",
    type=click.Choice(["starttls", "ssl", "none"]),
    help="Default: starttls; ssl on port 465. A password goes out only over TLS (or locally).",
)
@click.option(
    "--cafile",
    type=click.Path(path_type=Path, dir_okay=False),
    envvar="BRIEFING_SMTP_CAFILE",
    show_envvar=True,
    help="Also trust the CA certificates in this PEM file (an in-house CA).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    metavar="SECONDS",
    default=10.0,
    show_default=True,
    help="Seconds to wait for the server to answer.",
)
def email_command(
    source: Path,
    to: tuple[str, ...],
    cc: tuple[str, ...],
    sender: str,
    subject: str | None,
    tracks: tuple[str, ...],
    tags: tuple[str, ...],
    level: str | None,
    sessions: tuple[str, ...],
    theme: str | None,
    lang: str | None,
    attach_as: str,
    attach_deck: bool,
    output_dir: Path,
    eml: Path | None,
    smtp_host: str | None,
    smtp_port: int | None,
    smtp_user: str | None,
    tls: str | None,
    cafile: Path | None,
    timeout: float,
) -> None:
    """Build the Word report from SOURCE and email it, with the executive summary as the
    message (text and HTML).

    Everything is checked, and the server logged in to, before the build: a mistake sends
    nothing. The password is never a flag: set BRIEFING_SMTP_PASSWORD or type it when asked.

    \b
    Example:
      briefing email sources/my-event.yaml --to cto@example.com --from me@example.com \\
        --smtp-host smtp.example.com --smtp-user me@example.com
    """
    from briefing.mail.deliver import EmailRequest, email_report
    from briefing.mail.settings import ServerOptions

    server = ServerOptions(smtp_host, smtp_port, tls, smtp_user, cafile, timeout)
    request = EmailRequest(
        source, sender, to, cc, subject, _selection(tracks, tags, level, sessions), theme,
        attach_deck, output_dir, eml, server, attach_as, lang,
    )  # fmt: skip
    for line in email_report(request):
        click.echo(line)


@cli.command("import")
@click.argument("format_name", metavar="FORMAT")
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The source file to write, or to update when it exists.",
)
@click.option(
    "--agenda",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="ICS",
    help="Keep only the sessions on this calendar (your agenda as .ics).",
)
@click.option(
    "--track-field", default="Track", show_default=True, help="The category group with the track."
)
@click.option(
    "--level-field", default="Level", show_default=True, help="The category group with the level."
)
@click.option(
    "--code-pattern",
    metavar="REGEX",
    help="What a session code in a title looks like. Default: codes like DAT404-R.",
)
def import_command(
    format_name: str,
    source: Path,
    output: Path,
    agenda: Path | None,
    track_field: str,
    level_field: str,
    code_pattern: str | None,
) -> None:
    """Import a conference catalog in FORMAT from SOURCE into a source file.

    FORMAT is sessionize (All Data JSON), pretalx (schedule.json), frab (schedule.xml),
    ics or csv. Importing into an existing file adds new sessions and refreshes the catalog's
    values you have not edited; nothing you wrote is changed.

    \b
    Example:
      briefing import sessionize all-data.json -o sources/devconf.yaml --agenda my.ics
    """
    from briefing.build import shown
    from briefing.importers import ImportRequest, run
    from briefing.importers.fields import DEFAULT_CODE_PATTERN

    request = ImportRequest(
        format_name, source, output, agenda, track_field, level_field,
        code_pattern or DEFAULT_CODE_PATTERN,
    )  # fmt: skip
    for line in run(request, shown):
        click.echo(line)


@cli.command("check-template")
@click.argument("path", type=click.Path(path_type=Path))
def check_template(path: Path) -> None:
    """Report the layouts and placeholders of the PowerPoint template PATH and how the deck
    will use them."""
    from briefing.exporters.pptx import check_template as report

    click.echo(report(path))


def _load(source: Path) -> Any:
    from briefing.build import shown
    from briefing.source import load_briefing

    return load_briefing(source, shown(source))


class _Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C so temporary files are cleaned up on the way out."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated()


def main() -> None:
    """Console entry point: no traceback ever reaches a user."""
    import signal

    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        cli.main(standalone_mode=False, prog_name="briefing")
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort as exc:
        # click turns Ctrl-C (and our SIGTERM) into Abort; the cause says which.
        click.echo("Interrupted; earlier outputs were left as they were.", err=True)
        sys.exit(143 if isinstance(exc.__cause__, _Terminated) else 130)
    except KeyboardInterrupt as exc:
        click.echo("Interrupted; earlier outputs were left as they were.", err=True)
        sys.exit(143 if isinstance(exc, _Terminated) else 130)
    except Exception as exc:  # the last line of defence: one line, never a traceback
        if os.environ.get("BRIEFING_DEBUG"):
            raise
        click.echo(
            f"Error: unexpected {type(exc).__name__}: {exc} "
            "(please report this; set BRIEFING_DEBUG=1 to see the details)",
            err=True,
        )
        sys.exit(1)
