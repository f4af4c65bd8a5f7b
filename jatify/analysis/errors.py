"""Why an analysis failed, split the way the queue needs it: retry later or give up."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


class AnalysisError(Exception):
    """An analysis could not be produced; `message` is a sentence a person understands."""

    transient: bool = False
    default_message = "the analysis failed"

    def __init__(
        self,
        message: str | None = None,
        *,
        retry_after_seconds: float | None = None,
        status_code: int | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.retry_after_seconds = retry_after_seconds
        self.status_code = status_code
        super().__init__(self.message)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.message!r}, "
            f"retry_after_seconds={self.retry_after_seconds!r}, status_code={self.status_code!r})"
        )


class TransientAnalysisError(AnalysisError):
    """Worth retrying: a timeout, a dropped connection, a 408/429/5xx, a malformed reply."""

    transient = True
    default_message = "the model endpoint failed for now; the analysis will be retried"


class PermanentAnalysisError(AnalysisError):
    """Retrying cannot help until someone changes the configuration or the input."""

    transient = False
    default_message = "the model endpoint refused the request; check the LLM settings"


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), or None."""
    if not value or not value.strip():
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if math.isnan(seconds) or math.isinf(seconds):
        return None
    return max(0.0, seconds)


_BEARER = re.compile(r"(?i)(bearer\s+)[^\s\"',;]+")
_KEY_LIKE = re.compile(r"\bsk-[A-Za-z0-9_\-]{8,}")


def scrub(text: str, *secrets: str) -> str:
    """`text` with the given secrets, bearer tokens and sk-… keys replaced by [redacted]."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[redacted]")
    text = _BEARER.sub(r"\1[redacted]", text)
    return _KEY_LIKE.sub("[redacted]", text)
