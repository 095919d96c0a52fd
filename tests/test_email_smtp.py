"""``briefing email`` failures against real SMTP servers: each is one line, exit 1, nothing sent.

These fail before the build, so they also check that no output was written.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword

from briefing.errors import DeliveryError
from briefing.mail.settings import ServerOptions, resolve, with_password
from tests.mailserver import (
    ADDRESSES,
    PASSWORD,
    SMTP_VARIABLES,
    SOURCE,
    USER,
    Certificates,
    Server,
    assert_one_line_failure,
    authenticator,
    free_port,
    run_email,
    silent_server,
    smtp_server,
)

# The SMTP fixtures (clean_environment, certs, plain_server) live in tests/conftest.py.
pytestmark = pytest.mark.usefixtures("clean_environment")


@pytest.fixture
def secure_server(certs: Certificates) -> Iterator[Server]:
    """STARTTLS required, and AUTH offered only once TLS is up."""
    with smtp_server(
        tls_context=certs.server_context,
        require_starttls=True,
        authenticator=authenticator,
        auth_require_tls=True,
    ) as server:
        yield server


def assert_nothing_built(workdir: Path) -> None:
    assert not (workdir / "output").exists()


def test_connection_refused(clean_environment: Path) -> None:
    port = free_port()
    result = run_email("--smtp-host", "127.0.0.1", "--smtp-port", str(port), "--tls", "none")
    assert_one_line_failure(
        result, f"cannot connect to 127.0.0.1:{port}: connection refused", "nothing was sent"
    )
    assert_nothing_built(clean_environment)


def test_a_server_that_never_answers_times_out(clean_environment: Path) -> None:
    with silent_server() as port:
        started = time.monotonic()
        result = run_email(
            "--smtp-host", "127.0.0.1", "--smtp-port", str(port), "--tls", "none",
            "--timeout", "1",
        )  # fmt: skip
        elapsed = time.monotonic() - started
    assert_one_line_failure(result, f"no answer from 127.0.0.1:{port} within 1 s", "--timeout")
    assert elapsed < 5
    assert_nothing_built(clean_environment)


def test_an_untrusted_certificate_fails_tls(clean_environment: Path, secure_server: Server) -> None:
    result = run_email(*secure_server.args("starttls"))
    line = assert_one_line_failure(result, "TLS certificate", "not trusted", "--cafile")
    assert "certificate" in line.split("(", 1)[1]
    assert secure_server.inbox.messages == []
    assert_nothing_built(clean_environment)


def test_ssl_against_a_plain_server_fails_tls(plain_server: Server) -> None:
    result = run_email(*plain_server.args("ssl"))
    assert_one_line_failure(result, f"TLS with 127.0.0.1:{plain_server.port} failed", "--tls")


def test_starttls_that_the_server_does_not_offer(plain_server: Server) -> None:
    result = run_email(*plain_server.args("starttls"))
    assert_one_line_failure(result, "does not offer STARTTLS", "--tls ssl")
    assert plain_server.inbox.messages == []


def test_a_wrong_password_fails_the_login(
    clean_environment: Path, secure_server: Server, certs: Certificates
) -> None:
    result = run_email(
        *secure_server.args("starttls"),
        "--cafile", str(certs.cafile),
        "--smtp-user", USER,
        env={"BRIEFING_SMTP_PASSWORD": "not-" + PASSWORD},
    )  # fmt: skip
    line = assert_one_line_failure(result, f"refused the login for {USER!r}", "535")
    assert "not-" + PASSWORD not in line
    assert secure_server.inbox.messages == []
    assert_nothing_built(clean_environment)


def test_login_on_a_server_without_auth(plain_server: Server) -> None:
    result = run_email(
        *plain_server.args("none"), "--smtp-user", USER, env={"BRIEFING_SMTP_PASSWORD": PASSWORD}
    )
    assert_one_line_failure(result, "does not offer login (SMTP AUTH)", "--tls starttls")


def test_the_password_is_never_sent_unencrypted_to_another_host() -> None:
    result = run_email(
        "--smtp-host", "smtp.example.com", "--tls", "none", "--smtp-user", USER,
        env={"BRIEFING_SMTP_PASSWORD": PASSWORD},
    )  # fmt: skip
    assert_one_line_failure(result, "refusing to send the SMTP password", "--tls starttls")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--to", "not-an-address"], "--to 'not-an-address' is not a valid email address"),
        (["--cc", "b@example"], "--cc 'b@example' is not a valid email address"),
        (["--to", "a@example.com, b@example.com"], "give one per --to"),
        (["--from", "Jane <jane@>"], "--from 'Jane <jane@>' is not a valid email address"),
    ],
)
def test_an_invalid_address_stops_everything(
    clean_environment: Path, plain_server: Server, args: list[str], fragment: str
) -> None:
    result = run_email(*plain_server.args(), *args)
    assert_one_line_failure(result, fragment, "name@example.com" if "valid" in fragment else "")
    assert plain_server.inbox.messages == []
    assert_nothing_built(clean_environment)


def test_an_invalid_address_stops_the_eml_too(clean_environment: Path) -> None:
    result = run_email("--to", "x@@example.com", "--eml", "out/message.eml")
    assert_one_line_failure(result, "--to 'x@@example.com' is not a valid email address")
    assert not (clean_environment / "out").exists()
    assert_nothing_built(clean_environment)


def test_no_server_and_no_eml_says_so(clean_environment: Path) -> None:
    result = run_email()
    assert_one_line_failure(result, "no SMTP server given", "--smtp-host", "--eml")
    assert_nothing_built(clean_environment)


def test_a_missing_ca_file(plain_server: Server) -> None:
    result = run_email(*plain_server.args("starttls"), "--cafile", "missing.pem")
    assert_one_line_failure(result, "--cafile: no file missing.pem")


def test_a_refused_password_prompt_sends_nothing(
    secure_server: Server, certs: Certificates
) -> None:
    result = run_email(
        *secure_server.args("starttls"), "--cafile", str(certs.cafile), "--smtp-user", USER,
        stdin="",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "no SMTP password" in result.stderr
    assert "BRIEFING_SMTP_PASSWORD" in result.stderr
    assert secure_server.inbox.messages == []


def test_settings_come_from_the_environment(clean_environment: Path) -> None:
    port = free_port()
    env = {"BRIEFING_SMTP_HOST": "127.0.0.1", "BRIEFING_SMTP_PORT": str(port)}
    result = run_email("--tls", "none", env=env)
    assert_one_line_failure(result, f"cannot connect to 127.0.0.1:{port}")


def test_the_installed_command_fails_fast_in_one_line(clean_environment: Path) -> None:
    """The real executable, as a user runs it: one line on stderr, exit 1, no traceback."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in SMTP_VARIABLES}
    env["BRIEFING_SMTP_PASSWORD"] = PASSWORD
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "briefing", "email", SOURCE, *ADDRESSES,
         "--smtp-host", "127.0.0.1", "--smtp-port", str(port), "--tls", "none"],
        capture_output=True, text=True, env=env, timeout=30, check=False,
    )  # fmt: skip
    assert time.monotonic() - started < 10
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"Error: cannot connect to 127.0.0.1:{port}: connection refused; check --smtp-host "
        "and --smtp-port, and that the server is running; nothing was sent"
    ]
    assert_nothing_built(clean_environment)


