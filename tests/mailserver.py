"""Real SMTP servers for the email tests (aiosmtpd on 127.0.0.1, trustme certificates), and
how the tests run the command."""

from __future__ import annotations

import contextlib
import email.policy
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner, Result

from briefing.cli import cli

SOURCE = "sources/reinvent-2019.yaml"
ADDRESSES = ["--to", "a@example.com", "--to", "b@example.com", "--from", "ccoe@example.com"]
SMTP_VARIABLES = (
    "BRIEFING_SMTP_HOST",
    "BRIEFING_SMTP_PORT",
    "BRIEFING_SMTP_USER",
    "BRIEFING_SMTP_PASSWORD",
    "BRIEFING_SMTP_CAFILE",
    "SSL_CERT_FILE",
)
USER = "ccoe-mailer"
PASSWORD = "pw-Zq8!never-show-me"
# The handler refuses this mailbox with 550, as a real server refuses an unknown user.
REFUSED = "nobody@example.com"


@dataclass
class Received:
    """One message as the server got it: the envelope and the parsed content."""

    mail_from: str
    rcpt_tos: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = BytesParser(policy=email.policy.default).parsebytes(self.raw)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Inbox:
    """An aiosmtpd handler that keeps every message and records who logged in."""

    messages: list[Received] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address.lower() == REFUSED:
            return f"550 5.1.1 <{address}>: mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if session.authenticated:
            self.logins.append(USER)
        self.messages.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
        )
        return "250 2.0.0 queued"


def authenticator(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and auth_data == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


@dataclass
class Server:
    port: int
    inbox: Inbox

    def args(self, tls: str = "none") -> list[str]:
        return ["--smtp-host", "127.0.0.1", "--smtp-port", str(self.port), "--tls", tls]


def free_port() -> int:
    """A port nothing listens on (yet): bound, read and released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def smtp_server(
    port: int | None = None, inbox: Inbox | None = None, **options: Any
) -> Iterator[Server]:
    """aiosmtpd on 127.0.0.1; ``options`` go to the SMTP class (TLS, AUTH)."""
    inbox = inbox or Inbox()
    port = port or free_port()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=port, server_hostname="localhost", **options
    )
    controller.start()
    try:
        yield Server(port, inbox)
    finally:
        controller.stop()


@contextlib.contextmanager
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never says a word (a hung server)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)  # the kernel completes the handshake; nobody ever answers
        yield sock.getsockname()[1]


@dataclass(frozen=True)
class Certificates:
    """A test CA, its certificate as a PEM file, and a server context it signed."""

    cafile: Path
    server_context: ssl.SSLContext


def certificates(folder: Path) -> Certificates:
    import trustme

    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    cafile = folder / "test-ca.pem"
    ca.cert_pem.write_to_path(str(cafile))
    return Certificates(cafile, context)


def run_email(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["email", SOURCE, *ADDRESSES, *args], env=env, input=stdin)


def assert_one_line_failure(result: Result, *fragments: str) -> str:
    """Exit 1, nothing on stdout, one 'Error:' line on stderr holding every fragment."""
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), repr(result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in result.output
    assert PASSWORD not in result.output
    assert result.stdout == ""
    return lines[0]
