"""Live preview: ``briefing preview SOURCE --watch`` serves a local page of the slides, their
notes, the report's pages and the build's warnings, and updates it on every save.

Modules, each using only those before it: ``slides`` and ``pages`` (what changed), ``raster``
(pictures of PDF pages), ``renderer`` (LibreOffice kept running), ``server`` (the page and its
event stream), ``watcher`` (saves), ``session`` (an update, from save to page).
"""

from __future__ import annotations

import tempfile
import threading
import webbrowser
from pathlib import Path

import click

from briefing.errors import BriefingError
from briefing.selection import Selection


def serve(
    source: Path,
    theme: str | None,
    selection: Selection,
    density: str | None,
    lang: str | None,
    port: int,
    open_browser: bool = False,
) -> None:
    """Serve the live preview of ``source`` until Ctrl-C (or SIGTERM); then stop LibreOffice
    and remove every file the session made."""
    from briefing.build import shown
    from briefing.themes import load_theme
    from briefing.watch.renderer import Renderer, open_renderer
    from briefing.watch.server import Hub, PreviewServer
    from briefing.watch.session import Request, Session
    from briefing.watch.watcher import Watcher

    if not source.is_file():
        raise BriefingError(
            f"{shown(source)} does not exist; name a source file, or create one with "
            f"`briefing new {shown(source)}`"
        )
    folder = load_theme(theme).folder

    def echo(line: str, err: bool = False) -> None:
        click.echo(line, err=err)

    with tempfile.TemporaryDirectory(prefix="briefing-watch-") as scratch:
        workdir = Path(scratch)
        hub = Hub()
        session: Session | None = None

        def downloads() -> dict[str, Path]:
            return session.downloads() if session is not None else {}

        # The port first: when it is taken, LibreOffice is not started for nothing.
        server = PreviewServer(port, hub, workdir / "images", downloads)
        renderer: Renderer | None = None
        watcher: Watcher | None = None
        try:
            renderer = open_renderer(workdir, lambda message: echo(f"Warning: {message}", True))
            request = Request(source, theme, selection, density, lang)
            session = Session(request, renderer, hub, workdir, echo)
            server.start()
            watcher = Watcher([source], [folder] if folder else [], session.changed)
            watcher.start()
            echo(f"Live preview of {shown(source)} at {server.url} (Ctrl-C to stop)")
            if open_browser:
                threading.Thread(target=webbrowser.open, args=(server.url,), daemon=True).start()
            session.run()
        except KeyboardInterrupt:
            echo("Stopping the preview.", True)
        finally:
            if watcher is not None:
                watcher.stop()
            server.stop()
            if renderer is not None:
                renderer.close()
