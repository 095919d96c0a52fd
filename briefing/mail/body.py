"""The two bodies of the message: plain text, and simple inline-styled HTML for mail clients."""

from __future__ import annotations

import html
import re
import textwrap

from briefing.mail.summary import Digest
from briefing.richtext import RichText
from briefing.themes import Theme

WIDTH = 72
# Mail clients strip <style> blocks and ignore web fonts: every rule is inline, with fallbacks.
_FALLBACK_FONTS = "Arial,Helvetica,sans-serif"
_MONOSPACE = "Consolas,'Courier New',monospace"
_DIRECTION = ' dir="rtl"'  # Arabic, Hebrew: the message reads from the right


def text_body(d: Digest) -> str:
    """The plain-text body, wrapped for reading in any client."""
    title = d.title.plain
    lines = [*_wrap(title), "=" * min(len(title), WIDTH)]
    if d.subtitle:
        lines += _wrap(_plain(d.subtitle))
    lines += [*_wrap(d.facts), *_wrap(d.byline), ""]
    if d.summary:
        lines += [*_wrap(_plain(d.summary)), ""]
    if d.takeaways:
        lines += _heading(d.takeaways_heading)
        for code, text in d.takeaways:
            lines += _bullet(f"{_plain(text)} ({code})")
        lines.append("")
    for track in d.tracks:
        lines += _heading(f"{track.name} ({track.count})")
        for session in track.sessions:
            lines += _bullet(f"{session.code}: {_plain(session.title)}")
            if session.lead:
                lines += _wrap(_plain(session.lead), indent="  ")
            lines.append("")
    lines += _wrap(d.attached)
    lines += _wrap(d.footer)
    return "\n".join(lines).rstrip() + "\n"


def html_body(d: Digest, theme: Theme) -> str:
    """A complete HTML document: headings in the theme's primary colour, no tables, no images."""
    c = theme.colors
    muted = _blend(c.text, c.background, 0.7)
    heading = f"font-family:{_font(theme.heading_font)};color:{c.primary};font-weight:bold;"
    h1 = f"margin:0 0 6px;font-size:26px;line-height:1.25;{heading}"
    h2 = (
        f"margin:28px 0 12px;padding-bottom:4px;border-bottom:2px solid {c.primary};"
        f"font-size:19px;line-height:1.3;{heading}"
    )
    small = f"margin:0 0 4px;font-size:13px;color:{muted};"
    link = f"color:{c.secondary};text-decoration:underline;"
    nowrap = f"font-size:13px;color:{muted};white-space:nowrap;"  # keeps ENT233-S whole
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{_esc(d.lang)}"{_DIRECTION if d.rtl else ""}>',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light only">',
        f"<title>{_esc(d.title.plain)}</title>",
        "</head>",
        f'<body style="margin:0;padding:0;background-color:{c.background};">',
        f'<div style="max-width:640px;margin:0 auto;padding:24px 20px;'
        f"font-family:{_font(theme.body_font)};font-size:15px;line-height:1.5;"
        f'color:{c.text};background-color:{c.background};">',
        f'<h1 style="{h1}">{_html(d.title, link)}</h1>',
    ]
    if d.subtitle:
        out.append(
            f'<p style="margin:0 0 8px;font-size:17px;color:{c.secondary};">'
            f"{_html(d.subtitle, link)}</p>"
        )
    out += [f'<p style="{small}">{_esc(line)}</p>' for line in (d.facts, d.byline) if line]
    if d.summary:
        out.append(f'<p style="margin:16px 0 0;">{_html(d.summary, link)}</p>')
    if d.takeaways:
        out.append(f'<h2 style="{h2}">{_esc(d.takeaways_heading)}</h2>')
        out.append('<ul style="margin:0;padding:0 0 0 22px;">')
        out += [
            f'<li style="margin:0 0 6px;">{_html(text, link)} '
            f'<span style="{nowrap}">({_esc(code)})</span></li>'
            for code, text in d.takeaways
        ]
        out.append("</ul>")
    for track in d.tracks:
        out.append(
            f'<h2 style="{h2}">{_esc(track.name)} '
            f'<span style="font-size:14px;font-weight:normal;color:{muted};">'
            f"· {_esc(track.count)}</span></h2>"
        )
        for session in track.sessions:
            lead = f"<br>{_html(session.lead, link)}" if session.lead else ""
            out.append(
                f'<p style="margin:0 0 14px;"><strong>{_html(session.title, link)}</strong> '
                f'<span style="{nowrap}">{_esc(session.code)}</span>'
                f"{lead}</p>"
            )
    notes = [d.attached, d.footer]
    out.append(
        f'<div style="margin:28px 0 0;padding:12px 0 0;border-top:1px solid {muted};">'
        + "".join(f'<p style="{small}">{_esc(line)}</p>' for line in notes if line)
        + "</div>"
    )
    out += ["</div>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def _heading(text: str) -> list[str]:
    return [*_wrap(text), "-" * min(len(text), WIDTH), ""]


def _bullet(text: str) -> list[str]:
    return _wrap(text, initial="- ", indent="  ")


def _wrap(text: str, initial: str | None = None, indent: str = "") -> list[str]:
    if not text.strip():
        return []
    return textwrap.wrap(
        " ".join(text.split()),
        WIDTH,
        initial_indent=indent if initial is None else initial,
        subsequent_indent=indent,
        break_long_words=False,  # a URL must stay whole to stay clickable
        break_on_hyphens=False,
    )


def _plain(text: RichText) -> str:
    """Rich text for the text body: links keep their address, in angle brackets."""
    parts = []
    for span in text.spans:
        shown = span.text
        if span.href and span.href not in (shown, f"mailto:{shown}"):
            shown = f"{shown} <{span.href}>"
        parts.append(shown)
    return "".join(parts)


def _html(text: RichText, link_style: str) -> str:
    parts = []
    for span in text.spans:
        piece = _esc(span.text).replace("\n", "<br>")
        if span.code:
            piece = f'<code style="font-family:{_MONOSPACE};font-size:90%;">{piece}</code>'
        if span.italic:
            piece = f"<em>{piece}</em>"
        if span.bold:
            piece = f"<strong>{piece}</strong>"
        if span.href:
            piece = f'<a href="{_esc(span.href)}" style="{link_style}">{piece}</a>'
        parts.append(piece)
    return "".join(parts)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _font(name: str) -> str:
    """A CSS font stack for the theme's font, sanitised: it sits inside an attribute."""
    safe = re.sub(r"[^\w \-]", "", name).strip()
    if not safe:
        return _FALLBACK_FONTS
    return f"'{safe}',{_FALLBACK_FONTS}" if " " in safe else f"{safe},{_FALLBACK_FONTS}"


def _blend(color: str, background: str, weight: float) -> str:
    """``color`` mixed into ``background``: a muted tone that stays legible on either theme."""
    fg = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    bg = [int(background[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(f * weight + b * (1 - weight)) for f, b in zip(fg, bg, strict=True)]
    return "#" + "".join(f"{v:02X}" for v in mixed)
