"""The auth routes' rate limits (flask-limiter) and the shared counter storage they and
the login failure counters use.

Each app gets a Limiter of its own (flask-limiter keeps its settings on the instance, and
a process may build several apps), built in `init_app` after the blueprints: every view
marked with `auth_limits` is wrapped with its limits there. The storage is Redis when
RATELIMIT_STORAGE_URL says so, otherwise the app's PostgreSQL (`throttle.postgres`).
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import Flask, current_app
from flask_limiter import Limiter
from limits import RateLimitItem
from limits.errors import StorageError
from limits.storage import Storage, storage_from_string

from jatify.throttle.keys import NO_EMAIL, body_email, client_address, email_bucket
from jatify.throttle.postgres import PostgresStorage

EXTENSION = "jatify.throttle"
# Set on a view function by `auth_limits`: whether its body's email is limited too.
MARK = "_jatify_auth_limits"
REDIS_TIMEOUT_SECONDS = 5
View = TypeVar("View", bound=Callable[..., Any])


class RouteLimiter(Limiter):
    """flask-limiter's Limiter for limits decorated on views only.

    Its hook before every request checks application-wide and default limits, which
    Jatify has none of; skipping it spares each request about 0.5 M CPU instructions
    (bench/results/auth.md). The views' own limits are checked by their decorators,
    which call this method with `in_middleware=False`.
    """

    def _check_request_limit(
        self, callable_name: str | None = None, in_middleware: bool = True
    ) -> None:
        if not in_middleware:
            super()._check_request_limit(callable_name=callable_name, in_middleware=False)


@dataclass(frozen=True)
class Throttle:
    """One app's counters: the storage, its limiter (None when RATELIMIT_ENABLED is off)
    and the login failure rule, read from the config once."""

    storage: Storage
    limiter: Limiter | None
    secret: bytes = field(repr=False)
    max_failures: int
    lockout_seconds: int

    def email_bucket(self, email: str) -> str:
        """The keyed hash `email` is counted under."""
        return email_bucket(email, self.secret)


def auth_limits(*, per_email: bool = True) -> Callable[[View], View]:
    """Mark an auth route for RATELIMIT_AUTH_PER_ADDRESS and, unless `per_email` is off,
    RATELIMIT_AUTH_PER_EMAIL on its body's `email` (applied by `init_app`)."""

    def mark(view: View) -> View:
        setattr(view, MARK, per_email)
        return view

    return mark


def storage_settings(config: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The storage URI and options: RATELIMIT_STORAGE_URL, else the app's database.

    Storage errors come out as limits' StorageError, which the API answers with a 503.
    """
    url = config["RATELIMIT_STORAGE_URL"]
    if url:
        timeout = REDIS_TIMEOUT_SECONDS
        return url, {
            "wrap_exceptions": True,
            "socket_timeout": timeout,
            "socket_connect_timeout": timeout,
        }
    uri = f"{PostgresStorage.STORAGE_SCHEME[0]}://"
    return uri, {"wrap_exceptions": True, "dsn": config["DATABASE_DSN"]}


def init_app(app: Flask) -> None:
    """Build the app's storage and, when RATELIMIT_ENABLED, its limiter; wrap the marked
    views (call after the blueprints are registered). Connects to nothing yet."""
    config = app.config
    uri, options = storage_settings(config)
    limiter = None
    if config["RATELIMIT_ENABLED"]:
        limiter = RouteLimiter(
            key_func=client_address,
            storage_uri=uri,
            storage_options=options,
            strategy="fixed-window",
            headers_enabled=False,
        )
        limiter.init_app(app)
    secret = hashlib.sha256(b"jatify.throttle:" + config["SECRET_KEY"].encode()).digest()
    app.extensions[EXTENSION] = Throttle(
        storage=storage_from_string(uri, **options),
        limiter=limiter,
        secret=secret,
        max_failures=config["LOGIN_MAX_FAILURES"],
        lockout_seconds=config["LOGIN_LOCKOUT_SECONDS"],
    )
    if limiter is not None:
        _limit_marked_views(app, limiter, secret)


def _limit_marked_views(app: Flask, limiter: Limiter, secret: bytes) -> None:
    per_address = app.config["RATELIMIT_AUTH_PER_ADDRESS"]
    per_email = app.config["RATELIMIT_AUTH_PER_EMAIL"]

    def email_limit_key() -> str:
        email = body_email()
        return "email:" + (NO_EMAIL if email is None else email_bucket(email, secret))

    for endpoint, view in list(app.view_functions.items()):
        by_email = getattr(view, MARK, None)
        if by_email is None:
            continue
        limited = limiter.limit(per_address, key_func=client_address)(view)
        if by_email:
            limited = limiter.limit(per_email, key_func=email_limit_key)(limited)
        app.view_functions[endpoint] = limited


def current() -> Throttle:
    """The current app's counters."""
    return current_app.extensions[EXTENSION]


def retry_after_seconds(breached: RateLimitItem) -> int:
    """Seconds until the limit the current request went over lets it through again (its
    whole window when the storage cannot tell)."""
    limiter = current().limiter
    request_limit = limiter.current_limit if limiter is not None else None
    if request_limit is None:
        return breached.get_expiry()
    try:
        reset_time = request_limit.window.reset_time
    except StorageError:
        return breached.get_expiry()
    return max(1, math.ceil(reset_time - time.time()))
