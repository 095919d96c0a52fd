"""Rich text written back as inline Markdown that reads back as the same rich text.

Bold, italic, code and links may nest and cross; CommonMark's rules for where ``*`` and ``_``
may open and close decide how each run of formatting is written, and markup-looking text is
escaped. Plain text takes a fast path.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache

from briefing.richtext import RichText, Span, inline_parser


def to_markdown(text: RichText) -> str:
    """Render rich text as inline Markdown that parse() reads back as the same spans.

    What Markdown cannot hold is written as near as it can be: whitespace at the edge of bold
    or italic goes outside the delimiters (``** a**`` is not bold), and bold or italic whose
    delimiters cannot open or close where they stand (``x**(y)**``) is left out, its text kept.
    """
    spans = text.spans
    if len(spans) == 1:
        only = spans[0]
        if not (only.code or only.bold or only.italic or only.href):
            return _escape(only.text)  # most text: one unformatted span
    simple = _written_simply(spans)
    if simple is not None:
        return simple  # most formatted text: a few bold or italic words
    return _written_fully(spans)


def _written_fully(spans: Iterable[Span]) -> str:
    """Any spans as Markdown: searched for a way to write them, emphasis given up if none."""
    prepared = _prepared(spans)
    while True:
        written = _search(prepared)
        if isinstance(written, str):
            return written
        # Each round takes formatting away, so this ends.
        prepared = _prepared(_without(prepared, written))


def _written_simply(spans: tuple[Span, ...]) -> str | None:
    """What the full writer writes, for the common shape: links without emphasis in or
    around them, bold and italic that nest without crossing, no closing run touching an
    opening one, and delimiters that pair as written. None for any other shape, and for
    spans that are not merged: the full writer takes those."""
    out: list[str] = []
    bold = italic = False
    bold_outside = True  # while both are open
    # How many delimiters the run that opened each open mark has.
    bold_with = italic_with = 0
    href: str | None = None  # of the open link
    before = " "  # the character written last; the start of the text reads as a space
    last: Span | None = None
    for index, span in enumerate(spans):
        if (
            not span.text
            or (span.code and "\n" in span.text)
            or (span.href and (span.bold or span.italic))
            or span.href == ""
        ):
            return None
        if last is not None and (last.bold, last.italic, last.code, last.href) == (
            span.bold,
            span.italic,
            span.code,
            span.href,
        ):
            return None
        last = span
        if href is not None and span.href != href:
            out.append(f"](<{_destination(href)}>)")
            before, href = ")", None
        piece = _code(span.text) if span.code else _escape(span.text)
        if span.href and span.href != href:
            piece = "[" + piece
            href = span.href
        closes_bold, closes_italic = bold and not span.bold, italic and not span.italic
        opens_bold, opens_italic = span.bold and not bold, span.italic and not italic
        opens = opens_bold or opens_italic
        delimiters = ""
        if closes_bold or closes_italic:
            if opens:
                return None
            if bold and italic and closes_bold != closes_italic and closes_bold == bold_outside:
                return None  # the outer one ends first: the runs cross
            delimiters = _closing(closes_bold, closes_italic)
        elif opens_bold and opens_italic:
            # The one that lasts longer opens first; bold when they end together.
            rest = spans[index + 1 :]
            bold_end = next((n for n, s in enumerate(rest) if not s.bold), len(rest))
            italic_end = next((n for n, s in enumerate(rest) if not s.italic), len(rest))
            bold_outside = bold_end >= italic_end
            delimiters = "***"
        elif opens:
            bold_outside = bold
            delimiters = "**" if opens_bold else "*"
        if delimiters:
            can_open, can_close = _flanking(before, piece[0], "*")
            if not (can_open if opens else can_close):
                return None  # it cannot do what it is written for
            if opens:
                # A run that can also close (inside a word) closes the open mark unless the
                # rule of 3 keeps them apart: lengths adding up to 3. One that closes here is
                # reached first by what it closes.
                open_with = bold_with if bold else italic_with if italic else 0
                if can_close and open_with and open_with + len(delimiters) != 3:
                    return None
                if opens_bold:
                    bold_with = len(delimiters)
                if opens_italic:
                    italic_with = len(delimiters)
        elif before == "!" and piece[0] == "[" and span.href:
            out[-1] = out[-1][:-1] + "\\!"  # "![" begins an image in CommonMark
        bold, italic = span.bold, span.italic
        out += (delimiters, piece)
        before = piece[-1]
    if href is not None:
        out.append(f"](<{_destination(href)}>)")
    elif bold or italic:
        can_open, can_close = _flanking(before, " ", "*")
        if not can_close:
            return None
        out.append(_closing(bold, italic))
    return "".join(out)


def _closing(bold: bool, italic: bool) -> str:
    if bold and italic:
        return "***"
    return "**" if bold else "*"


# How many ways of writing one text to try before leaving some emphasis out; hostile markup
# needs a handful, ordinary text the first.
_ATTEMPTS = 24


def _search(spans: list[Span]) -> str | list[_Delimiter]:
    """Markdown for the spans by the first plan, breadth first, whose delimiters all stand;
    failing that, the delimiters the plain plan could not place."""
    breaks = _link_breaks(spans) if any(span.href for span in spans) else None
    plain = _Plan(frozenset(breaks)) if breaks else _PLAIN
    markdown, delimiters = _write(spans, plain)
    culprit = _misplaced(markdown, delimiters)
    if culprit is None:
        return markdown  # most text: written the plain way
    queue = deque(plain.amended(culprit))
    seen = {plain, *queue}
    for _ in range(_ATTEMPTS):
        if not queue:
            break
        plan = queue.popleft()
        markdown, delimiters = _write(spans, plan)
        misplaced = _misplaced(markdown, delimiters)
        if misplaced is None:
            return markdown
        for amended in plan.amended(misplaced):
            if amended not in seen:
                seen.add(amended)
                queue.append(amended)
    return culprit


_BOLD, _ITALIC, _LINK = "bold", "italic", "link"
# CommonMark's whitespace (markdown-it's isWhiteSpace); a line break is written as "\\\n", so
# it is whitespace only where it ends a run.
_SPACES = "\t\n\v\f\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
_SPACES += "\u202f\u205f\u3000"
_SPACES_NOT_BREAK = _SPACES.replace("\n", "")


@dataclass(slots=True, eq=False)
class _Delimiter:
    """A bold or italic delimiter as written, the spans [start, stop) it marks, and what the
    writer could have done otherwise where it stands."""

    pos: int
    marker: str  # "*" or "_"
    size: int  # 2 for bold, 1 for italic
    opens: bool
    flag: str
    start: int
    stop: int = -1
    level: int = -1  # the number of the link whose text it stands in, or -1
    limit: int = -1  # the end of the link text it stands in: the parser reads no further
    enclosed: bool = False  # inside marks that go on past it
    clash: tuple[str, int] | None = None  # the run of its marker that closed just before it
    resumes: int | None = None  # where the run it goes on with began, if closed just before
    before_link: int | None = None  # the link it was closed for, to open again inside
    beside_link: int | None = None  # the link it stands next to, outside
    partner: _Delimiter | None = field(default=None, repr=False)  # what it opens or closes


@dataclass(frozen=True, slots=True)
class _Plan:
    """Choices that let delimiters stand where the plain way of writing cannot.

    The plain way opens "*" runs, "_" where a "*" run has just closed, opens a link once
    (but where bold or italic with a space at its edge must stand outside it) and puts
    emphasis that wraps a whole link outside it. For a delimiter that cannot stand,
    :meth:`amended` offers: one run that closes and opens (``**b***a*``, paired by the rule
    of 3); "_" for the run it had to differ from; the run it crossed opened inside it rather
    than outside; closing and opening again what encloses it, so that it stands next to
    punctuation; a link opened twice rather than emphasis; emphasis inside a link rather than
    around it; a link closed and opened again where emphasis inside it begins or ends.
    """

    breaks: frozenset[int] = frozenset()  # where a link closes and opens again
    merges: frozenset[int] = frozenset()  # where closing and opening runs touch
    underscored: frozenset[tuple[str, int]] = frozenset()  # runs as (flag, start)
    splits: frozenset[int] = frozenset()  # where every open mark starts anew
    outside: frozenset[int] = frozenset()  # links that emphasis stays outside of
    inside: frozenset[int] = frozenset()  # links that emphasis goes inside of

    def amended(self, run: list[_Delimiter]) -> Iterator[_Plan]:
        """Plans that each make one more choice about where this run stands."""
        for start in {d.start for d in run if d.clash} - self.merges:
            yield replace(self, merges=self.merges | {start})
        for clash in {d.clash for d in run if d.clash} - self.underscored:
            yield replace(self, underscored=self.underscored | {clash})
        splits = {d.resumes for d in run if d.resumes is not None}
        if any(d.enclosed for d in run):
            splits.add(_boundary(run[0]))
        for split in splits - self.splits:
            yield replace(self, splits=self.splits | {split})
        for link in {d.before_link for d in run if d.before_link is not None} - self.outside:
            yield replace(self, outside=self.outside | {link})
        for link in {d.beside_link for d in run if d.beside_link is not None} - self.inside:
            yield replace(self, inside=self.inside | {link})
        inside_link = [d for d in run if d.level >= 0]
        edges = {d.start for d in inside_link} | {d.stop for d in inside_link}
        for edge in edges - self.breaks:
            yield replace(self, breaks=self.breaks | {edge})


_PLAIN = _Plan()


def _prepared(spans: Iterable[Span]) -> list[Span]:
    """Spans as Markdown can hold them: merged, no empty ones, no edge spaces in emphasis."""
    merged = _merged(spans)
    if any(
        (span.bold or span.italic)
        and not span.href
        and (_starts_spaced(span) or _ends_spaced(span))
        for span in merged
    ):
        merged = _merged(_unflanked(_unflanked(merged, _BOLD), _ITALIC))
    return merged


def _merged(spans: Iterable[Span]) -> list[Span]:
    out: list[Span] = []
    for span in spans:
        text = span.text
        if not text:
            continue
        if span.code and "\n" in text:
            # A code span holds no line break: the parser reads one as a space.
            text = text.replace("\n", " ")
        href = span.href or None
        last = out[-1] if out else None
        if (
            last is not None
            and last.bold == span.bold
            and last.italic == span.italic
            and last.code == span.code
            and last.href == href
        ):
            out[-1] = Span(last.text + text, last.bold, last.italic, last.code, href)
        elif text is span.text and href is span.href:
            out.append(span)
        else:
            out.append(Span(text, span.bold, span.italic, span.code, href))
    return out


def _unflanked(spans: list[Span], flag: str) -> list[Span]:
    """Move whitespace at the edges of each bold (or italic) run out of it: ``** a**`` is
    not bold. Whitespace in a link's text stays, and the link goes inside the emphasis:
    ``**[ a](u)**`` is bold (see _link_breaks)."""
    out = list(spans)
    start = 0
    while start < len(out):
        if not getattr(out[start], flag):
            start += 1
            continue
        stop = start
        while stop < len(out) and getattr(out[stop], flag):
            stop += 1
        while start < stop:  # the run's leading whitespace
            span = out[start]
            if span.href or not _starts_spaced(span):
                break
            rest = span.text.lstrip(_SPACES_NOT_BREAK)
            outside = _unmarked(span, flag, span.text[: len(span.text) - len(rest)])
            if rest:
                out[start : start + 1] = [outside, replace(span, text=rest)]
                start += 1
                stop += 1
                break
            out[start] = outside
            start += 1
        while start < stop:  # and its trailing whitespace, line breaks too
            span = out[stop - 1]
            if span.href or not _ends_spaced(span):
                break
            rest = span.text.rstrip(_SPACES)
            outside = _unmarked(span, flag, span.text[len(rest) :])
            if rest:
                out[stop - 1 : stop] = [replace(span, text=rest), outside]
                break
            out[stop - 1] = outside
            stop -= 1
        start = stop + 1
    return out


def _unmarked(span: Span, flag: str, text: str) -> Span:
    """The span with other text and without bold (or italic)."""
    if flag == _BOLD:
        return Span(text, False, span.italic, span.code, span.href)
    return Span(text, span.bold, False, span.code, span.href)


def _link_breaks(spans: list[Span]) -> set[int]:
    """Where to close a link and open it again, so that bold or italic whose text in the link
    begins or ends with a space can stand outside it: ``[a](u)*[ b](u)*``."""
    breaks: set[int] = set()
    for flag in (_BOLD, _ITALIC):
        start = 0
        while start < len(spans):
            if not getattr(spans[start], flag):
                start += 1
                continue
            stop = start
            while stop < len(spans) and getattr(spans[stop], flag):
                stop += 1
            first, last = spans[start], spans[stop - 1]
            if (first.href and _starts_spaced(first)) or (last.href and _ends_spaced(last)):
                for edge in (start, stop):
                    inside = 0 < edge < len(spans) and spans[edge].href is not None
                    if inside and spans[edge - 1].href == spans[edge].href:
                        breaks.add(edge)
            start = stop
    return breaks


def _starts_spaced(span: Span) -> bool:
    return not span.code and span.text[0] in _SPACES_NOT_BREAK


def _ends_spaced(span: Span) -> bool:
    return not span.code and span.text[-1] in _SPACES


def _write(spans: list[Span], plan: _Plan) -> tuple[str, list[_Delimiter]]:
    """Write the spans, opening each link, bold and italic once and closing them in reverse."""
    ends: dict[str, list[int]] = {}  # filled when first needed: most text never needs it

    def end(mark: str, index: int) -> int:
        if not ends:
            ends.update(_run_ends(spans, plan.breaks))
        return ends[mark][index]

    plain = plan is _PLAIN
    out: list[str] = []
    size = 0
    stack: list[str] = []  # open marks, outermost first
    opened: dict[str, _Delimiter] = {}
    delimiters: list[_Delimiter] = []
    in_link: list[_Delimiter] = []
    href: str | None = None  # of the open link
    link_start = 0
    level = -1  # the number of the open link
    for index in range(len(spans) + 1):
        span = spans[index] if index < len(spans) else None
        if span is None:
            wanted: tuple[str, ...] = ()
            new_link = False
        else:
            wanted = _MARKS[span.href is not None, span.bold, span.italic]
            new_link = span.href is not None and (
                span.href != href or (not plain and index in plan.breaks)
            )
        keep = 0
        if stack:
            split = not plain and index in plan.splits
            for mark in stack:
                if split or mark not in wanted:
                    break
                if new_link and (
                    mark == _LINK
                    # A link is opened once: emphasis that ends inside it is closed before
                    # it, and opened again inside.
                    or (
                        index not in plan.outside
                        and (index in plan.inside or end(mark, index) < end(_LINK, index))
                    )
                ):
                    break
                keep += 1
        # The closing run written last, if nothing stands after it: what opens next must use
        # the other marker, or the two would be one run.
        after: _Delimiter | None = None
        after_link: int | None = None
        resumes: dict[str, int] = {}
        while len(stack) > keep:
            mark = stack.pop()
            if mark == _LINK:
                for delimiter in in_link:
                    delimiter.limit = size
                in_link = []
                piece = f"](<{_destination(href or '')}>)"
                href = None
                level = -1
                after, after_link = None, link_start
            else:
                opener = opened.pop(mark)
                opener.stop = index
                piece = opener.marker * opener.size
                closer = _Delimiter(
                    size, opener.marker, opener.size, False, mark, opener.start, index, level
                )
                closer.partner, opener.partner = opener, closer
                closer.enclosed = keep > 0
                closer.clash = opener.clash
                closer.beside_link = after_link
                if new_link and mark in wanted:
                    closer.before_link = index
                delimiters.append(closer)
                if href is not None:
                    in_link.append(closer)
                after = closer
                resumes[mark] = opener.start
            out.append(piece)
            size += len(piece)
        if span is None:
            break
        fresh = [mark for mark in wanted if mark not in stack] if stack else list(wanted)
        if len(fresh) > 1:
            # The mark that lasts longest is opened first, so that closes mirror opens. Of a
            # link and emphasis that end together the link goes outside, where its brackets
            # let the delimiters flank whatever stands around it, unless its text begins or
            # ends with a space, which only emphasis outside the link can hold.
            spaced = _LINK in fresh and _link_spaced(spans, index, end(_LINK, index))
            link_rank = -1 if index in plan.inside else 3 if spaced else 0
            rank = {_LINK: link_rank, _BOLD: 1, _ITALIC: 2}
            first = _LINK if index in plan.inside else None
            fresh.sort(key=lambda mark: (mark != first, -end(mark, index), rank[mark]))
        previous: _Delimiter | None = None
        for mark in fresh:
            if mark == _LINK:
                if out and out[-1].endswith("!"):
                    out[-1] = out[-1][:-1] + "\\!"  # "![" begins an image in CommonMark
                    size += 1
                if previous is not None:
                    previous.beside_link = index
                out.append("[")
                size += 1
                href = span.href
                link_start = level = index
                previous = None
            else:
                marker = "*" if plain or (mark, index) not in plan.underscored else "_"
                clash = None
                if after is not None and after.marker == marker:
                    clash = (after.flag, after.start)
                    if plain or index not in plan.merges:
                        marker = "*" if marker == "_" else "_"
                size_of = 2 if mark == _BOLD else 1
                opener = _Delimiter(size, marker, size_of, True, mark, index, -1, level)
                opener.enclosed = keep > 0
                opener.clash = clash
                opener.resumes = resumes.get(mark)
                opened[mark] = opener
                delimiters.append(opener)
                if href is not None:
                    in_link.append(opener)
                out.append(marker * size_of)
                size += size_of
                previous = opener
            after = None
            stack.append(mark)
        piece = _code(span.text) if span.code else _escape(span.text)
        out.append(piece)
        size += len(piece)
    return "".join(out), delimiters


# The marks of a span by (has a link, bold, italic), in the order they are checked.
_MARKS = {
    (link, bold, italic): ((_LINK,) if link else ())
    + ((_BOLD,) if bold else ())
    + ((_ITALIC,) if italic else ())
    for link in (False, True)
    for bold in (False, True)
    for italic in (False, True)
}


def _run_ends(spans: list[Span], breaks: frozenset[int]) -> dict[str, list[int]]:
    """For each mark and span, where the run of that mark holding the span ends."""
    count = len(spans)
    ends = {_BOLD: [0] * (count + 1), _ITALIC: [0] * (count + 1), _LINK: [0] * (count + 1)}
    bold, italic, link = ends[_BOLD], ends[_ITALIC], ends[_LINK]
    for index in range(count - 1, -1, -1):
        span = spans[index]
        following = spans[index + 1] if index + 1 < count else None
        bold[index] = bold[index + 1] if following and following.bold else index + 1
        italic[index] = italic[index + 1] if following and following.italic else index + 1
        same_link = (
            following
            and span.href is not None
            and following.href == span.href
            and index + 1 not in breaks
        )
        link[index] = link[index + 1] if same_link else index + 1
    return ends


def _link_spaced(spans: list[Span], start: int, stop: int) -> bool:
    return _starts_spaced(spans[start]) or _ends_spaced(spans[stop - 1])


def _misplaced(markdown: str, delimiters: list[_Delimiter]) -> list[_Delimiter] | None:
    """The delimiters of a run that would not read back as written, or None if all would."""
    runs: list[tuple[list[_Delimiter], bool, bool]] = []
    doubtful = False
    count = len(delimiters)
    index = 0
    while index < count:
        first = last = delimiters[index]
        run = [first]
        opens = closes = False
        while True:
            if last.opens:
                opens = True
            else:
                closes = True
            index += 1
            # Delimiters written side by side with one marker are one run to the parser.
            if index == count:
                break
            following = delimiters[index]
            if following.pos != last.pos + last.size or following.marker != last.marker:
                break
            run.append(following)
            last = following
        end = last.pos + last.size
        before = markdown[first.pos - 1] if first.pos else " "
        after = markdown[end] if end < (len(markdown) if last.limit < 0 else last.limit) else " "
        can_open, can_close = _flanking(before, after, first.marker)
        if (opens and not can_open) or (closes and not can_close):
            return run
        if can_open and can_close:
            doubtful = True
        runs.append((run, can_open, can_close))
    # Runs that each only open or only close pair up as written, since closes mirror opens.
    # One that can do both is paired by the nearest opener and the rule of 3 (emphasis
    # inside a word): let markdown-it pair them.
    return _mispaired(runs) if doubtful else None


def _mispaired(runs: list[tuple[list[_Delimiter], bool, bool]]) -> list[_Delimiter] | None:
    """The run to blame if markdown-it's pairing of the delimiters differs from the writer's."""
    # The emphasis rule's own pairing step, as of markdown-it-py 4: it reads only the list.
    from markdown_it.rules_inline import StateInline
    from markdown_it.rules_inline.balance_pairs import processDelimiters
    from markdown_it.rules_inline.state_inline import Delimiter

    # The parser pairs each link's text apart from the rest; it pairs single characters.
    levels: dict[int, list[Delimiter]] = {}
    owners: dict[int, list[tuple[_Delimiter, int]]] = {}
    for number, (run, can_open, can_close) in enumerate(runs):
        length = sum(delimiter.size for delimiter in run)
        for delimiter in run:
            level = levels.setdefault(delimiter.level, [])
            owned = owners.setdefault(delimiter.level, [])
            for offset in range(delimiter.size):
                level.append(
                    Delimiter(
                        ord(delimiter.marker),
                        length,
                        delimiter.pos + offset,  # adjacent characters are one run
                        -1,
                        can_open,
                        can_close,
                    )
                )
                owned.append((delimiter, number))
    wrong: list[_Delimiter] | None = None
    state = StateInline("", inline_parser(), {}, [])
    for key, level in levels.items():
        processDelimiters(state, level)
        owned = owners[key]
        for paired, (delimiter, _) in zip(level, owned, strict=True):
            if not delimiter.opens:
                continue
            if paired.end < 0:
                wrong = wrong or next(run for run, _, _ in runs if delimiter.partner in run)
                continue
            partner, number = owned[paired.end]
            if partner is not delimiter.partner:
                if partner.opens:
                    return runs[number][0]  # meant to open, it closed: the first thing to undo
                wrong = wrong or runs[number][0]
    return wrong


def _boundary(delimiter: _Delimiter) -> int:
    """The span before which the delimiter stands."""
    return delimiter.start if delimiter.opens else delimiter.stop


def _flanking(before: str, after: str, marker: str) -> tuple[bool, bool]:
    """Whether a delimiter run between two characters can open and close emphasis, by
    CommonMark's left- and right-flanking rules (markdown-it's scanDelims)."""
    ahead, behind = _kind(after), _kind(before)
    left = ahead != _WHITESPACE and (ahead != _PUNCTUATION or behind != _OTHER)
    right = behind != _WHITESPACE and (behind != _PUNCTUATION or ahead != _OTHER)
    if marker == "*":
        return left, right
    # "_" does not open or close inside a word.
    return (
        left and (not right or behind == _PUNCTUATION),
        right and (not left or ahead == _PUNCTUATION),
    )


_OTHER, _PUNCTUATION, _WHITESPACE = 0, 1, 2


@lru_cache(maxsize=4096)
def _kind(char: str) -> int:
    from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace

    if isWhiteSpace(ord(char)):
        return _WHITESPACE
    return _PUNCTUATION if isMdAsciiPunct(ord(char)) or isPunctChar(char) else _OTHER


def _without(spans: list[Span], delimiters: list[_Delimiter]) -> list[Span]:
    out = list(spans)
    for delimiter in delimiters:
        for index in range(delimiter.start, delimiter.stop):
            out[index] = _unmarked(out[index], delimiter.flag, out[index].text)
    return out


def _code(text: str) -> str:
    """A code span: a fence longer than any backtick run inside, padded where the content
    begins or ends with a backtick, or with spaces the parser would strip."""
    fence = "`"
    if "`" in text:
        fence = "`" * (max(len(run) for run in _BACKTICKS.findall(text)) + 1)
    pad = (
        text[0] == "`"
        or text[-1] == "`"
        or (text[0] == " " and text[-1] == " " and bool(text.strip(" ")))
    )
    return f"{fence} {text} {fence}" if pad else f"{fence}{text}{fence}"


_BACKTICKS = re.compile(r"`+")
# Inside <...> a link target ends at ">" and may not hold "<" or a line break.
_DESTINATION_SPECIAL = re.compile(r"[\\<>\n\r]")


def _destination(href: str) -> str:
    if not _DESTINATION_SPECIAL.search(href):
        return href
    return _DESTINATION_SPECIAL.sub(
        lambda m: {"\n": "%0A", "\r": "%0D"}.get(m[0], "\\" + m[0]), href
    )


# Characters that would read as Markdown; most text has none, and a search finds that
# faster than str.translate looks each character up. A line break becomes "\\\n", a hard
# break: a plain one would read as a space.
_MD_SPECIAL = re.compile(r"[\\`*_\[\]<>#|\n]")


def _escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\g<0>", text) if _MD_SPECIAL.search(text) else text
