"""SMTP settings: from flags and BRIEFING_SMTP_* variables to a checked, complete set."""

from __future__ import annotations

import ipaddress
import os
import re
import ssl
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefing.errors import DeliveryError

TLS_MODES = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
PASSWORD_ENV = "BRIEFING_SMTP_PASSWORD"
DEFAULT_TIMEOUT = 10.0


@dataclass(frozen=True)
class ServerOptions:
    """The SMTP options as given (flags or BRIEFING_SMTP_* variables), not yet checked."""

    host: str | None = None
    port: int | None = None
    tls: str | None = None
    user: str | None = None
    cafile: Path | None = None
    timeout: float = DEFAULT_TIMEOUT


@dataclass(frozen=True)
class Settings:
    """Checked SMTP settings: where to connect, how to secure it, and who logs in."""

    host: str
    port: int
    tls: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    context: ssl.SSLContext | None = field(default=None, repr=False)
    timeout: float = DEFAULT_TIMEOUT

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


def resolve(options: ServerOptions) -> Settings:
    """Fill in defaults (the port from the TLS mode, or the mode from the port) and check them."""
    host = (options.host or "").strip()
    if not host:
        raise DeliveryError(
            "no SMTP server given: pass --smtp-host HOST (or set BRIEFING_SMTP_HOST), "
            "or --eml FILE to write the message to a file instead of sending it"
        )
    if re.fullmatch(r"[^:\[\]]+:\d+", host):
        name, number = host.rsplit(":", 1)
        raise DeliveryError(
            f"--smtp-host {host!r} holds a port; write --smtp-host {name} --smtp-port {number}"
        )
    tls = options.tls or ("ssl" if options.port == DEFAULT_PORTS["ssl"] else "starttls")
    if tls not in TLS_MODES:
        raise DeliveryError(f"--tls {tls!r} is not one of {', '.join(TLS_MODES)}")
    port = options.port or DEFAULT_PORTS[tls]
    if not 0 < port < 65536:
        raise DeliveryError(f"--smtp-port {port} is not a port number (1 to 65535)")
    if options.timeout <= 0:
        raise DeliveryError(f"--timeout {options.timeout:g} must be more than 0 seconds")
    user = (options.user or "").strip() or None
    if user and tls == "none" and not _is_loopback(host):
        raise DeliveryError(
            f"refusing to send the SMTP password to {host} unencrypted (--tls none); "
            "use --tls starttls or --tls ssl"
        )
    context = _tls_context(options.cafile) if tls != "none" else None
    return Settings(host, port, tls, user, None, context, options.timeout)


def with_password(settings: Settings) -> Settings:
    """The settings with the login password: BRIEFING_SMTP_PASSWORD, or asked for (hidden)."""
    if not settings.user:
        return settings
    password = os.environ.get(PASSWORD_ENV) or _ask_password(settings.user, settings.host)
    return replace(settings, password=password)


def _tls_context(cafile: Path | None) -> ssl.SSLContext:
    """The system's trusted CAs (or SSL_CERT_FILE), plus ``cafile`` when given."""
    context = ssl.create_default_context()
    if cafile is not None:
        try:
            context.load_verify_locations(cafile=cafile)
        except FileNotFoundError:
            raise DeliveryError(f"--cafile: no file {cafile}") from None
        except (OSError, ssl.SSLError) as exc:
            reason = getattr(exc, "strerror", None) or getattr(exc, "reason", None) or exc
            raise DeliveryError(
                f"--cafile {cafile} cannot be used ({reason}); give a PEM file of CA certificates"
            ) from None
    return context


def _ask_password(user: str, host: str) -> str:
    import click

    try:
        with warnings.catch_warnings():
            # Without a terminal getpass reads stdin and warns that it may echo; that is fine.
            warnings.simplefilter("ignore")
            return str(
                click.prompt(f"SMTP password for {user} at {host}", hide_input=True, err=True)
            )
    except click.Abort:
        raise DeliveryError(
            f"no SMTP password for {user}: set {PASSWORD_ENV}, or type it when asked"
        ) from None


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
