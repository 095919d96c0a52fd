"""Inline markup: parsing into spans (checked against the plain token-by-token reading on
hostile markup) and writing spans back as Markdown that parses to the same spans."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it.rules_inline import StateInline

from briefing.cli import cli
from briefing.inline_markdown import _flanking, _written_fully, _written_simply, to_markdown
from briefing.richtext import (
    MarkupError,
    RichText,
    Span,
    check_url,
    inline_parser,
    parse,
)
from tests.strategies import any_spans, holdable_spans, inline_markup

PIECES = [
    "*", "**", "_", "__", "`", "``", "[", "]", "(", ")", "\\", "\n", "\\\n", "  \n", " ",
    "a", "word", "*a*", "**b**", "[t](https://e.com)", "[m](mailto:a@b.c)", "[j](javascript:x)",
    "https://x.y", "<", ">", "&", "\t", "\x00", "\r\n", "é",
]  # fmt: skip


def reference(markup: str) -> RichText:
    """Every token read in turn: a span per text token, then neighbours of one format joined."""
    spans: list[Span] = []
    style = Span("")
    for token in inline_parser().parseInline(markup)[0].children or ():
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


# to_markdown: what it writes parse() must read back as the same spans.


def spans_of(markdown: str) -> tuple[Span, ...]:
    return parse(markdown).spans


def normalised(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """Spans as parse() gives them: neighbours of one format joined, link targets as the
    parser normalises them."""
    out: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if span.href:
            span = replace(span, href=inline_parser().normalizeLink(span.href))
        if out and replace(out[-1], text="") == replace(span, text=""):
            out[-1] = replace(out[-1], text=out[-1].text + span.text)
        else:
            out.append(span)
    return tuple(out)


@pytest.mark.parametrize(
    ("source", "written"),
    [
        # The issue: one run of bold around a nested italic, closed once.
        ("**act now *before the renewal***", "**act now *before the renewal***"),
        ("*a **b** c*", "*a **b** c*"),
        ("***both*** and ***bold** then italic*", "***both*** and ***bold** then italic*"),
        # A run that closes next to one that opens gets the other marker.
        ("**a***b*", "**a**_b_"),
        ("re**Invent**ed", "re**Invent**ed"),
        ("*a*`code`**b**", "*a*`code`**b**"),
        # Links: opened once, inside emphasis or with emphasis inside.
        ("a **b [c](https://e.com) d** e", "a **b [c](<https://e.com>) d** e"),
        ("[a *b* c](https://e.com)", "[a *b* c](<https://e.com>)"),
        (
            "[**all bold**](https://e.com) and **[also bold](https://e.com)**",
            "[**all bold**](<https://e.com>) and [**also bold**](<https://e.com>)",
        ),
        # Spaces at the edge of a link's text: emphasis goes outside the link.
        ("**[ spaced ](https://e.com)**", "**[ spaced ](<https://e.com>)**"),
        ("[a](https://e.com)*[ b](https://e.com)*", "[a](<https://e.com>)*[ b](<https://e.com>)*"),
        # Code spans: a fence longer than the backticks inside, padded where needed.
        (
            "`` a`b ``, ```` ``x`` ````, `  a  `, ` `` `",
            "``a`b``, ``` ``x`` ```, `  a  `, ``` `` ```",
        ),
        # Markup characters in text are escaped.
        (
            "2 \\* 3, a\\_b, \\[x\\], \\`y\\`, back\\\\slash, <tag> #1 | x",
            "2 \\* 3, a\\_b, \\[x\\], \\`y\\`, back\\\\slash, \\<tag\\> \\#1 \\| x",
        ),
        ("Wow![a](https://e.com)", "Wow\\![a](<https://e.com>)"),
        # Hard line breaks, in plain text and in bold.
        ("one\\\ntwo, **bold\\\nbreak**", "one\\\ntwo, **bold\\\nbreak**"),
        # Link targets with spaces, parentheses and angle brackets.
        (
            "[a](<https://e.com/a b>) [b](https://e.com/(x)) [c](<https://e.com/\\<y\\>>)",
            "[a](<https://e.com/a%20b>) [b](<https://e.com/(x)>) [c](<https://e.com/%3Cy%3E>)",
        ),
    ],
)
def test_to_markdown_writes_markup_that_reads_back_the_same(source: str, written: str) -> None:
    text = parse(source)
    assert to_markdown(text) == written
    assert spans_of(written) == text.spans


@pytest.mark.parametrize(
    ("spans", "written", "read"),
    [
        # Runs that cross: one of them closes and opens again.
        (
            (Span("a", bold=True), Span("b", bold=True, italic=True), Span("c", italic=True)),
            "**a*b***_c_",
            None,
        ),
        (
            (Span("bold "), Span("both", True, True), Span(", italic", italic=True)),
            "bold ***both**, italic*",
            None,
        ),
        # A target as a program may give it; the parser percent-encodes it.
        (
            (Span("link", href="https://e.com/a b(c)<d>"),),
            "[link](<https://e.com/a b(c)\\<d\\>>)",
            (Span("link", href="https://e.com/a%20b(c)%3Cd%3E"),),
        ),
        # Whitespace at the edges of bold goes outside it: "** padded **" is not bold.
        (
            (Span(" padded ", bold=True),),
            " **padded** ",
            (Span(" "), Span("padded", bold=True), Span(" ")),
        ),
        (
            (Span("ends with a break\n", bold=True), Span("next")),
            "**ends with a break**\\\nnext",
            (Span("ends with a break", bold=True), Span("\nnext")),
        ),
        # Bold that no delimiter can open here ("x**(y)**" is not bold): its text is kept.
        ((Span("x"), Span("(y)", bold=True), Span("z")), "x(y)z", (Span("x(y)z"),)),
        # A code span holds no line break.
        ((Span("a\nb", code=True),), "`a b`", (Span("a b", code=True),)),
    ],
)
def test_to_markdown_writes_spans_as_near_as_markdown_holds_them(
    spans: tuple[Span, ...], written: str, read: tuple[Span, ...] | None
) -> None:
    assert to_markdown(RichText(spans, "")) == written
    assert spans_of(written) == (spans if read is None else read)


def _hard_to_compare(markup: str) -> bool:
    """Markup whose spans are no fair target: emphasis nested in its own kind (parse() keeps
    one flag per kind and drops it at the inner close, so ``*a _b_ c*`` reads " c" as plain),
    an empty link (it holds no text, yet lets a delimiter stand beside it), or spaces after a
    line break (the parser drops them after a written break)."""
    depth = {"em": 0, "strong": 0}
    tokens = inline_parser().parseInline(markup)[0].children or []
    for token, following in zip(tokens, [*tokens[1:], None], strict=True):
        kind, _, side = token.type.rpartition("_")
        if kind in depth:
            depth[kind] += 1 if side == "open" else -1
            if depth[kind] > 1:
                return True
        if token.type == "link_open" and following is not None and following.type == "link_close":
            return True
    return any(gap in parse(markup).plain for gap in ("\n ", "\n\t"))


@settings(max_examples=400, deadline=None)
@given(inline_markup)
def test_any_markup_reads_back_the_same_after_to_markdown(markup: str) -> None:
    assume(not _hard_to_compare(markup))
    text = parse(markup)
    assert spans_of(to_markdown(text)) == text.spans


@settings(max_examples=300, deadline=None)
@given(holdable_spans())
def test_spans_markdown_can_hold_read_back_the_same(spans: tuple[Span, ...]) -> None:
    assert spans_of(to_markdown(RichText(spans, ""))) == normalised(spans)


@settings(max_examples=300, deadline=None)
@given(any_spans)
def test_any_spans_keep_their_text_through_to_markdown(spans: tuple[Span, ...]) -> None:
    # Formatting Markdown cannot hold may go; the text stays, but for line breaks in code
    # (read as spaces) and spaces after a line break (which the parser may drop).
    text = "".join(span.text.replace("\n", " ") if span.code else span.text for span in spans)
    read = parse(to_markdown(RichText(spans, ""))).plain
    assert re.sub(r"\n[ \t]+", "\n", read) == re.sub(r"\n[ \t]+", "\n", text)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(holdable_spans(), any_spans, inline_markup.map(lambda markup: parse(markup).spans))
)
def test_the_quick_writer_writes_what_the_full_one_does(spans: tuple[Span, ...]) -> None:
    quick = _written_simply(spans)
    assume(quick is not None)
    assert quick == _written_fully(spans)


FLANKING_CHARACTERS = "a1é中 \t\n\xa0\u3000*_`[]().,!\\…€«"


@given(
    st.sampled_from(FLANKING_CHARACTERS),
    st.sampled_from(FLANKING_CHARACTERS),
    st.sampled_from("*_"),
)
def test_flanking_agrees_with_markdown_it(before: str, after: str, marker: str) -> None:
    assume(marker not in (before, after))  # a run reaches to the first other character
    state = StateInline(f"{before}{marker}{after}", inline_parser(), {}, [])
    scanned = state.scanDelims(1, marker == "*")
    assert _flanking(before, after, marker) == (scanned.can_open, scanned.can_close)


SOURCE = """\
briefing:
  title: Markup
  summary: "**act now *before the renewal*** or see [the *terms*](https://example.com/terms)"
tracks:
  - {id: t, name: Track}
sessions:
  - code: S1
    title: A session
    track: t
    key_points:
      - "**act now *before the renewal***"
      - "a **b [c](https://example.com/c) d** e, re**Invent**ed, `` a`b `` and 2 \\\\* 3"
"""


def test_the_md_build_writes_nested_markup_that_reads_back_the_same(tmp_path: Path) -> None:
    source = tmp_path / "markup.yaml"
    source.write_text(SOURCE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(source), "-f", "md", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "markup.md").read_text(encoding="utf-8").splitlines()
    data = yaml.safe_load(SOURCE)
    points = data["sessions"][0]["key_points"]
    start = lines.index("**Key points**") + 2
    for line, point in zip(lines[start : start + len(points)], points, strict=True):
        assert spans_of(line.removeprefix("- ")) == parse(point).spans
    summary = lines[lines.index("## Summary") + 2]
    assert spans_of(summary) == parse(data["briefing"]["summary"]).spans
