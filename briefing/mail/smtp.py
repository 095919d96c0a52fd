"""The SMTP session: connecting with TLS and login, sending, and every failure as one line."""

from __future__ import annotations

import contextlib
import smtplib
import socket
import ssl
from collections.abc import Iterator
from email.message import EmailMessage

from briefing.errors import DeliveryError
from briefing.mail.addresses import Addresses
from briefing.mail.message import serialize
from briefing.mail.settings import PASSWORD_ENV, Settings

# The final reply to DATA may wait on the server's virus and spam scan of the attachments.
DATA_TIMEOUT = 120.0
NOT_SENT = "nothing was sent"
MAYBE_SENT = "the server may or may not have accepted it: ask a recipient before sending it again"


@contextlib.contextmanager
def connect(settings: Settings) -> Iterator[Outbox]:
    """An SMTP session with TLS and login done, so bad settings fail before the build."""
    outbox = Outbox(_open(settings), settings)
    try:
        yield outbox
    finally:
        outbox.close()


class Outbox:
    """An open, ready SMTP session that sends one message, all or nothing per recipient."""

    def __init__(self, smtp: smtplib.SMTP, settings: Settings) -> None:
        self._smtp = smtp
        self._settings = settings

    def send(self, message: EmailMessage, addresses: Addresses) -> str:
        """Send ``message`` to every envelope recipient; return the server's final reply."""
        self._reconnect_if_dropped()
        smtp, where = self._smtp, self._settings.where
        payload = serialize(message)
        sender = addresses.sender.addr_spec
        try:
            self._check_size(len(payload))
            options = [f"SIZE={len(payload)}"] if smtp.has_extn("size") else []
            code, reply = smtp.mail(sender, options)
            if code != 250:
                self._reset()
                raise self._error(
                    f"{where} refused the sender {sender} ({code} {_text(reply)}); "
                    f"check --from; {NOT_SENT}"
                )
            # Every recipient is asked for before the message goes out, so a refused one
            # stops the send for all: nobody gets a copy the others did not.
            refused = []
            for recipient in addresses.envelope:
                code, reply = smtp.rcpt(recipient)
                if code not in (250, 251):
                    refused.append(f"{recipient} ({code} {_text(reply)})")
            if refused:
                self._reset()
                which = "that address" if len(refused) == 1 else "those addresses"
                raise self._error(
                    f"{where} refused the recipient {'; '.join(refused)}; {NOT_SENT} "
                    f"to anyone: correct or remove {which} and try again"
                )
        except (OSError, smtplib.SMTPException) as exc:
            raise self._error(f"{explain(exc, self._settings)}; {NOT_SENT}") from None
        if smtp.sock is not None:
            smtp.sock.settimeout(max(self._settings.timeout, DATA_TIMEOUT))
        try:
            code, reply = smtp.data(payload)
        except smtplib.SMTPDataError as exc:
            raise self._error(f"{where} refused the message ({_reply(exc)}); {NOT_SENT}") from None
        except (OSError, smtplib.SMTPException) as exc:
            raise self._error(
                f"{explain(exc, self._settings)} while sending the message; {MAYBE_SENT}"
            ) from None
        return f"{code} {_text(reply)}"

    def _reconnect_if_dropped(self) -> None:
        """The server may have hung up while the report was being built: connect again."""
        try:
            if self._smtp.noop()[0] == 250:
                return
        except (OSError, smtplib.SMTPException):
            pass
        _close(self._smtp)
        self._smtp = _open(self._settings)

    def _check_size(self, size: int) -> None:
        limit = self._smtp.esmtp_features.get("size", "").strip()
        if limit.isdigit() and 0 < int(limit) < size:
            raise self._error(
                f"the message is {_megabytes(size)} but {self._settings.where} accepts at most "
                f"{_megabytes(int(limit))}; {NOT_SENT} (send without --attach-deck, or use --eml)"
            )

    def close(self) -> None:
        _close(self._smtp)

    def _reset(self) -> None:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            self._smtp.rset()

    def _error(self, message: str) -> DeliveryError:
        return DeliveryError(_scrub(message, self._settings.password))


