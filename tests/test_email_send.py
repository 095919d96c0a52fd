"""``briefing email`` delivering the real report to real SMTP servers (plain, TLS, AUTH)."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default
from pathlib import Path

import docx
import pptx
import pytest
from pypdf import PdfReader

from briefing.mail import message as mail_message
from briefing.source import load_briefing
from tests.mailserver import (
    PASSWORD,
    REFUSED,
    USER,
    Certificates,
    Server,
    assert_one_line_failure,
    authenticator,
    run_email,
    smtp_server,
)
from tests.test_email_message import FakeClock

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
# aiosmtpd itself sets the deprecated Session.login_data on every successful AUTH.
AIOSMTPD_AUTH = pytest.mark.filterwarnings(
    "ignore:Session.login_data is deprecated:DeprecationWarning"
)


# The SMTP fixtures (clean_environment, certs, plain_server) live in tests/conftest.py.
pytestmark = pytest.mark.usefixtures("clean_environment")


@pytest.fixture
def secure_server(certs: Certificates) -> Iterator[Server]:
    with smtp_server(
        tls_context=certs.server_context,
        require_starttls=True,
        authenticator=authenticator,
        auth_required=True,
        auth_require_tls=True,
    ) as server:
        yield server


@pytest.fixture
def ssl_server(certs: Certificates) -> Iterator[Server]:
    """TLS from the first byte, as on port 465."""
    with smtp_server(ssl_context=certs.server_context) as server:
        yield server


def only_message(server: Server) -> EmailMessage:
    assert len(server.inbox.messages) == 1
    return server.inbox.messages[0].message


def attachment(message: EmailMessage, filename: str) -> bytes:
    for part in message.iter_attachments():
        if part.get_filename() == filename:
            data = part.get_content()
            assert isinstance(data, bytes)
            return data
    raise AssertionError(f"no attachment named {filename}")


def pdf_text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def body(message: EmailMessage, kind: str) -> str:
    part = message.get_body((kind,))
    assert part is not None
    return " ".join(part.get_content().split())


def test_done_when_both_recipients_get_one_message(
    clean_environment: Path, plain_server: Server
) -> None:
    """Issue 5's acceptance command, as written there."""
    result = run_email(*plain_server.args("none"))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "output/reinvent-2019.docx",
        f'Sent "AWS re:Invent 2019" to a@example.com, b@example.com via '
        f"127.0.0.1:{plain_server.port}, with reinvent-2019.docx attached.",
    ]
    received = plain_server.inbox.messages
    assert len(received) == 1
    assert received[0].mail_from == "ccoe@example.com"
    assert received[0].rcpt_tos == ["a@example.com", "b@example.com"]
    message = received[0].message
    assert message["To"] == "a@example.com, b@example.com"
    assert message["From"] == "ccoe@example.com"
    assert message["Subject"] == "AWS re:Invent 2019"
    alternative, report = message.iter_parts()
    assert [p.get_content_type() for p in alternative.iter_parts()] == ["text/plain", "text/html"]
    assert (report.get_content_type(), report.get_filename()) == (DOCX, "reinvent-2019.docx")
    data = attachment(message, "reinvent-2019.docx")
    assert data == (clean_environment / "output" / "reinvent-2019.docx").read_bytes()
    document = docx.Document(io.BytesIO(data))
    assert any("AWS re:Invent 2019" in p.text for p in document.paragraphs)
    briefing = load_briefing(clean_environment / "sources" / "reinvent-2019.yaml")
    text, html = body(message, "plain"), body(message, "html")
    for session in briefing.sessions:
        assert f"{session.code}: {session.title.plain}" in text
        assert session.code in html
    for session, takeaway in briefing.top_takeaways():
        assert f"{' '.join(takeaway.plain.split())} ({session.code})" in text
    assert "<h2" in html and "Top takeaways" in html


