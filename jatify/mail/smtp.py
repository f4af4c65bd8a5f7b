"""Sending one message over SMTP with the standard library's smtplib.

Each failure is sorted by what it means for the message: `MailNotSent` when the server
certainly does not have it (it refused, or the connection failed before the message was
handed over), `MailOutcomeUnknown` when the connection broke while the message was being
handed over or its answer awaited. `before_data` runs after the server said 354 (go
ahead) and before the first byte of the message: a caller that records "sending" there
knows that, until the 250, only that one round trip is in doubt.
"""

from __future__ import annotations

import re
import smtplib
import socket
import ssl
from collections.abc import Callable
from email import policy
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Protocol

from jatify.mail.errors import MailNotSent, MailOutcomeUnknown
from jatify.mail.settings import MailSettings, Security

# A line starting with "." is sent as ".." (RFC 5321 4.5.2, transparency).
_LEADING_DOT = re.compile(rb"(?m)^\.")
NETWORK_ERRORS = (OSError, smtplib.SMTPException)


class Mailer(Protocol):
    """Something that sends a message (SMTP, or the console in development)."""

    description: str

    def send(self, message: EmailMessage, before_data: Callable[[], None] | None = None) -> None:
        """Send `message`, calling `before_data` once just before it is handed over."""


class SmtpMailer:
    """Sends each message on a connection of its own (connect, TLS, login, one message)."""

    def __init__(
        self,
        settings: MailSettings,
        *,
        timeout_seconds: float = 20.0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.settings = settings
        self.timeout_seconds = timeout_seconds
        self.ssl_context = ssl_context or ssl.create_default_context()
        self.description = f"SMTP {settings.address} ({settings.security})"

    def send(self, message: EmailMessage, before_data: Callable[[], None] | None = None) -> None:
        """Send `message` to its To address; raises MailNotSent or MailOutcomeUnknown."""
        client = self._open()
        try:
            self._envelope(client, message)
            self._data(client, message, before_data)
        finally:
            try:
                client.quit()
            except NETWORK_ERRORS:
                client.close()

    def _open(self) -> smtplib.SMTP:
        """Connect, secure the connection and log in; nothing has been sent yet."""
        settings = self.settings
        # The EHLO name: the host name as it is, not smtplib's reverse-DNS lookup of it.
        options = {"timeout": self.timeout_seconds, "local_hostname": socket.gethostname()}
        try:
            if settings.security == Security.TLS:
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    settings.host, settings.port, context=self.ssl_context, **options
                )
            else:
                client = smtplib.SMTP(settings.host, settings.port, **options)
        except (OSError, smtplib.SMTPException) as exc:
            raise MailNotSent(f"cannot connect to {settings.address}: {_reason(exc)}") from None
        try:
            client.ehlo()
            if settings.security == Security.STARTTLS:
                if not client.has_extn("starttls"):
                    raise MailNotSent(
                        f"{settings.address} does not offer STARTTLS, which a login needs",
                        permanent=True,
                    )
                client.starttls(context=self.ssl_context)
                client.ehlo()
            if settings.username is not None:
                client.login(settings.username, settings.password or "")
        except smtplib.SMTPAuthenticationError as exc:
            client.close()
            raise MailNotSent(
                f"{settings.address} refused the login of {settings.username!r} ({exc.smtp_code})",
                permanent=True,
            ) from None
        except ssl.SSLCertVerificationError as exc:
            client.close()
            raise MailNotSent(
                f"the TLS certificate of {settings.address} is not trusted: {exc.verify_message}",
                permanent=True,
            ) from None
        except MailNotSent:
            client.close()
            raise
        except NETWORK_ERRORS as exc:
            client.close()
            raise MailNotSent(
                f"{settings.address} failed before the message: {_reason(exc)}"
            ) from None
        return client

    def _envelope(self, client: smtplib.SMTP, message: EmailMessage) -> None:
        """MAIL FROM and RCPT TO; a refusal here means the server has nothing."""
        try:
            code, reply = client.mail(_address(message["From"]))
            if code != 250:
                raise _refused("MAIL FROM", code, reply)
            code, reply = client.rcpt(_address(message["To"]))
            if code not in (250, 251):
                raise _refused("RCPT TO", code, reply)
            client.putcmd("data")
            code, reply = client.getreply()
            if code != 354:
                raise _refused("DATA", code, reply)
        except NETWORK_ERRORS as exc:
            raise MailNotSent(
                f"{self.settings.address} failed before the message: {_reason(exc)}"
            ) from None

    def _data(
        self,
        client: smtplib.SMTP,
        message: EmailMessage,
        before_data: Callable[[], None] | None,
    ) -> None:
        """Hand the message over; from the first byte to the reply, the outcome is in doubt."""
        if before_data is not None:
            before_data()
        data = _LEADING_DOT.sub(b"..", message.as_bytes(policy=policy.SMTP))
        if not data.endswith(b"\r\n"):
            data += b"\r\n"
        try:
            client.send(data + b".\r\n")
            code, reply = client.getreply()
        except NETWORK_ERRORS as exc:
            raise MailOutcomeUnknown(
                f"{self.settings.address} broke off while taking the message: {_reason(exc)}"
            ) from None
        if code != 250:
            raise _refused("the message", code, reply)


def _address(header: str | None) -> str:
    """The bare address of a From or To header (`Name <a@b>` -> `a@b`)."""
    return parseaddr(header or "")[1]


def _refused(step: str, code: int, reply: bytes) -> MailNotSent:
    text = reply.decode("utf-8", "replace").strip()[:200]
    return MailNotSent(f"the mail server refused {step}: {code} {text}", permanent=code >= 500)


def _reason(error: BaseException) -> str:
    if isinstance(error, socket.timeout | TimeoutError):
        return "timed out"
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:200]
