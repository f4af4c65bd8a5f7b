"""Failed logins, counted per email and client address in the shared throttle storage.

LOGIN_MAX_FAILURES failures within LOGIN_LOCKOUT_SECONDS (a window that starts with the
first failure) lock that email for that address until the window ends. The count is
kept whether or not an account has the email, so a locked email tells nothing about
its existence; and a lock holds only for the address that earned it, so nobody can lock
an account's owner out from elsewhere.
"""

from __future__ import annotations

import math
import time

from jatify import throttle
from jatify.errors import AccountLocked


def _failures_key(email: str, address: str) -> str:
    return f"login-failures/{throttle.current().email_bucket(email)}/{address}"


def check_not_locked(email: str, address: str) -> None:
    """AccountLocked (with the seconds left) when this email is locked for this address."""
    counters = throttle.current()
    key = _failures_key(email, address)
    if counters.storage.get(key) < counters.max_failures:
        return
    seconds_left = counters.storage.get_expiry(key) - time.time()
    raise AccountLocked(retry_after_seconds=max(1, math.ceil(seconds_left)))


def count_failure(email: str, address: str) -> None:
    """Count one wrong password for this email from this address (exact under concurrency:
    one atomic increment)."""
    counters = throttle.current()
    counters.storage.incr(_failures_key(email, address), counters.lockout_seconds)


def clear_failures(email: str, address: str) -> None:
    """Forget this email's failures from this address (after a right password)."""
    throttle.current().storage.clear(_failures_key(email, address))
