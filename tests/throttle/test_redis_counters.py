"""RATELIMIT_STORAGE_URL=redis://...: the limits and the login lockout count in a real
redis-server instead of PostgreSQL, with the same answers."""

from __future__ import annotations

import redis
from flask.testing import FlaskClient

from tests.conftest import PASSWORD


def log_in(client: FlaskClient, email: str, password: str, address: str) -> int:
    """A login from `address`: its status."""
    body = {"email": email, "password": password}
    return client.post(
        "/api/auth/login", json=body, environ_base={"REMOTE_ADDR": address}
    ).status_code


def test_limits_count_in_redis(throttled_app, redis_server: str, redis_client: redis.Redis, sql):
    client = throttled_app(
        RATELIMIT_STORAGE_URL=redis_server,
        RATELIMIT_AUTH_PER_EMAIL="2/minute",
        RATELIMIT_AUTH_PER_ADDRESS="100/minute",
    ).test_client()

    statuses = [log_in(client, "r@example.com", "wrong", f"10.3.0.{i}") for i in range(3)]

    assert statuses == [401, 401, 429]
    assert redis_client.dbsize() > 0
    assert sql("SELECT count(*) FROM rate_limits") == [(0,)]


def test_the_lockout_counts_in_redis(throttled_app, redis_server, redis_client, register):
    client = throttled_app(
        RATELIMIT_STORAGE_URL=redis_server, RATELIMIT_ENABLED=False, LOGIN_MAX_FAILURES=2
    ).test_client()
    register("locked@example.com")

    statuses = [log_in(client, "locked@example.com", "wrong", "10.4.0.1") for _ in range(2)]
    statuses.append(log_in(client, "locked@example.com", PASSWORD, "10.4.0.1"))
    elsewhere = log_in(client, "locked@example.com", PASSWORD, "10.4.0.2")

    assert statuses == [401, 401, 429]
    assert elsewhere == 200
    assert any(key.startswith(b"LIMITS:login-failures/") for key in redis_client.scan_iter())
