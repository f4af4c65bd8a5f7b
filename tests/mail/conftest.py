"""Mail fixtures: a real SMTP server on 127.0.0.1, plain or with STARTTLS and a login."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.smtp_server import Certificate, Inbox, Login, smtp_server

USER = "jatify"
PASSWORD = "s3cret-p@ss/word"


@pytest.fixture
def plain_server() -> Iterator[tuple[Inbox, int]]:
    """A plain SMTP server (no TLS, no login), as a local relay is."""
    with smtp_server() as server:
        yield server


@pytest.fixture
def certificate(tmp_path: Path) -> Certificate:
    """A self-signed certificate for 127.0.0.1."""
    return Certificate(tmp_path)


@pytest.fixture
def secure_server(certificate: Certificate) -> Iterator[tuple[Inbox, int]]:
    """A server that requires STARTTLS and a login (USER, PASSWORD)."""
    with smtp_server(certificate, Login(USER, PASSWORD)) as server:
        yield server