@pytest.mark.parametrize(
    ("port", "tls", "expected"),
    [
        (None, None, (587, "starttls")),
        (465, None, (465, "ssl")),
        (2525, None, (2525, "starttls")),
        (None, "ssl", (465, "ssl")),
        (None, "none", (25, "none")),
    ],
)
def test_port_and_tls_defaults(
    port: int | None, tls: str | None, expected: tuple[int, str]
) -> None:
    settings = resolve(ServerOptions("smtp.example.com", port, tls))
    assert (settings.port, settings.tls) == expected


def test_a_host_with_a_port_is_explained() -> None:
    with pytest.raises(
        DeliveryError, match=r"write --smtp-host smtp\.example\.com --smtp-port 587"
    ):
        resolve(ServerOptions("smtp.example.com:587"))


def echoing_authenticator(
    server: object, session: object, envelope: object, mechanism: str, auth_data: object
) -> AuthResult:
    """A careless server that repeats the password it was given in its refusal."""
    assert isinstance(auth_data, LoginPassword)
    return AuthResult(
        success=False, handled=False, message=f"535 no: {auth_data.password.decode()} is wrong"
    )


def test_the_password_never_shows(
    clean_environment: Path, certs: Certificates, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_SMTP_PASSWORD", PASSWORD)
    settings = with_password(resolve(ServerOptions("127.0.0.1", 25, "none", USER)))
    assert settings.password == PASSWORD
    assert PASSWORD not in repr(settings)
    with (
        smtp_server(
            tls_context=certs.server_context,
            require_starttls=True,
            authenticator=echoing_authenticator,
        ) as echoing,
        smtp_server() as plain,
    ):
        attempts = [
            [*echoing.args("starttls"), "--cafile", str(certs.cafile)],  # refused, echoed
            echoing.args("starttls"),  # untrusted certificate
            plain.args("none"),  # no AUTH offered
            ["--smtp-host", "127.0.0.1", "--smtp-port", str(free_port())],  # refused
        ]
        outputs = []
        for args in attempts:
            result = run_email(*args, "--smtp-user", USER)
            assert result.exit_code == 1, result.output
            for shown in (result.output, str(result.exception), repr(result.exception)):
                assert PASSWORD not in shown
            outputs.append(result.stderr)
    assert echoing.inbox.messages == plain.inbox.messages == []
    assert "(535 no: ******** is wrong)" in outputs[0]  # the echo arrived, masked
