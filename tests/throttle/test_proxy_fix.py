"""PROXY_FIX_HOPS: behind trusted proxies the limits key on the forwarded client address
and HTTPS is seen (HSTS); without them, forged X-Forwarded-* headers change nothing."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

PROXY = {"REMOTE_ADDR": "10.9.9.9"}
LIMITS = {"RATELIMIT_AUTH_PER_ADDRESS": "2/minute", "RATELIMIT_AUTH_PER_EMAIL": "100/minute"}


def login_from(client: FlaskClient, forwarded_for: str, number: int) -> int:
    """A failed login that the proxy says comes from `forwarded_for`: its status."""
    body = {"email": f"someone{number}@example.com", "password": "wrong-pass"}
    headers = {"X-Forwarded-For": forwarded_for}
    response = client.post("/api/auth/login", json=body, headers=headers, environ_base=PROXY)
    return response.status_code


def health_over_forwarded_https(client: FlaskClient) -> Any:
    """/healthz through a proxy that says the client used HTTPS."""
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.5"}
    return client.get("/healthz", headers=headers, environ_base=PROXY)


def test_behind_one_trusted_proxy_the_limit_keys_on_the_forwarded_address(throttled_app):
    client = throttled_app(**LIMITS, PROXY_FIX_HOPS=1).test_client()

    first = [login_from(client, "203.0.113.1", n) for n in range(3)]
    second = [login_from(client, "spoofed, 203.0.113.2", n) for n in range(3, 5)]

    assert first == [401, 401, 429]
    assert second == [401, 401]  # only the address the trusted proxy appended counts


def test_without_trusted_proxies_a_forged_forwarded_for_is_ignored(throttled_app):
    client = throttled_app(**LIMITS, PROXY_FIX_HOPS=0).test_client()

    statuses = [login_from(client, f"203.0.113.{n}", n) for n in range(3)]

    assert statuses == [401, 401, 429]


def test_hsts_follows_the_https_a_trusted_proxy_reports(throttled_app):
    trusting = throttled_app(PROXY_FIX_HOPS=1).test_client()
    direct = throttled_app(PROXY_FIX_HOPS=0).test_client()

    assert "max-age=" in health_over_forwarded_https(trusting).headers["Strict-Transport-Security"]
    assert "Strict-Transport-Security" not in health_over_forwarded_https(direct).headers
