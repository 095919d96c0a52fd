"""Sources read and written with ruamel.yaml's round trip, so that comments, key order, quoting
and indentation stay as the user wrote them. The only code that touches ruamel.yaml's comment
records (written for ruamel.yaml 0.19)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString
from ruamel.yaml.tokens import CommentToken
from ruamel.yaml.util import load_yaml_guess_indent

from briefing.errors import Location, Problem, SourceError

# Long lines the user wrote stay as they are; new long texts are folded at this column.
_NEVER_WRAP = 4096
FOLD_AT = 96


@dataclass(frozen=True)
class Style:
    """How a file indents: mappings, sequence items, and the dash within the item's indent."""

    mapping: int = 2
    sequence: int = 4
    offset: int = 2

    @property
    def item_column(self) -> int:
        """The column of a top-level list item's keys (a session's code:, title:, ...)."""
        return self.sequence


def _yaml(style: Style) -> YAML:
    yaml = YAML(typ="rt")
    yaml.indent(mapping=style.mapping, sequence=style.sequence, offset=style.offset)
    yaml.width = _NEVER_WRAP
    yaml.preserve_quotes = True
    return yaml


def load(text: str, name: str) -> tuple[CommentedMap, Style]:
    """A source as round-trip data, and the indentation it uses."""
    try:
        data, sequence, offset = load_yaml_guess_indent(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise SourceError([Problem(Location(name, line, column), str(exc.problem))]) from None
    except YAMLError as exc:
        raise SourceError([Problem(Location(name, 1, 1), f"invalid YAML: {exc}")]) from None
    if not isinstance(data, CommentedMap):
        raise SourceError([Problem(Location(name, 1, 1), "expected a mapping of keys")])
    sequence = sequence or 2
    offset = offset or 0
    mapping = sequence - offset if sequence > offset else sequence
    return data, Style(mapping, sequence, offset)


def dump(data: CommentedMap, style: Style) -> str:
    out = io.StringIO()
    _yaml(style).dump(data, out)
    return out.getvalue()


def flow_map(items: dict[str, Any]) -> CommentedMap:
    mapping = CommentedMap(items)
    mapping.fa.set_flow_style()
    return mapping


def flow_seq(items: Sequence[Any]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def text(value: str, column: int) -> str:
    """A text to write at ``column``: long or multi-paragraph ones folded (>-) at spaces, so
    that the file stays readable; the value read back is the same."""
    if "\n" not in value and column + len(value) <= FOLD_AT:
        return value
    folded = FoldedScalarString(value)
    breaks = []
    start = 0
    for index, char in enumerate(value):
        if char == "\n":
            start = index + 1
        elif char == " " and index - start > FOLD_AT - column and _foldable(value, index):
            breaks.append(index)
            start = index + 1
    folded.fold_pos = breaks  # where ruamel.yaml breaks the lines
    return cast(str, folded)


def _foldable(value: str, index: int) -> bool:
    """A line may be folded at a single space between two words."""
    return 0 < index < len(value) - 1 and value[index - 1] != " " and value[index + 1] != " "


def comment_below(mapping: CommentedMap, key: str, lines: Sequence[str], column: int) -> None:
    """Comment lines right below the value of ``key``, at ``column``."""
    if not lines:
        return
    text = "".join(f"{' ' * column}# {line}".rstrip() + "\n" for line in lines)
    mapping.ca.items[key] = [None, None, CommentToken("\n" + text, CommentMark(column)), None]


def append(seq: CommentedSeq, item: Any) -> None:
    """Add ``item`` at the end of ``seq``. Comments that followed the old last item stay with
    it, above the new one."""
    trailing = seq.ca.end or []
    seq.append(item)  # CommentedSeq.insert moves the comments of later items along
    if trailing:
        seq.ca.items[len(seq) - 1] = [None, list(trailing), None, None]
        seq.ca.end = []


def remove(mapping: CommentedMap, key: str) -> None:
    """Delete ``key``; comment lines below its value move to the key before it."""
    keys = list(mapping.keys())
    position = keys.index(key)
    below = _below(mapping, key)
    mapping.ca.items.pop(key, None)
    del mapping[key]
    if below and position > 0:
        _add_below(mapping, keys[position - 1], below)


def put(mapping: CommentedMap, key: str, value: Any, order: Sequence[str]) -> None:
    """Set ``key``: in place when present, else after the nearest key before it in ``order``.
    Comment lines below a block list stay below the list that replaces it."""
    if key in mapping:
        old = mapping[key]
        if isinstance(old, CommentedSeq) and isinstance(value, CommentedSeq):
            _carry_comments(old, value)
        mapping[key] = value
        return
    before = order[: order.index(key)]
    keys = list(mapping.keys())
    position = 0
    for index, existing in enumerate(keys):
        if existing in before:
            position = index + 1
    mapping.insert(position, key, value)


def _carry_comments(old: CommentedSeq, new: CommentedSeq) -> None:
    """The comments of a list the import replaces, kept in the new one: those before an item
    stay before the item at that place, the rest go to its end."""
    end = []
    for index, record in sorted(old.ca.items.items()):
        if index < len(new):
            new.ca.items[index] = record
        elif record and record[1]:
            end += record[1]
    end += old.ca.end or []
    if end:
        # ruamel.yaml writes a list's end comments only when it has a comment record.
        new.ca.comment = new.ca.comment or [None, None]
        new.ca.end = end


def _below(mapping: CommentedMap, key: str) -> list[str]:
    """The comment lines below the value of ``key``, indented as they are (its own end-of-line
    comment, which goes with it, left out)."""
    lines: list[str] = []
    record = mapping.ca.items.get(key)
    token = record[2] if record and len(record) > 2 else None
    if token is not None and "\n" in token.value:
        lines += token.value.split("\n", 1)[1].splitlines()
    value = mapping[key]
    if isinstance(value, CommentedSeq | CommentedMap):
        for item in value.ca.end or []:
            lines += [" " * item.start_mark.column + line for line in item.value.splitlines()]
    return [line for line in lines if line.strip()]


def _add_below(mapping: CommentedMap, key: str, lines: list[str]) -> None:
    value = mapping[key]
    if isinstance(value, CommentedSeq | CommentedMap) and not value.fa.flow_style():
        for line in lines:
            column = len(line) - len(line.lstrip())
            value.yaml_end_comment_extend([CommentToken(line.lstrip() + "\n", CommentMark(column))])
        return
    entry = mapping.ca.items.setdefault(key, [None, None, None, None])
    text = "".join(line + "\n" for line in lines)
    if entry[2] is None:
        entry[2] = CommentToken("\n" + text, CommentMark(0))
    else:
        entry[2].value = entry[2].value + text