@AIOSMTPD_AUTH
def test_starttls_and_login_with_the_password_from_the_environment(
    secure_server: Server, certs: Certificates
) -> None:
    result = run_email(
        *secure_server.args("starttls"),
        "--cafile", str(certs.cafile),
        "--smtp-user", USER,
        "--cc", "Chief Officer <chief@example.com>",
        env={"BRIEFING_SMTP_PASSWORD": PASSWORD},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    assert secure_server.inbox.logins == [USER]
    received = secure_server.inbox.messages
    assert len(received) == 1
    assert received[0].rcpt_tos == ["a@example.com", "b@example.com", "chief@example.com"]
    assert received[0].message["Cc"] == "Chief Officer <chief@example.com>"
    assert "(cc chief@example.com)" in result.stdout


@AIOSMTPD_AUTH
def test_the_password_can_be_typed_and_is_not_echoed(
    secure_server: Server, certs: Certificates
) -> None:
    result = run_email(
        *secure_server.args("starttls"), "--cafile", str(certs.cafile), "--smtp-user", USER,
        stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"SMTP password for {USER} at 127.0.0.1: " in result.stderr
    assert PASSWORD not in result.output
    assert secure_server.inbox.logins == [USER]


def test_implicit_tls_trusting_ssl_cert_file(ssl_server: Server, certs: Certificates) -> None:
    """--tls ssl, with the CA given the OpenSSL way (SSL_CERT_FILE) instead of --cafile."""
    result = run_email(*ssl_server.args("ssl"), env={"SSL_CERT_FILE": str(certs.cafile)})
    assert result.exit_code == 0, result.output
    assert len(ssl_server.inbox.messages) == 1


def test_the_ca_file_can_come_from_the_environment(ssl_server: Server, certs: Certificates) -> None:
    result = run_email(*ssl_server.args("ssl"), env={"BRIEFING_SMTP_CAFILE": str(certs.cafile)})
    assert result.exit_code == 0, result.output
    assert len(ssl_server.inbox.messages) == 1


def test_a_refused_recipient_stops_the_send_for_everyone(plain_server: Server) -> None:
    result = run_email(*plain_server.args("none"), "--cc", REFUSED)
    line = assert_one_line_failure(
        result, f"refused the recipient {REFUSED} (550", "nothing was sent to anyone"
    )
    assert "a@example.com" not in line
    assert plain_server.inbox.messages == []


def test_a_track_selection_sends_that_track(plain_server: Server) -> None:
    result = run_email(*plain_server.args("none"), "--track", "machine-learning")
    assert result.exit_code == 0, result.output
    message = only_message(plain_server)
    assert message["Subject"] == "AWS re:Invent 2019 – Machine Learning"
    attachment(message, "reinvent-2019-machine-learning.docx")
    text = body(message, "plain")
    assert "AIM212" in text and "DAT404-R" not in text


def test_eml_writes_the_message_and_sends_nothing(
    clean_environment: Path, plain_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    monkeypatch.setattr(mail_message, "clock", clock)
    target = clean_environment / "mail" / "briefing.eml"
    result = run_email(*plain_server.args("none"), "--subject", "For Monday", "--eml", str(target))
    assert result.exit_code == 0, result.output
    assert plain_server.inbox.messages == []
    assert "nothing was sent" in result.stdout
    assert sorted(p.name for p in target.parent.iterdir()) == ["briefing.eml"]  # no temp files
    first = target.read_bytes()
    message = BytesParser(policy=default).parsebytes(first)
    assert isinstance(message, EmailMessage)
    assert message["Subject"] == "For Monday"
    assert message["To"] == "a@example.com, b@example.com"
    docx.Document(io.BytesIO(attachment(message, "reinvent-2019.docx")))
    clock.advance(hours=5)
    assert run_email("--subject", "For Monday", "--eml", str(target)).exit_code == 0
    assert target.read_bytes() == first, "same source + SOURCE_DATE_EPOCH = same bytes"
    # The same command without SOURCE_DATE_EPOCH stamps the (moved) clock's time.
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert run_email("--subject", "For Monday", "--eml", str(target)).exit_code == 0
    stamped = BytesParser(policy=default).parsebytes(target.read_bytes())
    assert stamped["Date"] == "Mon, 04 Mar 2024 14:30:00 +0000"
    assert stamped["Message-ID"] != message["Message-ID"]


@pytest.mark.usefixtures("soffice")
def test_attach_as_pdf_attaches_the_report_converted_to_pdf(clean_environment: Path) -> None:
    target = clean_environment / "m.eml"
    result = run_email("--attach-as", "pdf", "--eml", str(target))
    assert result.exit_code == 0, result.output
    message = BytesParser(policy=default).parsebytes(target.read_bytes())
    assert isinstance(message, EmailMessage)
    assert [(p.get_content_type(), p.get_filename()) for p in message.iter_attachments()] == [
        ("application/pdf", "reinvent-2019-report.pdf")
    ]
    pdf = attachment(message, "reinvent-2019-report.pdf")
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert "Executive summary" in text and "DAT404-R" in text
    assert "reinvent-2019-report.pdf (the full report)" in body(message, "plain")


def test_attach_deck_attaches_the_pptx_too(plain_server: Server) -> None:
    result = run_email(*plain_server.args("none"), "--attach-deck")
    assert result.exit_code == 0, result.output
    message = only_message(plain_server)
    assert [(p.get_content_type(), p.get_filename()) for p in message.iter_attachments()] == [
        (DOCX, "reinvent-2019.docx"),
        (PPTX, "reinvent-2019.pptx"),
    ]
    assert "reinvent-2019.pptx (the slide deck)" in body(message, "plain")
    deck = attachment(message, "reinvent-2019.pptx")
    assert deck == Path("output/reinvent-2019.pptx").read_bytes()
    assert len(pptx.Presentation(io.BytesIO(deck)).slides) > 12


def test_a_failed_build_says_nothing_was_sent(
    clean_environment: Path, plain_server: Server
) -> None:
    (clean_environment / "blocked").write_text("a file where the output folder should be")
    result = run_email(*plain_server.args("none"), "-o", "blocked")
    assert_one_line_failure(result, "the output folder blocked is a file", "nothing was sent")
    assert plain_server.inbox.messages == []


def test_a_connection_dropped_during_the_build_is_opened_again(tmp_path: Path) -> None:
    """Servers hang up on idle sessions; the one opened before the build may be gone."""
    from briefing.mail.addresses import check_addresses
    from briefing.mail.message import compose
    from briefing.mail.settings import ServerOptions, resolve
    from briefing.mail.smtp import connect
    from briefing.themes import load_theme

    report = tmp_path / "r.docx"
    report.write_bytes(b"PK\x03\x04")
    briefing = load_briefing(Path("sources/reinvent-2019.yaml"))
    addresses = check_addresses("ccoe@example.com", ["a@example.com"])
    message = compose(briefing, load_theme(None), addresses, "Subject", [report])
    servers = contextlib.ExitStack()
    first = servers.enter_context(smtp_server())
    with connect(resolve(ServerOptions("127.0.0.1", first.port, "none"))) as outbox:
        servers.close()  # the server goes away, and the session with it
        with smtp_server(first.port, first.inbox):  # and comes back on the same port
            outbox.send(message, addresses)
    assert len(first.inbox.messages) == 1
