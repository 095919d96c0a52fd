"""YAML loading: positions of keys and values, and aliases expanded like copies, whether a
document takes the plain-tree shortcut or the full alias check."""

from __future__ import annotations

import gc

import pytest

from briefing.errors import SourceError
from briefing.yamlfile import loads


def test_positions_of_keys_and_values() -> None:
    document = loads(b"title: T\nitems:\n  - a\n  - {k: 1}\n", "f.yaml")
    assert document.data == {"title": "T", "items": ["a", {"k": 1}]}
    assert str(document.location(("title",))) == "f.yaml:1:8"
    assert str(document.location(("title",), key=True)) == "f.yaml:1:1"
    assert str(document.location(("items", 1, "k"))) == "f.yaml:4:9"
    assert str(document.location(("items", 1, "k"), key=True)) == "f.yaml:4:6"
    # Not in the file: the nearest enclosing value.
    assert str(document.location(("items", 1, "missing"))) == "f.yaml:4:5"


def test_aliases_and_merge_keys_expand_like_copies() -> None:
    raw = (
        b"base: &b {x: 1, y: 2}\n"
        b"copy: *b\n"
        b"merged:\n  <<: *b\n  y: 3\n"
        b"word: &w hello\n"
        b"words: [*w, *w]\n"
    )
    document = loads(raw, "f.yaml")
    assert document.data == {
        "base": {"x": 1, "y": 2},
        "copy": {"x": 1, "y": 2},
        "merged": {"y": 3, "x": 1},
        "word": "hello",
        "words": ["hello", "hello"],
    }
    assert str(document.location(("copy", "x"))) == "f.yaml:1:14"


def test_a_scalar_repeated_by_alias_past_the_growth_limit_is_refused() -> None:
    raw = b"w: &w x\nl: [" + b", ".join([b"*w"] * 100_001) + b"]\n"
    with pytest.raises(SourceError, match="YAML aliases expand 5 values into 100,006"):
        loads(raw, "f.yaml")


def test_a_recursive_alias_is_refused() -> None:
    with pytest.raises(SourceError, match="a YAML alias refers to itself"):
        loads(b"r: &r [*r]\n", "f.yaml")


def test_deep_nesting_is_refused() -> None:
    deep = r"^f\.yaml:1:1: the document is nested more than 64 levels"
    with pytest.raises(SourceError, match=deep):
        loads(b"x: " + b"[" * 70 + b"]" * 70 + b"\n", "f.yaml")


def test_the_collector_runs_again_after_loading() -> None:
    assert gc.isenabled()
    loads(b"a: 1\n", "f.yaml")
    assert gc.isenabled()
    with pytest.raises(SourceError):
        loads(b"a: [\n", "f.yaml")
    assert gc.isenabled()
