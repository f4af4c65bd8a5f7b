"""SMTP_URL: where outgoing mail goes, parsed once; the password never leaves this object.

- `smtp://user:password@host:587`: STARTTLS, then login (credentials never cross in clear);
- `smtps://user:password@host:465`: implicit TLS;
- `smtp://host:1025` (no credentials): plain SMTP, for a local relay or a test server.

User and password are percent-decoded (`%40` for `@`). Parse errors never repeat the URL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import unquote, urlsplit

DEFAULT_PORTS = {"smtp": 587, "smtps": 465}


class Security(StrEnum):
    """How the connection is protected."""

    STARTTLS = "starttls"
    TLS = "tls"
    NONE = "none"


@dataclass(frozen=True)
class MailSettings:
    """Where to connect and how to log in; `repr` shows no password."""

    host: str
    port: int
    security: Security
    username: str | None = None
    password: str | None = field(default=None, repr=False)

    @property
    def address(self) -> str:
        """`host:port`, for messages and logs."""
        return f"{self.host}:{self.port}"


def parse_smtp_url(raw: str) -> MailSettings:
    """MailSettings from an smtp:// or smtps:// URL; ValueError (without the URL) if malformed."""
    try:
        parts = urlsplit(raw.strip())
        port = parts.port
    except ValueError:
        raise ValueError("expected smtp://[user:password@]host[:port] or smtps://...") from None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ValueError("expected smtp://[user:password@]host[:port] or smtps://...")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError("an SMTP URL has no path, query or fragment")
    username = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password is not None else None
    if (username is None) != (password is None):
        raise ValueError("give both a user and a password, or neither")
    if parts.scheme == "smtps":
        security = Security.TLS
    else:
        security = Security.STARTTLS if username else Security.NONE
    return MailSettings(
        host=parts.hostname,
        port=port or DEFAULT_PORTS[parts.scheme],
        security=security,
        username=username,
        password=password,
    )
