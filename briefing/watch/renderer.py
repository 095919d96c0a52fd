"""LibreOffice kept running for a live preview session: one process with a private profile,
reached through unoserver, started again when it dies, and stopped with all it started."""

from __future__ import annotations

import http.client
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import xmlrpc.client
from collections.abc import Callable
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from typing import Protocol, cast

from briefing.libreoffice import (
    ConversionError,
    convert,
    find_soffice,
    missing_reason,
    soffice_environment,
)
from briefing.untrusted import without_huge_pictures

UNO_HINT = (
    "install LibreOffice's Python bridge (Debian/Ubuntu: apt-get install python3-uno; "
    "LibreOffice's own installers include it)"
)
STARTUP_TIMEOUT = 120.0
CONVERSION_TIMEOUT = 180
# unoserver's XML-RPC interface, whose convert() takes its arguments in this order:
# inpath, indata, outpath, convert_to, filtername, filter_options, update_index, infiltername,
# password.
API_VERSION = "3"
_RPC_ERRORS = (OSError, xmlrpc.client.Error, http.client.HTTPException)

# unoserver runs under a Python that has LibreOffice's `uno` module, which is seldom
# briefing's own. This starts it with briefing's copy of unoserver on the path; and when
# briefing goes away, however it ends, the pipe on standard input closes and the whole
# process group (unoserver, LibreOffice and its helpers) goes with it.
_BOOTSTRAP = """
import os, signal, sys, threading
def orphaned():
    while os.read(0, 4096):
        pass
    os.killpg(0, signal.SIGKILL)
threading.Thread(target=orphaned, daemon=True).start()
sys.path.append(sys.argv.pop(1))
from unoserver.server import main
sys.exit(main())
"""


class Renderer(Protocol):
    """Turns a deck or a report into a PDF."""

    def to_pdf(self, document: Path, target: Path) -> Path: ...

    def keep_alive(self) -> None: ...

    def close(self) -> None: ...


def open_renderer(workdir: Path, notify: Callable[[str], None]) -> Renderer:
    """The warm renderer, started (it becomes ready in the background); a LibreOffice run
    per document when the warm one cannot run here, which ``notify`` is told."""
    soffice = find_soffice()
    if soffice is None:
        raise ConversionError(missing_reason() or "LibreOffice was not found")
    python = uno_python(soffice)
    site = unoserver_site()
    if python is None or site is None:
        missing = UNO_HINT if python is None else "install unoserver (pip install unoserver)"
        notify(f"each update starts LibreOffice again, which takes seconds; {missing}")
        return ColdRenderer(workdir)
    renderer = WarmRenderer(soffice, python, site, workdir, notify)
    renderer.start()
    return renderer


class ColdRenderer:
    """A LibreOffice run per document."""

    def __init__(self, workdir: Path) -> None:
        self._scratch = workdir / "cold"

    def to_pdf(self, document: Path, target: Path) -> Path:
        converted = convert(document, self._scratch)
        return converted.replace(target)

    def keep_alive(self) -> None:
        pass

    def close(self) -> None:
        pass


