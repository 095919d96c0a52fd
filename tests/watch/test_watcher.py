"""Noticing saves of the source and the theme, and nothing else."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from briefing.watch.watcher import Watcher
from tests.watch.helpers import edit


def test_what_is_watched(tmp_path: Path) -> None:
    source = tmp_path / "sources" / "event.yaml"
    theme = tmp_path / "themes" / "brand"
    (theme / "fonts").mkdir(parents=True)
    source.parent.mkdir()
    source.write_text("x", "utf-8")
    watcher = Watcher([source], [theme], threading.Event())

    assert watcher.watched_folders() == sorted([source.parent, theme, theme / "fonts"])
    assert watcher.wanted(str(source))
    assert watcher.wanted(str(theme / "theme.yaml"))
    assert watcher.wanted(str(theme / "fonts" / "Brand.ttf"))
    assert not watcher.wanted(str(source.parent / "other.yaml"))
    assert not watcher.wanted(str(source.parent / ".event.yaml.swp"))
    assert not watcher.wanted(str(tmp_path / "themes" / "brand-old" / "theme.yaml"))


def test_a_save_by_renaming_a_new_file_over_the_source_is_noticed(tmp_path: Path) -> None:
    source = tmp_path / "event.yaml"
    source.write_text("title: one\n", "utf-8")
    changed = threading.Event()
    watcher = Watcher([source], [], changed)
    watcher.start()
    try:
        # The watch starts in the background: save until it is seen (a minute at most).
        deadline = time.monotonic() + 60
        words = ["one", "two"]
        while not changed.wait(0.5):
            assert time.monotonic() < deadline, "the save was not noticed"
            edit(source, words[0], words[1])
            words.reverse()
    finally:
        watcher.stop()
