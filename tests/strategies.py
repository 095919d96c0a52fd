"""Hypothesis strategies for whole sources (any Unicode, long words, empty and long lists) and
for inline markup."""

from __future__ import annotations

import string
from typing import Any

from hypothesis import strategies as st

from briefing.richtext import Span

# Scripts and symbols that break naive layouts: RTL, CJK, combining marks, emoji, ZWJ.
SAMPLES = [
    "Ελληνικά", "Кириллица", "العربية", "עברית", "中文字符", "日本語のテキスト", "한국어",
    "e\u0301\u0302", "👩‍💻🚀", "ﬁ ligature", "\u200b", "Ｆｕｌｌｗｉｄｔｈ",
]  # fmt: skip

any_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=60
)
long_word = st.integers(min_value=120, max_value=300).map(lambda n: "W" * n)
long_url = st.integers(min_value=200, max_value=300).map(
    lambda n: "https://example.com/" + "a" * (n - 20)
)
sample_text = st.sampled_from(SAMPLES)
plain = st.text(alphabet=string.ascii_letters + " ", min_size=1, max_size=40).filter(str.strip)


def _nonblank(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    # A value that is only whitespace or only control characters is (rightly) rejected as empty.
    return strategy.filter(lambda s: any(c.isprintable() and not c.isspace() for c in s))


text = _nonblank(
    st.one_of(any_text, sample_text, long_word, plain, long_url.map(lambda u: f"[x]({u})"))
)
# Names (a track's) must be on one line; the rest of the text may break lines.
one_line = text.filter(lambda s: "\n" not in s.strip())
markup = st.one_of(
    text,
    st.tuples(plain, plain).map(lambda p: f"**{p[0]}** and *{p[1]}*"),
    plain.map(lambda p: f"`{p}`"),
)
numbers = st.one_of(
    st.integers(min_value=-(10**18), max_value=10**18),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300),
)
units = st.one_of(st.none(), st.sampled_from(["%", "k", "million", "ms", "x", "€", "月"]))


@st.composite
def sources(draw: st.DrawFn) -> dict[str, Any]:
    """A valid source document (as plain data) exercising the whole format."""
    track_count = draw(st.integers(min_value=1, max_value=3))
    tracks = [
        {
            "id": f"t{i}",
            "name": draw(one_line),
            **({"summary": draw(markup)} if draw(st.booleans()) else {}),
        }
        for i in range(track_count)
    ]
    session_count = draw(st.integers(min_value=1, max_value=4))
    sessions = []
    for i in range(session_count):
        session: dict[str, Any] = {
            "code": f"S{i}{draw(st.sampled_from(['', '101', '404-R', '15']))}",
            "title": draw(
                st.one_of(text, st.integers(180, 200).map(lambda n: ("Long title " * 20)[:n]))
            ),
            "track": f"t{draw(st.integers(0, track_count - 1))}",
        }
        optional: dict[str, st.SearchStrategy[Any]] = {
            "speakers": st.lists(text, max_size=6),
            "summary": markup,
            "key_points": st.lists(markup, max_size=18),
            "stats": st.lists(
                st.fixed_dictionaries({"value": numbers, "label": text}, optional={"unit": units}),
                max_size=4,
            ),
            "takeaways": st.lists(markup, max_size=5),
            "relevance": markup,
            "video": st.one_of(long_url, st.just("https://example.com/v?x=1&y=<2>")),
            "links": st.lists(st.fixed_dictionaries({"label": text, "url": long_url}), max_size=3),
            "tags": st.lists(plain.map(str.strip), max_size=3),
            "notes": markup,
        }
        for key, strategy in optional.items():
            if draw(st.booleans()):
                session[key] = draw(strategy)
        sessions.append(session)
    used = {s["track"] for s in sessions}
    tracks = [t for t in tracks if t["id"] in used]
    return {
        "briefing": {"title": draw(text), "summary": draw(markup)},
        "tracks": tracks,
        "sessions": sessions,
    }


# Inline markup pieces, hostile ones among them: joined at random they make nestings, runs
# of delimiters inside and between words, links inside emphasis and emphasis inside links.
MARKUP_PIECES = [
    "*", "**", "***", "_", "__", "`", "``", "[", "]", "(", ")", "\\", "\\\n", "  \n", " ",
    "\t", "a", "word", "é", "!", ".", "<", ">", "&", "#", "|", "*a*", "**b**", "***c***", "_x_",
    "__y__", "`c`", "`` a`b ``", "` `` `", "\\*", "\\_", "a_b", "*a **b** c*", "**a *b* c**",
    "[t](https://e.com)", "[m](mailto:a@b.c)", "[**a**](https://e.com)", "[ a ](https://e.com)",
    "**[a](https://e.com)**", "[a](<https://e.com/a b>)", "[a](https://e.com/(x))",
    "[a](<https://e.com/\\<x\\>>)", "](https://e.com)", "(https://x.y)",
]  # fmt: skip
inline_markup = st.lists(st.sampled_from(MARKUP_PIECES), min_size=1, max_size=14).map("".join)

# Spans that Markdown can hold, built as words: each word one or more parts, a part being
# text that begins and ends with a letter (markup characters, spaces and line breaks inside)
# or a code span; bold, italic or a link over a whole word, bold or italic over single parts;
# whitespace between words. So every delimiter has a space or a letter beside it.
_INSIDE = "ab*_`[]()\\<>!&#|.,:é \n"
_LETTERS = "abXé1"
LINK_TARGETS = [
    "https://e.com", "https://e.com/a_(b)", "https://e.com/?q=<x>", "mailto:a@b.c",
    "https://e.com/a b",
]  # fmt: skip
_word_text = st.builds(
    lambda first, middle, last: first + middle + last,
    st.sampled_from(_LETTERS),
    st.text(_INSIDE, max_size=5),
    st.sampled_from(_LETTERS),
).filter(lambda text: "\n " not in text)  # a line break eats the spaces after it
_code_text = st.text(_INSIDE.replace("\n", ""), min_size=1, max_size=6)
_part = st.one_of(
    st.tuples(_word_text, st.booleans(), st.booleans(), st.just(False)),
    st.tuples(_code_text, st.just(False), st.just(False), st.just(True)),
)


@st.composite
def _word(draw: st.DrawFn) -> list[Span]:
    bold, italic = draw(st.booleans()), draw(st.booleans())
    href = draw(st.one_of(st.none(), st.sampled_from(LINK_TARGETS)))
    return [
        Span(text, bold or part_bold, italic or part_italic, code, href)
        for text, part_bold, part_italic, code in draw(st.lists(_part, min_size=1, max_size=4))
    ]


@st.composite
def holdable_spans(draw: st.DrawFn) -> tuple[Span, ...]:
    """Spans, not merged, that some inline Markdown reads as exactly these (once merged)."""
    spans: list[Span] = []
    for index, word in enumerate(draw(st.lists(_word(), min_size=1, max_size=4))):
        if index:
            spans.append(Span(draw(st.sampled_from([" ", "  ", " \n", "\t", " - "]))))
        spans += word
    return tuple(spans)


# Spans as a program may build them: any formatting over any text, empty spans, unmerged
# neighbours, an empty link target; much of it Markdown cannot hold as it is.
any_spans = st.lists(
    st.builds(
        Span,
        st.text(_INSIDE + "\t", max_size=6),
        st.booleans(),
        st.booleans(),
        st.booleans(),
        st.one_of(st.none(), st.just(""), st.sampled_from(LINK_TARGETS)),
    ),
    max_size=7,
).map(tuple)
