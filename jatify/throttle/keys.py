"""What the limits and the login failure counters are keyed by: the client's address and
a keyed hash of the email in its one normalised form."""

from __future__ import annotations

import hashlib

from flask import request

from jatify.fields import email_key

UNKNOWN_ADDRESS = "unknown"
# The per-email bucket of a request whose body names no email (it will be refused as
# invalid, but still counts).
NO_EMAIL = "none"


def client_address() -> str:
    """The client's address: the peer's, or the one trusted proxies name (PROXY_FIX_HOPS)."""
    return request.remote_addr or UNKNOWN_ADDRESS


def email_bucket(email: str, secret: bytes) -> str:
    """A keyed hash of the email's normalised form (`fields.email_key`): every spelling of
    one address shares it, and the storage never holds an address."""
    normal = email_key(email).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(normal, key=secret, digest_size=16).hexdigest()


def body_email() -> str | None:
    """The `email` field of the request's JSON body, when it has a text one.

    `api.common.check_request_body` has refused bodies the decoder cannot build by the
    time a view runs; anything else unreadable is simply no email.
    """
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    return email if isinstance(email, str) else None
