"""Inline markup (bold, italic, code, links) parsed once into a small rich-text model."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

ALLOWED_SCHEMES = ("http", "https", "mailto")


@dataclass(frozen=True, slots=True)
class Span:
    """A run of text with one set of formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None


@dataclass(frozen=True, slots=True)
class RichText:
    """Formatted text: a sequence of spans, plus the markup it was parsed from."""

    spans: tuple[Span, ...]
    source: str

    @property
    def plain(self) -> str:
        """The text without formatting."""
        return "".join(span.text for span in self.spans)

    @property
    def links(self) -> tuple[str, ...]:
        """Every link target, in order."""
        return tuple(span.href for span in self.spans if span.href)

    def __str__(self) -> str:
        return self.plain

    def __bool__(self) -> bool:
        return bool(self.plain.strip())

    @classmethod
    def plain_text(cls, text: str) -> RichText:
        """Text with no formatting and no markup interpretation."""
        return cls((Span(text),) if text else (), text)


def check_url(url: str) -> str | None:
    """Return why ``url`` is not an acceptable link target, or None if it is."""
    candidate = url.strip()
    if not candidate:
        return "the URL is empty"
    if any(ch.isspace() for ch in candidate):
        return f"the URL {candidate!r} contains spaces; encode them as %20"
    scheme = urlsplit(candidate).scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        shown = f"'{scheme}:'" if scheme else "no scheme"
        return (
            f"the URL {candidate!r} has {shown}; only http, https and mailto links are allowed "
            "(write the full address, e.g. https://example.com/page)"
        )
    if scheme in ("http", "https") and not urlsplit(candidate).netloc:
        return f"the URL {candidate!r} has no host; write it as https://host/path"
    if scheme == "mailto" and len(candidate) <= len("mailto:"):
        return f"the URL {candidate!r} has no address after 'mailto:'"
    return None


@lru_cache(maxsize=1)
def inline_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("zero").enable(["emphasis", "backticks", "link", "escape", "newline"])
    # Every target is accepted by the parser; check_url() judges it and reports it to the user.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


class MarkupError(ValueError):
    """Inline markup that parsed but cannot be accepted (a link with a bad URL)."""


def parse(markup: str) -> RichText:
    """Parse inline markup into rich text; raise MarkupError for unacceptable link targets."""
    if not any(ch in markup for ch in "*_`[\\"):
        # Plain text needs no parser; collapse line breaks the way Markdown does.
        return RichText(_plain_spans(markup), markup)
    tokens = inline_parser().parseInline(markup)
    # Formatting as (bold, italic, code, href); neighbouring pieces that share it are joined.
    pieces: list[tuple[tuple[bool, bool, bool, str | None], list[str]]] = []
    bold = italic = False
    href: str | None = None
    for token in tokens[0].children or () if tokens else ():
        kind = token.type
        code = False
        if kind == "text":
            text = token.content
        elif kind == "softbreak":
            text = " "
        elif kind == "hardbreak":
            text = "\n"
        elif kind == "code_inline":
            text, code = token.content, True
        elif kind in ("strong_open", "strong_close"):
            bold = kind == "strong_open"
            continue
        elif kind in ("em_open", "em_close"):
            italic = kind == "em_open"
            continue
        elif kind == "link_open":
            href = str(token.attrs.get("href", ""))
            problem = check_url(href)
            if problem:
                raise MarkupError(problem)
            continue
        elif kind == "link_close":
            href = None
            continue
        else:
            text = token.content
        if not text:
            continue
        key = (bold, italic, code, href)
        if pieces and pieces[-1][0] == key:
            pieces[-1][1].append(text)
        else:
            pieces.append((key, [text]))
    spans = tuple(Span("".join(texts), b, i, c, h) for (b, i, c, h), texts in pieces)
    return RichText(spans, markup)


def _plain_spans(text: str) -> tuple[Span, ...]:
    flat = " ".join(line.strip() for line in text.splitlines()) if "\n" in text else text
    return (Span(flat),) if flat else ()
