"""The deck's QR codes, read back by an independent decoder (zxing-cpp): every link comes back
as it was written, the same link always gives the same image, and the modules are big enough
to scan from the back of a room."""

from __future__ import annotations

import hashlib
import io
import random
import string
import subprocess
import sys
from dataclasses import dataclass

import pytest
import segno
import zxingcpp
from PIL import Image, ImageOps

from briefing.exporters.pptx import qr


@dataclass(frozen=True)
class Scan:
    """What a reader finds in a QR code image."""

    text: str
    modules: int  # across the symbol
    module_px: float  # pixels per module
    quiet: float  # modules of light margin on the narrowest side
    side_px: int


def scan(png: bytes) -> Scan:
    """The one QR code in ``png``, decoded, with its geometry measured on the image."""
    image = Image.open(io.BytesIO(png))
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1, f"{len(found)} QR codes found"
    code = found[0]
    assert code.valid, code.error
    # The symbol is the box around its dark modules (the finder patterns mark three corners);
    # the top-left finder pattern's outer edge is dark for exactly 7 modules.
    grey = image.convert("L")
    left, top, right, bottom = ImageOps.invert(grey).getbbox() or (0, 0, 0, 0)
    run = 0
    while grey.getpixel((left + run, top)) == 0:
        run += 1
    module_px = run / 7
    modules = (right - left) / module_px
    assert modules == int(modules) and (modules - 17) % 4 == 0, f"{modules} modules"
    assert bottom - top == right - left
    width, height = image.size
    margins = (left, top, width - right, height - bottom)
    return Scan(code.text, int(modules), module_px, min(margins) / module_px, width)


def random_links() -> list[str]:
    """ASCII links from one character of path to the most a QR code holds (every version)."""
    rng = random.Random(7)
    alphabet = string.ascii_letters + string.digits + "-._~:/?#[]@!$&'()*+,;=%"
    lengths = [1, 20, 45, 80, 120, 180, 260, 350, 480, 640, 850, 1100, 1400, 1800, 2319]
    return ["https://e.x/" + "".join(rng.choice(alphabet) for _ in range(n)) for n in lengths]


LINKS = {
    "short": "https://e.x",
    "a search": "https://www.youtube.com/results?search_query=AWS+re%3AInvent+2019+DAT404-R",
    "a query string": "https://example.com/watch?v=dQw4w9WgXcQ&t=1m30s&list=PL-9_x#comments",
    "long": "https://videos.example.com/conference/2019/"
    + "/".join(f"track-{i}/session-{i * 7}" for i in range(12))
    + "?utm_source=briefing&utm_medium=slides&utm_campaign=reinvent-2019&ref=deck&lang=en-GB",
    "Latin-1": "https://exämple.com/vidéo/ü?q=café",
    "an IDN": "https://例え.jp/パス?q=東京",
    "Cyrillic": "https://пример.рф/видео",
    "uppercase only": "HTTPS://EXAMPLE.COM/VIDEO/DAT404-R",
    "mailto": "mailto:talks@example.com?subject=Re:Invent%202019",
}


def test_the_long_link_is_long_and_the_uppercase_one_is_alphanumeric() -> None:
    assert len(LINKS["long"]) >= 300
    assert "alphanumeric" in segno.make_qr(LINKS["uppercase only"]).mode


@pytest.mark.parametrize("name", LINKS)
def test_a_reader_reads_the_link_back(name: str) -> None:
    assert scan(qr.qr_png(LINKS[name])).text == LINKS[name]


def test_links_of_every_length_are_read_back() -> None:
    sizes = set()
    for url in random_links():
        found = scan(qr.qr_png(url))
        assert found.text == url
        sizes.add(found.modules)
    assert min(sizes) == 21 and max(sizes) == 177  # versions 1 to 40


def test_a_link_too_long_for_any_qr_code_is_an_error() -> None:
    with pytest.raises(ValueError, match="too large"):
        qr.qr_png("https://e.x/" + "x" * 2320)


def test_the_same_link_gives_the_same_bytes() -> None:
    urls = [*LINKS.values(), *random_links()[:5]]
    first = [qr.qr_png(url) for url in urls]
    qr._qr_png.cache_clear()
    again = [qr.qr_png(url) for url in urls]
    assert all(a == b and a is not b for a, b in zip(first, again, strict=True))
    # And in a fresh interpreter, as a deck made by two processes needs.
    code = (
        "import hashlib, sys; from briefing.exporters.pptx.qr import qr_png; "
        "[print(hashlib.sha256(qr_png(u)).hexdigest()) for u in sys.argv[1:]]"
    )
    out = subprocess.run([sys.executable, "-c", code, *urls], capture_output=True, check=True)
    assert out.stdout.decode().split() == [hashlib.sha256(png).hexdigest() for png in first]


def test_modules_are_whole_pixels_inside_a_quiet_zone() -> None:
    for url in (LINKS["a search"], LINKS["long"]):
        found = scan(qr.qr_png(url))
        assert found.module_px == qr.SCALE >= 8  # sharp edges when the slide scales the image
        assert found.quiet == qr.BORDER >= 2
        assert found.side_px == (found.modules + 2 * qr.BORDER) * qr.SCALE


def test_a_video_link_fits_a_small_symbol() -> None:
    """Error level M, not higher: the sample's links stay at 37 modules (version 5), which
    the session slide's 1.6 in square shows at 2.8 pt a module."""
    found = scan(qr.qr_png(LINKS["a search"]))
    assert found.modules == 37
