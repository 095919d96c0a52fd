"""QR codes of video links, as PNG images attendees can scan from their seats.

segno encodes them with a fixed mask. A deck of a whole catalog carries a thousand codes, and
left to choose, segno spends most of its time per code scoring the eight mask patterns; readers
decode any mask, and ``MASK`` is the one segno's own scoring ranks best most often on video
links. Pillow writes the PNG, several times faster than segno's pure-Python writer.
"""

from __future__ import annotations

import io
from functools import lru_cache

import segno
from PIL import Image, ImageOps

from briefing.i18n import Messages

# Level M, raised for free when the symbol has room: a higher minimum means more and smaller
# modules in the same square on the slide, harder to resolve from the back of a room.
ERROR = "m"
MASK = 3  # (row + column) % 3 == 0
SCALE = 10  # pixels per module: whole pixels keep edges sharp when the slide scales the image
BORDER = 2  # modules of quiet zone; the themes' light background around the picture adds more

_IMAGE = bytes.maketrans(b"\x00\x01", b"\xff\x00")  # a dark module is black (0)


def qr_png(url: str) -> bytes:
    """A black-on-white QR code of ``url`` with a quiet zone; the same URL gives the same bytes.
    Raises segno's ``DataOverflowError`` (a ``ValueError``) for text no QR code holds."""
    return _qr_png(url)


def alt_text(code: str, title: str, words: Messages) -> str:
    """'QR code linking to the video of DAT404-R: Aurora ...'."""
    return words("qr_alt", session=words("session_heading", code=code, title=title))


@lru_cache(maxsize=1024)
def _qr_png(url: str) -> bytes:
    symbol = segno.make_qr(url, error=ERROR, mask=MASK, boost_error=True)
    size = len(symbol.matrix)
    pixels = b"".join(symbol.matrix).translate(_IMAGE)
    image = Image.frombytes("L", (size, size), pixels).convert("1", dither=Image.Dither.NONE)
    side = (size + 2 * BORDER) * SCALE
    image = ImageOps.expand(image, BORDER, fill=255).resize((side, side), Image.Resampling.NEAREST)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
