"""Safe YAML loading that remembers where every key and value stood in the file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from briefing import heap
from briefing.errors import Location, Problem, SourceError

MAX_BYTES = 10 * 1024 * 1024
# Aliases may repeat a node, but a document may not grow past this many values when expanded.
MAX_EXPANDED_NODES = 2_000_000
MAX_ALIAS_GROWTH = 10

Path_ = tuple[str | int, ...]
_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Safe loading that reads plain scalars as YAML 1.2's core schema does.

    PyYAML resolves YAML 1.1 forms: ``1:30`` is 90, ``012`` is 10, ``no`` is False and ``1e6``
    is text. Under YAML 1.2 only true/false are booleans, and numbers are written in decimal.
    """

    yaml_implicit_resolvers: ClassVar[dict[str | None, list[tuple[str, re.Pattern[str]]]]] = {}


for _tag_name, _pattern, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
    ("merge", r"^<<$", "<"),
):
    _Loader.add_implicit_resolver(
        f"tag:yaml.org,2002:{_tag_name}", re.compile(_pattern), list(_first)
    )
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
# Characters XML 1.0 cannot hold: they would make a .pptx or .docx that Office refuses to open.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


@dataclass
class Document:
    """Plain data loaded from a YAML file, and the position of each key and value in it."""

    path: str
    data: Any
    values: dict[Path_, int] = field(default_factory=dict)
    keys: dict[Path_, int] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def location(self, path: Path_, *, key: bool = False) -> Location:
        """Where ``path`` stands; the nearest enclosing value when it is not in the file."""
        table = self.keys if key else self.values
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in table:
                return self._at(table[prefix])
            if prefix in self.values:
                return self._at(self.values[prefix])
        return Location(self.path, 1, 1)

    def _at(self, position: int) -> Location:
        line, column = divmod(position, _LINE)
        return Location(self.path, line, column)


# Positions are kept as one int, line * _LINE + column: a Location for each of a large
# source's hundreds of thousands of values would cost more than the rest of the loading.
_LINE = 1 << 32


