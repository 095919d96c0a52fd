"""The live preview's web server: the page, its pictures, and server-sent events that give the
page each new state. It listens on 127.0.0.1 only and answers only to local host names."""

from __future__ import annotations

import errno
import json
import re
import threading
from collections.abc import Callable, Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

from briefing.errors import BriefingError

HOST = "127.0.0.1"
# Comments on an idle event stream, so a closed page is noticed and proxies keep it open.
KEEP_ALIVE = 15.0
_STATIC = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/style.css": ("style.css", "text/css; charset=utf-8"),
}
# Pictures are named after what they show, so a browser may keep them for good.
_IMAGE = re.compile(r"^/images/((?:slide|page)-[0-9a-f]{32}\.jpg)$")


class Hub:
    """The page's current state, and the pages waiting for the next one."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._version = 0
        self._data = b"{}"
        self._closed = False

    def publish(self, state: Mapping[str, Any]) -> int:
        """Make ``state`` current; every page receives it. Returns its version."""
        with self._changed:
            self._version += 1
            body = {**state, "version": self._version}
            self._data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self._changed.notify_all()
            return self._version

    def current(self) -> tuple[int, bytes]:
        with self._changed:
            return self._version, self._data

    def wait(self, seen: int, timeout: float) -> tuple[int, bytes | None] | None:
        """The state after version ``seen`` (data None when none came within ``timeout``);
        None once the hub is closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._version != seen, timeout)
            if self._closed:
                return None
            if self._version == seen:
                return seen, None
            return self._version, self._data

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()


class PreviewServer:
    """Serves the page on 127.0.0.1:``port`` (0: any free port) from a thread."""

    def __init__(
        self, port: int, hub: Hub, images: Path, downloads: Callable[[], dict[str, Path]]
    ) -> None:
        try:
            self._httpd = _Server((HOST, port), _Handler)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise BriefingError(
                    f"port {port} is in use (another preview?); choose another with --port, "
                    "or --port 0 for any free one"
                ) from None
            raise BriefingError(f"cannot listen on {HOST}:{port}: {exc.strerror or exc}") from None
        self._httpd.hub = hub
        self._httpd.images = images
        self._httpd.downloads = downloads
        self._httpd.local_hosts = {f"{name}:{self.port}" for name in (HOST, "localhost")}
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="briefing-preview-server", daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Close every event stream, stop serving and free the port."""
        self._httpd.hub.close()
        if self._thread.is_alive():
            self._httpd.shutdown()
            self._thread.join(5)
        self._httpd.server_close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    hub: Hub
    images: Path
    downloads: Callable[[], dict[str, Path]]
    local_hosts: set[str]


class _Handler(BaseHTTPRequestHandler):
    server_version = "briefing"

    def do_GET(self) -> None:
        server = cast(_Server, self.server)
        host = self.headers.get("Host")
        # Another site's page must not read this one through a name that points here.
        if host is not None and host not in server.local_hosts:
            self.send_error(HTTPStatus.FORBIDDEN, "local pages only")
            return
        path = urlsplit(self.path).path
        if path in _STATIC:
            name, kind = _STATIC[path]
            body = resources.files("briefing.watch").joinpath("static", name).read_bytes()
            self._send(body, kind, "no-cache")
        elif path == "/state":
            self._send(server.hub.current()[1], "application/json", "no-store")
        elif path == "/events":
            self._events(server.hub)
        elif match := _IMAGE.match(path):
            self._file(server.images / match.group(1), "image/jpeg", "max-age=31536000, immutable")
        elif path.startswith("/download/") and path[10:] in (files := server.downloads()):
            target = files[path[10:]]
            self._file(target, "application/octet-stream", "no-store", attachment=target.name)
        else:
            self.send_error(HTTPStatus.NOT_FOUND)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows what the preview does, not each request

    def _send(self, body: bytes, kind: str, cache: str, attachment: str | None = None) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        if attachment:
            self.send_header("Content-Disposition", f'attachment; filename="{attachment}"')
        self.end_headers()
        self.wfile.write(body)

    def _file(self, path: Path, kind: str, cache: str, attachment: str | None = None) -> None:
        try:
            body = path.read_bytes()
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        self._send(body, kind, cache, attachment)

    def _events(self, hub: Hub) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = -1
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while (news := hub.wait(seen, KEEP_ALIVE)) is not None:
                seen, data = news
                if data is None:
                    self.wfile.write(b": still here\n\n")
                else:
                    self.wfile.write(b"id: %d\nevent: state\ndata: %s\n\n" % (seen, data))
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed
