"""Inline markup parsing: the spans built from markdown-it's tokens, checked against the
plain token-by-token reading on hostile markup."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.richtext import MarkupError, RichText, Span, _parser, check_url, parse

PIECES = [
    "*", "**", "_", "__", "`", "``", "[", "]", "(", ")", "\\", "\n", "\\\n", "  \n", " ",
    "a", "word", "*a*", "**b**", "[t](https://e.com)", "[m](mailto:a@b.c)", "[j](javascript:x)",
    "https://x.y", "<", ">", "&", "\t", "\x00", "\r\n", "é",
]  # fmt: skip


def reference(markup: str) -> RichText:
    """Every token read in turn: a span per text token, then neighbours of one format joined."""
    spans: list[Span] = []
    style = Span("")
    for token in _parser().parseInline(markup)[0].children or ():
        kind = token.type
        if kind == "text":
            spans.append(replace(style, text=token.content))
        elif kind in ("softbreak", "hardbreak"):
            spans.append(replace(style, text=" " if kind == "softbreak" else "\n"))
        elif kind == "code_inline":
            spans.append(replace(style, text=token.content, code=True))
        elif kind in ("strong_open", "strong_close"):
            style = replace(style, bold=kind == "strong_open")
        elif kind in ("em_open", "em_close"):
            style = replace(style, italic=kind == "em_open")
        elif kind == "link_open":
            href = str(token.attrs.get("href", ""))
            problem = check_url(href)
            if problem:
                raise MarkupError(problem)
            style = replace(style, href=href)
        elif kind == "link_close":
            style = replace(style, href=None)
        elif token.content:
            spans.append(replace(style, text=token.content))
    merged: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if merged and replace(merged[-1], text="") == replace(span, text=""):
            merged[-1] = replace(merged[-1], text=merged[-1].text + span.text)
        else:
            merged.append(span)
    return RichText(tuple(merged), markup)


def outcome(read: object, markup: str) -> object:
    try:
        return read(markup)  # type: ignore[operator]
    except MarkupError as exc:
        return f"MarkupError: {exc}"


@settings(max_examples=400)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14).map("".join))
def test_parse_reads_tokens_like_the_reference(markup: str) -> None:
    if not any(ch in markup for ch in "*_`[\\"):
        markup = "*" + markup  # the plain-text shortcut is not what is checked here
    assert outcome(parse, markup) == outcome(reference, markup)


def test_parse_joins_neighbours_of_one_format_and_keeps_links_apart() -> None:
    text = parse("a **b** [c](https://e.com)[d](https://e.com) `e`")
    assert text.spans == (
        Span("a "),
        Span("b", bold=True),
        Span(" "),
        Span("cd", href="https://e.com"),
        Span(" "),
        Span("e", code=True),
    )