def load(path: Path, shown: str | None = None) -> Document:
    """Load ``path`` as plain data; raise SourceError with located problems when it is unusable."""
    name = shown or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _fail(
                name, 1, 1, f"the file is {size / 2**20:.1f} MiB; sources are limited to 10 MiB"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _fail(name, 1, 1, "no such file; check the path") from None
    except IsADirectoryError:
        raise _fail(name, 1, 1, "this is a folder, not a YAML file") from None
    except OSError as exc:
        raise _fail(name, 1, 1, f"cannot read the file: {exc.strerror or exc}") from None
    return loads(raw, name)


def loads(raw: bytes, name: str) -> Document:
    """Parse YAML bytes as plain data with positions."""
    if len(raw) > MAX_BYTES:
        raise _fail(name, 1, 1, "the text is larger than 10 MiB; sources are limited to 10 MiB")
    text = decode(raw, name)
    if not text.strip():
        raise _fail(
            name, 1, 1, "the file is empty; start from the template that `briefing new` writes"
        )
    with heap.paused():
        return _compose_and_build(text, name)


def _compose_and_build(text: str, name: str) -> Document:
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        line, col, message = explain(exc, text)
        raise _fail(name, line, col, message) from None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = exc.position - (before.rfind("\n") + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise _fail(
            name,
            line,
            column,
            f"the control character U+{code:04X} cannot appear in a source; delete it",
        ) from None
    except yaml.YAMLError as exc:
        raise _fail(name, 1, 1, f"invalid YAML: {exc}") from None
    if root is None:
        raise _fail(name, 1, 1, "the file holds only comments; it needs a 'briefing:' mapping")
    _check_expansion(root, name)
    builder = _Builder(name)
    data = builder.build(root, ())
    if builder.problems:
        raise SourceError(builder.problems)
    return Document(name, data, builder.values, builder.keys, builder.warnings)


def decode(raw: bytes, name: str) -> str:
    """UTF-8 text (a byte order mark is allowed), or a located problem."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise _fail(
            name,
            line,
            column,
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it with UTF-8 encoding",
        ) from None


def explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """Where a YAML syntax error really is, what is wrong in plain words, and how to fix it."""
    problem = exc.problem or exc.context or ""
    context = exc.context or ""
    lines = text.splitlines()
    at = exc.problem_mark or exc.context_mark
    start = exc.context_mark or at

    def place(mark: Any) -> tuple[int, int]:
        return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)

    def char(mark: Any) -> str:
        if mark is None or mark.line >= len(lines):
            return ""
        row = lines[mark.line]
        return row[mark.column] if mark.column < len(row) else ""

    if "tab" in problem or ("cannot start any token" in problem and char(at) == "\t"):
        return (
            *place(at),
            "a tab is used to indent this line; YAML indents with spaces only: "
            "replace the tab with spaces",
        )
    if "cannot start any token" in problem:
        found = char(at)
        return (*place(at), f"unquoted text cannot start with {found!r}; put the value in quotes")
    if "another document" in problem:
        return (
            *place(exc.problem_mark),
            "a second YAML document starts here ('---'); a source "
            "holds one briefing: delete this line, or move what follows into a file of its own",
        )
    if "quoted scalar" in context and "end of stream" in problem:
        quote = char(exc.context_mark) or '"'
        return (
            *place(exc.context_mark),
            f"this quote ({quote}) is never closed; add the closing {quote} where the text ends",
        )
    if "quoted scalar" in context and ("escape" in problem or "hexdecimal" in problem):
        line, col = place(exc.problem_mark)
        row = lines[line - 1] if line - 1 < len(lines) else ""
        backslash = row.rfind("\\", 0, col)
        return (
            line,
            backslash + 1 if backslash >= 0 else col,
            "a backslash in double quotes "
            "starts an escape such as \\n; write \\\\ for a backslash, or use single quotes",
        )
    if "mapping values are not allowed" in problem:
        line, col = place(at)
        row = lines[line - 1] if line - 1 < len(lines) else ""
        if line > 1 and re.fullmatch(r"\s*[\w.-]+", row[: col - 1]):
            indent = len(row) - len(row.lstrip(" "))
            return (
                line,
                indent + 1,
                "this key is indented more than the key above it; give "
                "the keys of one mapping the same indentation",
            )
        return (
            line,
            col,
            "': ' inside unquoted text reads as a new key; put the whole text in quotes",
        )
    if "expected key" in problem and exc.problem_mark is not None:
        if exc.context_mark is not None and exc.context_mark.line == exc.problem_mark.line:
            return (
                *place(exc.problem_mark),
                "text follows the closing quote; put the whole value in one pair of quotes",
            )
        return (
            *place(exc.problem_mark),
            "this line does not line up with the keys above it; "
            "give the keys of one mapping the same indentation",
        )
    if "expected ':'" in problem:
        return (
            *place(start),
            "this line is neither 'key: value' nor '- item'; add ': ' after "
            "the key, or indent it as the continuation of the line above",
        )
    if "'-' indicator" in problem:
        return (
            *place(exc.problem_mark),
            "this line is inside a list but is not an item; start "
            "it with '- ', or indent it under the item above",
        )
    if "flow sequence" in context or "flow mapping" in context:
        bracket = char(exc.context_mark) or "["
        close = "]" if bracket == "[" else "}"
        return (
            *place(exc.context_mark),
            f"this '{bracket}' opens a list that is never closed; "
            f"add '{close}', or put text that starts with '{bracket}' in quotes",
        )
    if "undefined alias" in problem or "alias" in context or "anchor" in context:
        found = char(at) or "*"
        return (
            *place(at),
            f"text starting with '{found}' reads as a YAML alias or anchor; put "
            "the value in quotes",
        )
    return (
        *place(at),
        f"invalid YAML: {problem or 'malformed'}; check the quotes, colons and "
        "indentation of this line",
    )


def _check_expansion(root: Node, name: str) -> None:
    """Refuse alias bombs before building anything: count values as if aliases were copies."""
    if _plain_tree(root):
        return
    sizes: dict[int, int] = {}
    active: set[int] = set()
    unique = 0

    def size(node: Node) -> int:
        nonlocal unique
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            mark = node.start_mark
            raise _fail(name, mark.line + 1, mark.column + 1, "a YAML alias refers to itself")
        active.add(key)
        unique += 1
        total = 1
        if isinstance(node, SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        active.discard(key)
        sizes[key] = total
        if total > MAX_EXPANDED_NODES:
            mark = node.start_mark
            raise _fail(
                name,
                mark.line + 1,
                mark.column + 1,
                "YAML aliases expand to more than 2,000,000 values; refusing to load "
                "(repeat the text instead of nesting aliases)",
            )
        return total

    total = _iterative_size(root, size, name)
    if total > MAX_ALIAS_GROWTH * unique and total > 100_000:
        raise _fail(
            name,
            1,
            1,
            f"YAML aliases expand {unique:,} values into {total:,}; refusing to load "
            "(repeat the text instead of nesting aliases)",
        )


def _plain_tree(root: Node) -> bool:
    """True when no node is reached twice (no aliases), nothing is nested deeper than 64
    levels and there are at most MAX_EXPANDED_NODES values: such a tree cannot fail the
    checks below, which need not run then. Scalars, most of a source, are not stacked."""
    seen: set[int] = set()
    stack: list[tuple[Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > 64 or id(node) in seen:
            return False
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            children = node.value
        elif isinstance(node, MappingNode):
            children = [child for pair in node.value for child in pair]
        else:
            continue
        for child in children:
            if isinstance(child, ScalarNode):
                if depth >= 64 or id(child) in seen:
                    return False
                seen.add(id(child))
            else:
                stack.append((child, depth + 1))
    return len(seen) <= MAX_EXPANDED_NODES


def _iterative_size(root: Node, size: Any, name: str) -> int:
    # Deeply nested documents would overflow the recursion limit; sources are shallow,
    # so anything deeper than this is refused as malformed.
    depth = _depth(root)
    if depth > 64:
        mark = root.start_mark
        raise _fail(
            name,
            mark.line + 1,
            mark.column + 1,
            "the document is nested more than 64 levels deep; sources need at most 5",
        )
    return int(size(root))


def _depth(root: Node) -> int:
    deepest = 0
    stack: list[tuple[Node, int]] = [(root, 1)]
    seen: set[int] = set()
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        deepest = max(deepest, depth)
        if deepest > 64:
            return deepest
        if isinstance(node, SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, MappingNode):
            for k, v in node.value:
                stack.append((k, depth + 1))
                stack.append((v, depth + 1))
    return deepest


def _tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!", 1)


class _Builder:
    """Turn composed YAML nodes into plain data, recording positions and problems."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.values: dict[Path_, int] = {}
        self.keys: dict[Path_, int] = {}
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self._scalars = SafeConstructor()

    def here(self, node: Node) -> Location:
        return Location(self.name, node.start_mark.line + 1, node.start_mark.column + 1)

    @staticmethod
    def _position(node: Node) -> int:
        mark = node.start_mark
        return (mark.line + 1) * _LINE + mark.column + 1

    def problem(self, node: Node, message: str) -> None:
        self.problems.append(Problem(self.here(node), message))

    def build(self, node: Node, path: Path_) -> Any:
        if path not in self.values:
            self.values[path] = self._position(node)
        if isinstance(node, MappingNode):
            if node.tag != _MAP:
                self.problem(
                    node, f"the tag {_tag(node.tag)} is not allowed; sources hold plain data only"
                )
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                self.problem(
                    node, f"the tag {_tag(node.tag)} is not allowed; sources hold plain data only"
                )
            return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: Node) -> Any:
        if node.tag == _STR:
            # What SafeConstructor makes of a plain string, without its bookkeeping.
            value: Any = node.value
        elif node.tag not in _SCALAR_TAGS:
            self.problem(
                node, f"the tag {_tag(node.tag)} is not allowed; sources hold plain data only"
            )
            return None
        elif node.tag in _CORE:
            value = _CORE[node.tag](node.value)
            if isinstance(value, _Refused):
                self.problem(node, value.message)
                return None
        else:
            try:
                value = self._scalars.construct_object(node, deep=True)
            except (ConstructorError, ValueError, OverflowError) as exc:
                self.problem(node, f"cannot read this value: {getattr(exc, 'problem', exc)}")
                return None
            finally:
                self._scalars.constructed_objects.clear()
        if isinstance(value, str) and _XML_FORBIDDEN.search(value):
            found = sorted({f"U+{ord(c):04X}" for c in _XML_FORBIDDEN.findall(value)})
            self.warnings.append(
                Problem(
                    self.here(node),
                    f"removed {', '.join(found)}: control characters cannot appear in documents",
                )
            )
            value = _XML_FORBIDDEN.sub("", value)
        return value

    def _mapping(self, node: MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Node] = {}
        pairs = node.value
        if any(key_node.tag == _MERGE for key_node, _ in pairs):
            pairs = self._flatten(node)
        for key_node, value_node in pairs:
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                self.problem(key_node, "keys must be plain words, e.g. title:")
                continue
            key = self._scalar(key_node)
            if not isinstance(key, str):
                key = str(key).lower() if isinstance(key, bool) or key is None else str(key)
            if key in first_seen:
                line = first_seen[key].start_mark.line + 1
                self.problem(
                    key_node,
                    f"duplicate key {key!r} (first given on line {line}); remove one of them",
                )
                continue
            first_seen[key] = key_node
            where = (*path, key)
            self.keys[where] = self._position(key_node)
            result[key] = self.build(value_node, where)
        return result

    def _flatten(self, node: MappingNode) -> list[tuple[Node, Node]]:
        """The mapping's pairs, with YAML merge keys (<<: *anchor) expanded in place."""
        pairs: list[tuple[Node, Node]] = []
        merged: list[tuple[Node, Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                sources = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
                for source in sources:
                    if isinstance(source, MappingNode):
                        merged.extend(self._flatten(source))
                    else:
                        self.problem(source, "a merge key (<<) needs a mapping or list of mappings")
            else:
                pairs.append((key_node, value_node))
        own = {k.value for k, _ in pairs if isinstance(k, ScalarNode)}
        return pairs + [
            (k, v) for k, v in merged if not (isinstance(k, ScalarNode) and k.value in own)
        ]


@dataclass(frozen=True)
class _Refused:
    """A scalar that reads differently in YAML 1.1 and 1.2, or not at all: why, and the fix."""

    message: str


_LEADING_ZERO = re.compile(r"[-+]?0[0-9]+")
_DECIMAL = re.compile(r"[-+]?[0-9]+")
_RADIX = re.compile(r"[-+]?0([xXoObB])[0-9a-fA-F_]+")


def _int(text: str) -> int | _Refused:
    """A YAML 1.2 integer, written in decimal; forms that YAML 1.1 reads otherwise are refused."""
    text = text.strip()
    if _LEADING_ZERO.fullmatch(text):
        number = int(text)
        octal = (
            f"the octal number {int(text, 8)}" if not set("89") & set(text) else "an octal number"
        )
        return _Refused(
            f"{text} has a leading zero: YAML 1.1 reads it as {octal}, YAML 1.2 as {number}; "
            f'write {number}, or quote it ("{text}") if it is text such as a code'
        )
    if _DECIMAL.fullmatch(text):
        return int(text)
    radix = _RADIX.fullmatch(text)
    if radix:
        base = {"x": "a hexadecimal", "o": "an octal", "b": "a binary"}[radix[1].lower()]
        try:
            decimal = f" ({int(text.replace('_', ''), 0)})"
        except ValueError:
            decimal = ""
        return _Refused(
            f"{text} is {base} number; write it in decimal{decimal}, "
            f'or quote it ("{text}") if it is text'
        )
    return _Refused(f"cannot read {text!r} as a whole number; write digits only, e.g. 42")


def _float(text: str) -> float | _Refused:
    """A YAML 1.2 float: 2.5, .5, 1e6, -1.0E-3, .inf, .nan."""
    text = text.strip()
    lowered = text.lower()
    if lowered.lstrip("+-") == ".inf":
        return float("-inf") if lowered.startswith("-") else float("inf")
    if lowered == ".nan":
        return float("nan")
    try:
        return float(text)
    except ValueError:
        return _Refused(f"cannot read {text!r} as a number; write it as 2.5, 0.5 or 1.0e6")


def _bool(text: str) -> bool | _Refused:
    lowered = text.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    return _Refused(f"cannot read {text!r} as true or false")


_CORE: dict[str, Any] = {
    "tag:yaml.org,2002:int": _int,
    "tag:yaml.org,2002:float": _float,
    "tag:yaml.org,2002:bool": _bool,
    "tag:yaml.org,2002:null": lambda text: None,
}


def _fail(name: str, line: int, column: int, message: str) -> SourceError:
    return SourceError([Problem(Location(name, line, column), message)])
