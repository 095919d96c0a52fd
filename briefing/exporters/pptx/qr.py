"""QR codes of video links, as PNG images attendees can scan from their seats.

A deck of a whole catalog carries a thousand of them, and segno (pure Python) spends most of
its 5 ms per code trying the eight mask patterns module by module. Plain ASCII links are
encoded by ``qrcode`` as segno encodes them and written here as segno writes its PNG: the same
bytes (tested against segno). Any other text is left to segno.
"""

from __future__ import annotations

import io
import struct
import zlib
from functools import lru_cache

from briefing.exporters.pptx import qrcode

SCALE = 10  # pixels per module
BORDER = 2  # modules of quiet zone


def qr_png(url: str) -> bytes:
    """A black-on-white QR code of ``url`` with a quiet zone; the same URL gives the same bytes."""
    return _qr_png(url)


def alt_text(code: str, title: str) -> str:
    return f"QR code linking to the video of {code}: {title}"


@lru_cache(maxsize=1024)
def _qr_png(url: str) -> bytes:
    if qrcode.supported(url):
        return _png(qrcode.symbol(url.encode("ascii")))
    return segno_png(url)  # other modes, and segno's own error for text too long


def segno_png(url: str) -> bytes:
    """The QR code as segno makes and saves it (any text, any mode)."""
    import segno

    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="png", scale=SCALE, border=BORDER, dark="#000000", light="#FFFFFF")
    return out.getvalue()


def _png(rows: list[bytearray]) -> bytes:
    """The symbol as segno's PNG writer saves it: 1-bit greyscale (0 dark), each module
    SCALE pixels square, a quiet zone of BORDER modules; each module row written once and
    repeated with the "Up" filter."""
    size = len(rows)
    width = (size + 2 * BORDER) * SCALE
    line_bytes = (width + 7) // 8
    padding = line_bytes * 8 - width

    def scanline(pixels: str) -> bytes:
        return b"\x00" + int(pixels + "0" * padding, 2).to_bytes(line_bytes, "big")

    border = scanline("1" * width) * (BORDER * SCALE)
    repeat = (b"\x02" + b"\x00" * line_bytes) * (SCALE - 1)
    quiet = "1" * (BORDER * SCALE)
    body = b"".join(
        scanline(quiet + row.translate(_ASCII).decode("ascii").translate(_PIXELS) + quiet) + repeat
        for row in rows
    )
    idat = zlib.compress(border + body + border, 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        head = kind + data
        return struct.pack(">I", len(data)) + head + struct.pack(">I", zlib.crc32(head))

    header = struct.pack(">2I5B", width, width, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


_ASCII = bytes.maketrans(b"\x00\x01", b"01")
# A module as pixels: light (0) is white (1 in the image), dark black, SCALE pixels wide.
_PIXELS = str.maketrans({"0": "1" * SCALE, "1": "0" * SCALE})