class WarmRenderer:
    """One LibreOffice for the session, behind unoserver, with a private profile."""

    def __init__(
        self,
        soffice: str,
        python: str,
        site: str,
        workdir: Path,
        notify: Callable[[str], None] = lambda message: None,
    ) -> None:
        self.profile = workdir / "profile"
        self._home = workdir / "home"
        self._temp = workdir / "tmp"  # LibreOffice's and unoserver's, removed with the session
        self._scratch = workdir / "safe"
        self._log = workdir / "libreoffice.log"
        self._soffice, self._python, self._site = soffice, python, site
        self._notify = notify
        self._process: subprocess.Popen[bytes] | None = None
        self._port = 0
        self._ready = False

    def start(self) -> None:
        """Start LibreOffice; it is ready a few seconds later (see ``wait_ready``)."""
        self._port, uno_port = _free_port(), _free_port()
        self._ready = False
        self._home.mkdir(parents=True, exist_ok=True)
        self._temp.mkdir(parents=True, exist_ok=True)
        command = [
            self._python, "-c", _BOOTSTRAP, self._site,
            "--interface", "127.0.0.1", "--port", str(self._port),
            "--uno-interface", "127.0.0.1", "--uno-port", str(uno_port),
            "--executable", self._soffice, "--user-installation", str(self.profile),
            "--conversion-timeout", str(CONVERSION_TIMEOUT),
        ]  # fmt: skip
        with self._log.open("ab") as log:
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                env={**soffice_environment(self._home), "TMPDIR": str(self._temp)},
            )

    def wait_ready(self, timeout: float = STARTUP_TIMEOUT) -> None:
        """Wait until LibreOffice answers; an error when it stops or does not answer."""
        deadline = time.monotonic() + timeout
        while True:
            process = self._process
            if process is None or process.poll() is not None:
                status = "not started" if process is None else f"exit status {process.returncode}"
                raise ConversionError(f"LibreOffice stopped ({status}){self._tail()}")
            with suppress(*_RPC_ERRORS):
                info = cast(dict[str, str], self._proxy(5).info())
                if info.get("api") != API_VERSION:
                    raise ConversionError(
                        f"unoserver {info.get('unoserver')} speaks API {info.get('api')}; "
                        f"briefing needs API {API_VERSION} (pip install 'unoserver>=3.1')"
                    )
                self._ready = True
                return
            if time.monotonic() > deadline:
                raise ConversionError(f"LibreOffice did not start within {timeout:.0f} s")
            time.sleep(0.25)

    def to_pdf(self, document: Path, target: Path, pages: str | None = None) -> Path:
        """Convert ``document`` (only ``pages`` of it, e.g. "2,5-7", when given) to the PDF
        ``target``, starting LibreOffice again (once) when it has stopped or fails."""
        # As briefing.libreoffice.convert does: pictures over Pillow's limit are never decoded.
        self._scratch.mkdir(parents=True, exist_ok=True)
        document = without_huge_pictures(document, self._scratch)
        # unoserver passes a value of digits alone as a number, which PageRange ignores.
        span = f"{pages}-{pages}" if pages and pages.isdecimal() else pages
        options = [f"PageRange={span}"] if span else []
        problem = ""
        for attempt in range(2):
            target.unlink(missing_ok=True)
            try:
                self._ensure_running()
                self._proxy(CONVERSION_TIMEOUT + 30).convert(
                    str(document.resolve()), None, str(target.resolve()), "pdf", None, options,
                    False, None, None,
                )  # fmt: skip
            except ConversionError as exc:
                problem = exc.format_message()
            except xmlrpc.client.Fault as exc:
                problem = exc.faultString.strip().splitlines()[-1] if exc.faultString else ""
            except _RPC_ERRORS as exc:
                problem = str(exc) or type(exc).__name__
            else:
                if target.is_file():
                    return target
                problem = "it wrote no PDF"
            if attempt == 0:
                self._notify(f"LibreOffice failed ({problem}); starting it again")
                self.restart()
        raise ConversionError(f"LibreOffice could not convert {document.name}: {problem}")

    def keep_alive(self) -> None:
        """Start LibreOffice again if it has stopped (between updates, so the next one does
        not wait for it)."""
        if self._process is not None and self._process.poll() is not None:
            self._notify(f"LibreOffice stopped (exit status {self._process.returncode}); "
                         "starting it again")  # fmt: skip
            self.restart()

    def restart(self) -> None:
        self._kill()
        self.start()

    def close(self) -> None:
        """Stop LibreOffice and every process it started."""
        self._kill()

    def _ensure_running(self) -> None:
        if self._process is None or self._process.poll() is not None:
            if self._process is not None:
                self._notify(f"LibreOffice stopped (exit status {self._process.returncode}); "
                             "starting it again")  # fmt: skip
            self.restart()
        if not self._ready:
            self.wait_ready()

    def _kill(self) -> None:
        # A throw-away profile holds nothing worth a graceful shutdown.
        process, self._process = self._process, None
        if process is None:
            return
        if process.stdin is not None:
            with suppress(OSError):
                process.stdin.close()
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        with suppress(subprocess.TimeoutExpired):
            process.wait(10)

    def _proxy(self, timeout: float) -> xmlrpc.client.ServerProxy:
        return xmlrpc.client.ServerProxy(
            f"http://127.0.0.1:{self._port}", transport=_Transport(timeout), allow_none=True
        )

    def _tail(self) -> str:
        try:
            lines = self._log.read_text("utf-8", "replace").strip().splitlines()
        except OSError:
            return ""
        return f": {lines[-1]}" if lines else ""


class _Transport(xmlrpc.client.Transport):
    """XML-RPC over HTTP that gives up after ``timeout`` seconds."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout

    def make_connection(self, host: tuple[str, dict[str, str]] | str) -> http.client.HTTPConnection:
        connection = super().make_connection(host)
        connection.timeout = self._timeout
        return connection


@lru_cache(maxsize=4)
def uno_python(soffice: str) -> str | None:
    """A Python that can import LibreOffice's ``uno``: LibreOffice's own, briefing's, or the
    system's (Debian's python3-uno)."""
    program = Path(os.path.realpath(soffice)).parent
    candidates = [
        program / "python",  # LibreOffice's own builds on Linux and Windows
        program / "python.exe",
        program.parent / "Resources" / "python",  # macOS
        Path(sys.executable),
        *(Path(p) for p in (shutil.which("python3"), "/usr/bin/python3") if p),
    ]
    seen = set()
    for candidate in candidates:
        if candidate in seen or not candidate.is_file():
            continue
        seen.add(candidate)
        with suppress(OSError, subprocess.TimeoutExpired):
            check = subprocess.run(
                [str(candidate), "-c", "import uno"], capture_output=True, timeout=30, check=False
            )
            if check.returncode == 0:
                return str(candidate)
    return None


def unoserver_site() -> str | None:
    """The folder holding briefing's copy of the unoserver package."""
    spec = importlib.util.find_spec("unoserver")
    if spec is None or not spec.submodule_search_locations:
        return None
    return str(Path(next(iter(spec.submodule_search_locations))).parent)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
