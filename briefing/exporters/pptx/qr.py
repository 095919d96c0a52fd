"""QR codes of video links, as PNG images attendees can scan from their seats."""

from __future__ import annotations

import io


def qr_png(url: str) -> bytes:
    """A black-on-white QR code of ``url`` with a quiet zone; the same URL gives the same bytes."""
    import segno

    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="png", scale=10, border=2, dark="#000000", light="#FFFFFF")
    return out.getvalue()


def alt_text(code: str, title: str) -> str:
    return f"QR code linking to the video of {code}: {title}"
