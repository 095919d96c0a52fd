"""The exporter interface and the registry that finds exporters through entry points.

Third-party packages add a format by declaring, in their ``pyproject.toml``::

    [project.entry-points."briefing.exporters"]
    txt = "my_package.exporter:TextExporter"

The object named there is an ``Exporter`` (or a class whose instances are), see below.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import metadata
from importlib.metadata import EntryPoint
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from briefing.errors import ExporterError

if TYPE_CHECKING:
    from briefing.i18n import Messages
    from briefing.model import Briefing
    from briefing.themes import Theme

GROUP = "briefing.exporters"


def words(briefing: Briefing, theme: Theme) -> Messages:
    """The fixed words of ``briefing`` in its language (``briefing.meta.lang``): the
    catalogue's, the theme's labels over them, the source's labels over those; and the
    language's dates and numbers (``words.date(...)``, ``words.figure(value, unit)``)."""
    from briefing.i18n import messages

    return messages(briefing.meta.lang, dict(theme.labels), briefing.meta.labels.overrides())


@runtime_checkable
class Exporter(Protocol):
    """What an output format provides.

    ``name`` is what users pass to ``-f``; ``extensions`` the extensions of the files it
    writes (first one the main output); ``description`` one line for ``briefing exporters``.
    """

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]
    description: ClassVar[str]

    def unavailable(self) -> str | None:
        """Why this exporter cannot run here (a missing tool), or None when it can."""

    def export(self, briefing: Briefing, theme: Theme, output: Path) -> list[Path]:
        """Write ``briefing`` (validated and already filtered) and return the files written.

        ``output`` is the output path without extension, e.g. ``output/reinvent-2019``; add
        your extension with ``briefing.output.with_ext(output, "txt")`` and write through
        ``briefing.output.write_atomic`` so a failed build leaves earlier files intact.
        """


@dataclass(frozen=True)
class Registered:
    """An entry point and what it loaded to (or why it could not)."""

    name: str
    entry_point: EntryPoint
    exporter: Exporter | None
    problem: str | None = None

    @property
    def provider(self) -> str:
        dist = self.entry_point.dist
        return dist.name if dist is not None else "unknown package"


@functools.cache
def discover() -> Mapping[str, Registered]:
    """Every exporter registered in the ``briefing.exporters`` group, checked for clashes.

    Entry points are read and loaded once per process; ``discover.cache_clear()`` reads them
    again (after installing a package into the running interpreter, say).
    """
    found: dict[str, Registered] = {}
    for ep in sorted(metadata.entry_points(group=GROUP), key=lambda e: (e.name, e.value)):
        if ep.name in found:
            earlier = found[ep.name]
            if earlier.entry_point.value == ep.value:
                continue  # the same package seen twice on sys.path
            raise ExporterError(
                f"two packages register an exporter named {ep.name!r}: "
                f"{earlier.provider} ({earlier.entry_point.value}) and "
                f"{_dist_name(ep)} ({ep.value}); uninstall one of them"
            )
        found[ep.name] = _load(ep)
    return MappingProxyType(found)


def get(name: str) -> Exporter:
    """The exporter named ``name``, ready to run; a clear error when it is not."""
    registry = discover()
    if name not in registry:
        from briefing.model import suggest

        hint = suggest(name, registry)
        did_you_mean = f"did you mean {hint!r}? " if hint else ""
        raise ExporterError(
            f"unknown format {name!r}; {did_you_mean}available: {', '.join(sorted(registry))}"
        )
    entry = registry[name]
    if entry.exporter is None:
        raise ExporterError(f"the {name!r} exporter cannot be loaded: {entry.problem}")
    reason = entry.exporter.unavailable()
    if reason:
        raise ExporterError(f"the {name!r} exporter is unavailable: {reason}")
    return entry.exporter


def _load(ep: EntryPoint) -> Registered:
    try:
        obj = ep.load()
        exporter = obj() if isinstance(obj, type) else obj
    except Exception as exc:  # a broken plug-in must not break the others
        return Registered(ep.name, ep, None, f"{type(exc).__name__}: {exc}")
    if not isinstance(exporter, Exporter):
        return Registered(
            ep.name, ep, None, f"{ep.value} does not provide name, extensions and export()"
        )
    return Registered(ep.name, ep, exporter)


def _dist_name(ep: EntryPoint) -> str:
    return ep.dist.name if ep.dist is not None else "unknown package"
