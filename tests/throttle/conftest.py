"""Apps with the auth rate limits on, a real redis-server, and ways to reach them."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from flask import Flask

from jatify import create_app
from jatify.extensions import db


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def throttled_app(app: Flask, app_config: dict[str, Any]) -> Iterator[Callable[..., Flask]]:
    """Build apps on the migrated database with the auth limits on and more settings."""
    made: list[Flask] = []

    def make(**overrides: Any) -> Flask:
        extra = create_app({**app_config, "RATELIMIT_ENABLED": True, **overrides})
        made.append(extra)
        return extra

    yield make
    for extra in made:
        with extra.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real redis-server on 127.0.0.1 (nothing saved to disk): its URL."""
    binary = shutil.which("redis-server")
    assert binary, "the Redis tests need redis-server: `apt-get install redis-server` (bin/test)"
    port = free_port()
    folder: Path = tmp_path_factory.mktemp("redis")
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", folder]
    log = (folder / "redis.log").open("w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    client = redis.Redis(port=port)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            assert time.monotonic() < deadline, (folder / "redis.log").read_text()
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)
    log.close()


@pytest.fixture
def redis_client(redis_server: str) -> Iterator[redis.Redis]:
    """A client of the test Redis, emptied after the test."""
    client = redis.Redis.from_url(redis_server)
    yield client
    client.flushdb()
    client.close()
