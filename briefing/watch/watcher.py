"""Noticing saves: the source file and everything in the theme's folder, watched from a thread
with watchfiles (editors that save by writing a new file and renaming it included)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

# Changes closer together than this are one save (an editor writing a file in pieces).
STEP_MS = 50


class Watcher:
    """Sets ``changed`` whenever one of ``files`` or anything inside ``folders`` changes."""

    def __init__(
        self, files: Sequence[Path], folders: Sequence[Path], changed: threading.Event
    ) -> None:
        self._files = {path.resolve() for path in files}
        self._folders = [folder.resolve() for folder in folders]
        self.changed = changed
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="briefing-watcher", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(5)

    def watched_folders(self) -> list[Path]:
        """The folders to watch, each without its subfolders (a source may sit in a large
        folder): the files' folders, and each folder given with every folder inside it."""
        found = {path.parent for path in self._files}
        for folder in self._folders:
            found.add(folder)
            found.update(p for p in folder.rglob("*") if p.is_dir())
        return sorted(p for p in found if p.is_dir())

    def wanted(self, path: str) -> bool:
        changed = Path(path).resolve()
        return changed in self._files or any(changed.is_relative_to(f) for f in self._folders)

    def _run(self) -> None:
        import watchfiles

        for _ in watchfiles.watch(
            *self.watched_folders(),
            watch_filter=lambda change, path: self.wanted(path),
            stop_event=self._stop,
            step=STEP_MS,
            recursive=False,
            raise_interrupt=False,
        ):
            self.changed.set()
