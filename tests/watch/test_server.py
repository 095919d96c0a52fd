"""The live preview's server: the page, its pictures, the event stream, local use only."""

from __future__ import annotations

import http.client
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.errors import BriefingError
from briefing.watch.server import Hub, PreviewServer

PICTURE = "slide-" + "0123456789abcdef" * 2 + ".jpg"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[PreviewServer, Hub, Path]]:
    hub = Hub()
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(b"PK fake deck")
    (tmp_path / PICTURE).write_bytes(b"\xff\xd8 fake JPEG")
    server = PreviewServer(0, hub, tmp_path, lambda: {"deck": deck})
    server.start()
    yield server, hub, tmp_path
    server.stop()


def get(server: PreviewServer, path: str, host: str | None = None) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", host or f"127.0.0.1:{server.port}")
    connection.endheaders()
    return connection.getresponse()


def test_the_page_and_its_scripts_are_served(served: tuple[PreviewServer, Hub, Path]) -> None:
    server, _, _ = served
    page = get(server, "/")
    assert page.status == 200
    body = page.read().decode()
    assert '<script src="/app.js"' in body and '<link rel="stylesheet" href="/style.css"' in body
    for path, kind in (("/app.js", "text/javascript"), ("/style.css", "text/css")):
        response = get(server, path)
        assert response.status == 200
        assert response.getheader("Content-Type", "").startswith(kind)
        assert response.read()


def test_pictures_are_served_by_name_and_nothing_else(
    served: tuple[PreviewServer, Hub, Path],
) -> None:
    server, _, folder = served
    picture = get(server, f"/images/{PICTURE}")
    assert picture.status == 200
    assert picture.read() == (folder / PICTURE).read_bytes()
    assert "immutable" in picture.getheader("Cache-Control", "")
    for path in (
        "/images/../deck.pptx",
        "/images/deck.pptx",
        "/images/slide-00.jpg",
        "/images/" + PICTURE.replace(".jpg", ".png"),
        "/nothing",
    ):
        assert get(server, path).status == 404, path


def test_downloads_are_the_last_good_outputs(served: tuple[PreviewServer, Hub, Path]) -> None:
    server, _, folder = served
    response = get(server, "/download/deck")
    assert response.status == 200
    assert response.read() == (folder / "deck.pptx").read_bytes()
    assert 'filename="deck.pptx"' in response.getheader("Content-Disposition", "")
    assert get(server, "/download/report").status == 404


def test_another_host_name_is_refused(served: tuple[PreviewServer, Hub, Path]) -> None:
    server, _, _ = served
    assert get(server, "/", host=f"localhost:{server.port}").status == 200
    # A name of someone else's that resolves here (DNS rebinding) must not read the page.
    assert get(server, "/", host=f"attacker.example:{server.port}").status == 403
    assert get(server, "/state", host="attacker.example").status == 403


def test_events_carry_each_state_as_it_is_published(
    served: tuple[PreviewServer, Hub, Path],
) -> None:
    server, hub, _ = served
    hub.publish({"phase": "building"})
    stream = get(server, "/events")
    assert stream.getheader("Content-Type", "").startswith("text/event-stream")

    def next_state() -> dict[str, object]:
        data = None
        while True:
            line = stream.readline().decode().rstrip("\n")
            if line.startswith("data: "):
                data = json.loads(line[6:])
            elif line == "" and data is not None:
                return data

    assert next_state() == {"phase": "building", "version": 1}  # the current one, at once
    hub.publish({"phase": "ready", "slides": [{"number": 1}]})
    assert next_state() == {"phase": "ready", "slides": [{"number": 1}], "version": 2}
    assert json.loads(get(server, "/state").read()) == {
        "phase": "ready",
        "slides": [{"number": 1}],
        "version": 2,
    }


def test_stopping_ends_the_event_streams_and_frees_the_port(tmp_path: Path) -> None:
    hub = Hub()
    server = PreviewServer(0, hub, tmp_path, dict)
    server.start()
    stream = get(server, "/events")
    stream.readline()
    server.stop()
    assert stream.read() is not None  # the stream ends instead of hanging
    again = PreviewServer(server.port, hub, tmp_path, dict)
    again.stop()


def test_a_port_in_use_is_said_in_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(BriefingError, match=f"port {port} is in use.*--port"):
            PreviewServer(port, Hub(), tmp_path, dict)
