"""Real SMTP servers on 127.0.0.1 for the tests: aiosmtpd with an inbox the test reads
(optionally STARTTLS and a login, or refusing messages on demand), and a raw server that
hangs up after taking a message without answering it."""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

HOST = "127.0.0.1"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Inbox:
    """The aiosmtpd handler: keeps every message accepted; refuses the next ones on demand."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refusals: list[str] = []
        self.lock = threading.Lock()

    def refuse_next(self, count: int, reply: str = "451 4.3.0 Try again later") -> None:
        """Answer the next `count` messages with `reply` instead of taking them."""
        with self.lock:
            self.refusals.extend([reply] * count)

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        """Take the message, or refuse it if told to."""
        with self.lock:
            if self.refusals:
                return self.refusals.pop(0)
            message = message_from_bytes(envelope.original_content, policy=policy.default)
            self.messages.append(message)
        return "250 2.0.0 OK"

    def wait_for(self, count: int, timeout: float = 20.0) -> list[EmailMessage]:
        """The messages, once there are at least `count` of them."""
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(self.messages)} messages, not {count}, in {timeout} s")
            time.sleep(0.05)


class Certificate:
    """A self-signed certificate for 127.0.0.1, and a client context that trusts it."""

    def __init__(self, folder: Path) -> None:
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
        now = datetime.datetime.now(datetime.UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(
                x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(HOST))]),
                critical=False,
            )
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256())
        )
        self.cert_path = folder / "cert.pem"
        self.key_path = folder / "key.pem"
        self.cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        self.key_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )

    def server_context(self) -> ssl.SSLContext:
        """What the server presents."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert_path, self.key_path)
        return context

    def client_context(self) -> ssl.SSLContext:
        """A verifying client context that trusts only this certificate."""
        return ssl.create_default_context(cafile=str(self.cert_path))


class Login:
    """An aiosmtpd authenticator accepting one user and password."""

    def __init__(self, user: str, password: str) -> None:
        self.user, self.password = user.encode(), password.encode()

    def __call__(
        self, _server: Any, _session: Any, _envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        """Accept the configured credentials only."""
        accepted = (
            mechanism in ("LOGIN", "PLAIN")
            and isinstance(data, LoginPassword)
            and (data.login, data.password) == (self.user, self.password)
        )
        return AuthResult(success=accepted, handled=False)


@contextlib.contextmanager
def smtp_server(
    certificate: Certificate | None = None, login: Login | None = None
) -> Iterator[tuple[Inbox, int]]:
    """An aiosmtpd server on 127.0.0.1 (STARTTLS required with a certificate); (inbox, port)."""
    inbox = Inbox()
    port = free_port()
    options: dict[str, Any] = {}
    if certificate is not None:
        options.update(tls_context=certificate.server_context(), require_starttls=True)
    if login is not None:
        options.update(authenticator=login, auth_required=True)
    controller = Controller(inbox, hostname=HOST, port=port, server_hostname="localhost", **options)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


@contextlib.contextmanager
def hang_up_after_data() -> Iterator[int]:
    """A server that takes a whole message, then closes the connection without a reply."""
    listener = socket.create_server((HOST, 0))
    port = listener.getsockname()[1]

    def serve() -> None:
        with contextlib.suppress(OSError):
            connection, _ = listener.accept()
            with connection, connection.makefile("rb") as lines:
                connection.sendall(b"220 localhost ESMTP\r\n")
                for line in lines:
                    command = line.strip().upper()
                    if command.startswith((b"EHLO", b"HELO", b"MAIL", b"RCPT")):
                        connection.sendall(b"250 OK\r\n")
                    elif command == b"DATA":
                        connection.sendall(b"354 go ahead\r\n")
                        for body in lines:
                            if body == b".\r\n":
                                return
                    else:
                        connection.sendall(b"221 bye\r\n")
                        return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield port
    finally:
        listener.close()
        thread.join(timeout=5)
