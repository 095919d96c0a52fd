"""Converting documents with LibreOffice headless, safely beside a user's running LibreOffice.

Every LibreOffice briefing starts sees the bundled fonts text is measured with
(``briefing.typeset.fonts.fontconfig_file``), so what it draws fits the boxes measured for it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from briefing.errors import BriefingError
from briefing.untrusted import without_huge_pictures

DEFAULT_TIMEOUT = 180.0
INSTALL_HINT = (
    "install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-impress libreoffice-writer; "
    "macOS: brew install --cask libreoffice) or point BRIEFING_SOFFICE at the soffice program"
)


class ConversionError(BriefingError):
    """LibreOffice is missing, timed out or failed to convert a document."""


def find_soffice() -> str | None:
    """The soffice program: $BRIEFING_SOFFICE, else soffice or libreoffice on PATH."""
    configured = os.environ.get("BRIEFING_SOFFICE")
    if configured:
        return configured if Path(configured).is_file() else shutil.which(configured)
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    mac = Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")
    return str(mac) if mac.is_file() else None


def missing_reason() -> str | None:
    """Why conversion cannot run here, or None when it can."""
    if find_soffice() is None:
        configured = os.environ.get("BRIEFING_SOFFICE")
        if configured:
            return f"BRIEFING_SOFFICE={configured} is not a program; {INSTALL_HINT}"
        return f"LibreOffice was not found; {INSTALL_HINT}"
    return None


def convert_command(
    soffice: str, profile: Path, fmt: str, target_dir: Path, sources: list[Path]
) -> list[str]:
    """LibreOffice's command line converting ``sources`` with a private ``profile`` folder."""
    return [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--nologo",
        "--norestore",
        "--convert-to",
        fmt,
        "--outdir",
        str(target_dir),
        *map(str, sources),
    ]


def convert(
    source: Path, target_dir: Path, fmt: str = "pdf", timeout: float = DEFAULT_TIMEOUT
) -> Path:
    """Convert ``source`` into ``target_dir`` (e.g. to PDF) and return the converted file.

    Each call uses a fresh LibreOffice profile, so it works while the user has LibreOffice
    open, and two conversions never share state.
    """
    soffice = find_soffice()
    if soffice is None:
        raise ConversionError(missing_reason() or INSTALL_HINT)
    target_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="briefing-lo-") as profile:
        # A picture over Pillow's limit is never decoded: it is blank in the copy rendered.
        rendered = without_huge_pictures(source, Path(profile))
        command = convert_command(soffice, Path(profile), fmt, target_dir, [rendered])
        try:
            result = run_soffice(command, profile, timeout)
        except subprocess.TimeoutExpired:
            raise ConversionError(
                f"LibreOffice did not finish converting {source.name} within {timeout:.0f} s"
            ) from None
        except OSError as exc:
            raise ConversionError(f"cannot run {soffice}: {exc.strerror or exc}") from None
    converted = target_dir / f"{source.stem}.{fmt.split(':')[0]}"
    if result.returncode != 0 or not converted.is_file():
        detail = (result.stderr or result.stdout).decode("utf-8", "replace").strip().splitlines()
        last = detail[-1] if detail else f"exit status {result.returncode}"
        raise ConversionError(f"LibreOffice could not convert {source.name}: {last}")
    return converted


def run_soffice(
    command: list[str], profile: str, timeout: float
) -> subprocess.CompletedProcess[bytes]:
    """Run a LibreOffice ``command`` with ``profile`` as its home, in its own session (so a
    timeout can take its children too); what it prints is captured."""
    return subprocess.run(
        command,
        capture_output=True,
        timeout=timeout,
        check=False,
        env=soffice_environment(Path(profile)),
        start_new_session=True,
    )


def soffice_environment(home: Path) -> dict[str, str]:
    """The environment a LibreOffice runs in: ``home`` as its home folder, and a fontconfig
    configuration, written there, that adds the bundled fonts to the one in effect."""
    from briefing.typeset.fonts import fontconfig_file

    environment = {**os.environ, "HOME": str(home)}
    config = fontconfig_file(home / ".briefing-fonts")
    if config is not None:
        environment["FONTCONFIG_FILE"] = str(config)
    return environment
