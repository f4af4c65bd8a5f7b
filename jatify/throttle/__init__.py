"""Throttling: rate limits on the auth routes and the counters the login lockout keeps,
in storage every web process and host shares (Redis, or PostgreSQL's rate_limits).

Routes mark themselves with `auth_limits`; `services.login_guard` counts failed logins
through `current().storage`; `init_app` wires both for one app.
"""

from __future__ import annotations

from jatify.throttle.extension import (
    Throttle,
    auth_limits,
    current,
    init_app,
    retry_after_seconds,
)
from jatify.throttle.keys import client_address

__all__ = [
    "Throttle",
    "auth_limits",
    "client_address",
    "current",
    "init_app",
    "retry_after_seconds",
]