def explain(exc: BaseException, s: Settings) -> str:
    """One line saying what went wrong with the SMTP server and what to try."""
    where = s.where
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return (
            f"{where} refused the login for {s.user!r} ({_reply(exc)}); check --smtp-user "
            f"(or BRIEFING_SMTP_USER) and the password ({PASSWORD_ENV}, or the one typed)"
        )
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        if "starttls" in str(exc).lower():
            return (
                f"{where} does not offer STARTTLS; use --tls ssl if it expects TLS from the "
                "first byte (usually port 465), or --tls none on a network you trust"
            )
        hint = "; try --tls starttls" if s.tls == "none" else ""
        return (
            f"{where} does not offer login (SMTP AUTH){hint}; leave out --smtp-user "
            "(and BRIEFING_SMTP_USER) if this server needs none"
        )
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        if isinstance(exc.__context__, TimeoutError):
            return _timed_out(s)
        return (
            f"{where} closed the connection unexpectedly; check --tls "
            "(ssl for port 465, starttls for 587) and --smtp-port"
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{where} answered {_reply(exc)}"
    if isinstance(exc, smtplib.SMTPException):
        return f"{where}: {str(exc).rstrip('.')}"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (
            f"the TLS certificate of {where} is not trusted ({exc.verify_message}); if your "
            "organisation signs its own certificates, give its CA certificate with --cafile "
            "FILE (or BRIEFING_SMTP_CAFILE)"
        )
    if isinstance(exc, ssl.SSLError):
        reason = (exc.reason or str(exc)).replace("_", " ").lower()
        return (
            f"TLS with {where} failed ({reason}); check --tls: ssl for port 465, starttls for 587"
        )
    if isinstance(exc, TimeoutError):
        return _timed_out(s)
    if isinstance(exc, ConnectionRefusedError):
        return (
            f"cannot connect to {where}: connection refused; check --smtp-host and "
            "--smtp-port, and that the server is running"
        )
    if isinstance(exc, socket.gaierror):
        return f"cannot find the SMTP server {s.host!r} ({exc.strerror}); check --smtp-host"
    if isinstance(exc, OSError):
        return f"cannot talk to {where}: {exc.strerror or exc}"
    return f"{where}: {type(exc).__name__}: {exc}"


def _open(s: Settings) -> smtplib.SMTP:
    smtp: smtplib.SMTP | None = None
    try:
        if s.tls == "ssl":
            smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=s.context)
        else:
            smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
        smtp.ehlo_or_helo_if_needed()
        if s.tls == "starttls":
            smtp.starttls(context=s.context)
            smtp.ehlo()
        if s.user:
            smtp.login(s.user, s.password or "")
    except (OSError, smtplib.SMTPException) as exc:
        if smtp is not None:
            smtp.close()
        raise DeliveryError(_scrub(f"{explain(exc, s)}; {NOT_SENT}", s.password)) from None
    return smtp


def _close(smtp: smtplib.SMTP) -> None:
    """Say goodbye politely; a server that already hung up changes nothing."""
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()


def _reply(exc: smtplib.SMTPResponseException) -> str:
    return f"{exc.smtp_code} {_text(exc.smtp_error)}"


def _text(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    text = " ".join(text.split())
    return text if len(text) <= 200 else text[:199] + "…"


def _timed_out(s: Settings) -> str:
    hint = (
        " (a server that expects TLS from the first byte, as on port 465, needs --tls ssl)"
        if s.tls != "ssl"
        else ""
    )
    return (
        f"no answer from {s.where} within {s.timeout:g} s{hint}; check --smtp-host and "
        "--smtp-port, or allow longer with --timeout"
    )


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _scrub(message: str, password: str | None) -> str:
    """Never let the password through, even if a server echoes it back in a reply."""
    if password and len(password) >= 4:  # masking "a" everywhere would garble the line
        return message.replace(password, "********")
    return message
