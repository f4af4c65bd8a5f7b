"""How a setting's text becomes its value: each parser returns the value or raises
ValueError with a message that never repeats a secret."""

from __future__ import annotations

import math
from collections.abc import Callable


def bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected a boolean, got {raw!r}")


def positive_int(raw: str) -> int:
    value = int(raw)
    if value < 1:
        raise ValueError(f"expected a positive integer, got {raw!r}")
    return value


def positive_float(raw: str) -> float:
    value = float(raw)
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"expected a positive number, got {raw!r}")
    return value


def non_negative_int(raw: str) -> int:
    value = int(raw)
    if value < 0:
        raise ValueError(f"expected 0 or a positive integer, got {raw!r}")
    return value


def choice(*choices: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        value = raw.strip().lower()
        if value not in choices:
            raise ValueError(f"expected one of {', '.join(choices)}, got {raw!r}")
        return value

    return parse


def csv(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


def text(raw: str) -> str:
    return raw.strip()


def bearer_token(raw: str) -> str:
    # The message never repeats the value: it is a secret.
    value = raw.strip()
    if len(value) < 16 or not all("!" <= char <= "~" for char in value):
        raise ValueError("expected 16 or more printable ASCII characters without spaces")
    return value


def smtp_url(raw: str) -> str:
    # Checked here so a malformed URL stops the process; the message never repeats it
    # (it may hold a password).
    from jatify.mail.settings import parse_smtp_url

    parse_smtp_url(raw)
    return raw.strip()


def rate(raw: str) -> str:
    # A limits rate string: "10/minute", or several at once: "10/minute;100/hour".
    from limits import parse_many

    value = raw.strip()
    parse_many(value)
    return value


REDIS_SCHEMES = ("redis", "rediss", "redis+unix", "redis+sentinel", "redis+cluster")


def limits_storage_url(raw: str) -> str:
    # The message never repeats the URL (it may hold a password).
    value = raw.strip()
    scheme, _, rest = value.partition("://")
    if scheme not in REDIS_SCHEMES or not rest:
        raise ValueError("expected a Redis URL: " + ", ".join(f"{s}://..." for s in REDIS_SCHEMES))
    return value


def public_url(raw: str) -> str:
    value = raw.strip().rstrip("/")
    scheme, _, rest = value.partition("://")
    if scheme not in ("http", "https") or not rest or "/" in rest or "?" in rest or "#" in rest:
        raise ValueError("expected http(s)://host[:port], without a path")
    return value
