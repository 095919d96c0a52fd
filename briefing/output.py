"""Writing outputs: names, atomic replacement, and reproducible bytes under SOURCE_DATE_EPOCH."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from briefing.errors import BuildError

# ZIP cannot store dates before 1980; this is also what reproducible-build tools use.
_ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


def with_ext(base: Path, ext: str) -> Path:
    """``output/name`` plus an extension, even when the name itself contains dots."""
    return base.with_name(f"{base.name}.{ext.lstrip('.')}")


def build_time() -> dt.datetime:
    """The time stamped into documents: SOURCE_DATE_EPOCH when set, otherwise now (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise BuildError(
                f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got {epoch!r}"
            ) from None
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[IO[bytes]]:
    """Write to a temporary file beside ``path``, then rename it into place.

    A failure (or Ctrl-C) leaves any earlier file at ``path`` untouched and removes the
    temporary file.
    """
    directory = path.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise BuildError(
            f"cannot write {path}: {_first_file(directory)} is a file, not a folder"
        ) from None
    except OSError as exc:
        raise BuildError(f"cannot create the folder {directory}: {exc.strerror or exc}") from None
    if path.is_dir():
        raise BuildError(f"cannot write {path}: a folder of that name is in the way")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise BuildError(f"cannot write in {directory}: {exc.strerror or exc}") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BuildError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; return ``path``."""
    with atomic_writer(path) as handle:
        handle.write(data)
    return path


ZipDate = tuple[int, int, int, int, int, int]


def zip_date() -> ZipDate:
    """The date of every ZIP entry: the build time under SOURCE_DATE_EPOCH, else 1980-01-01."""
    stamp = build_time() if os.environ.get("SOURCE_DATE_EPOCH") else _ZIP_EPOCH
    year, month, day, hour, minute, second = max(stamp, _ZIP_EPOCH).timetuple()[:6]
    return year, month, day, hour, minute, second


def write_zip(entries: Iterable[tuple[str, bytes]], date_time: ZipDate | None = None) -> bytes:
    """A ZIP package of ``entries``, in their order: each deflated at level 6, dated
    ``date_time`` (by default ``zip_date()``), with fixed attributes; so the same entries
    always give the same bytes."""
    when = zip_date() if date_time is None else date_time
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as target:
        for name, data in entries:
            entry = zipfile.ZipInfo(name, date_time=when)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 0
            target.writestr(entry, data, compresslevel=6)
    return out.getvalue()


def reproducible_zip(data: bytes) -> bytes:
    """Rewrite an OOXML package with fixed entry dates and attributes, keeping entry order.

    python-pptx and python-docx stamp each ZIP entry with the current time; this makes the
    same document give the same bytes.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return write_zip((info.filename, source.read(info.filename)) for info in source.infolist())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _first_file(directory: Path) -> Path:
    for parent in [*reversed(directory.parents), directory]:
        if parent.exists() and not parent.is_dir():
            return parent
    return directory
