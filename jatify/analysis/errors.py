"""Why an analysis failed, split the way the queue needs it: retry later or give up."""

from __future__ import annotations

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


# The longest wait a Retry-After may ask for; QUEUE_RETRY_MAX_SECONDS's default.
DEFAULT_RETRY_MAX_SECONDS = 600.0
_DELTA_SECONDS = re.compile(r"[+-]?\d+(?:\.\d*)?")


def parse_retry_after(
    value: str | None,
    now: datetime | None = None,
    *,
    max_seconds: float = DEFAULT_RETRY_MAX_SECONDS,
) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), or None.

    The wait is clamped to 0..`max_seconds`: a server asking for a year (or for a date in
    year 9999, or for more seconds than a float holds) gets `max_seconds`, so no caller
    ever builds a timestamp out of range from it. Anything unreadable is None.
    """
    if not value or not value.strip():
        return None
    value = value.strip()
    if _DELTA_SECONDS.fullmatch(value):
        seconds = float(value)  # digits only: never NaN, at worst inf, clamped below
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(0.0, seconds), max_seconds)


_BEARER = re.compile(r"(?i)(bearer\s+)[^\s\"',;]+")
_KEY_LIKE = re.compile(r"\bsk-[A-Za-z0-9_\-]{8,}")
REDACTED = "[redacted]"
# Any run of this many characters of a secret is redacted, wherever and however cased.
SECRET_PIECE_CHARS = 8
# Shorter "secrets" are placeholders (an endpoint that takes no key, LLM_API_KEY=x).
MIN_SECRET_CHARS = 4
# Bodies are read this far; what users or logs see of them is much shorter anyway.
MAX_SCRUB_CHARS = 20_000


def _fold(text: str) -> str:
    """`text` lower-cased character by character, so indices keep pointing at `text`."""
    return "".join(lowered if len(lowered := char.lower()) == 1 else char for char in text)


def _secret_spans(text: str, secret: str) -> list[tuple[int, int]]:
    """The [start, end) spans of `text` holding a piece of `secret`.

    A piece is a run of SECRET_PIECE_CHARS characters of the secret (the whole secret when
    it is shorter), in any case and with any whitespace between its characters: an
    endpoint that echoes the key upper-cased, or wrapped over lines, still gives no piece
    of it away.
    """
    key = "".join(_fold(secret).split())
    if len(key) < MIN_SECRET_CHARS:
        return []
    width = min(SECRET_PIECE_CHARS, len(key))
    pieces = {key[start : start + width] for start in range(len(key) - width + 1)}
    folded = _fold(text)
    positions = [index for index, char in enumerate(folded) if not char.isspace()]
    compact = "".join(folded[index] for index in positions)
    spans: list[tuple[int, int]] = []
    for start in range(len(compact) - width + 1):
        if compact[start : start + width] in pieces:
            begin, end = positions[start], positions[start + width - 1] + 1
            if spans and begin <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
            else:
                spans.append((begin, end))
    return spans


def redact_secret(text: str, secret: str) -> str:
    """`text` with every piece of `secret` (see `_secret_spans`) replaced by [redacted]."""
    parts, cursor = [], 0
    for begin, end in _secret_spans(text, secret):
        parts += [text[cursor:begin], REDACTED]
        cursor = end
    return "".join([*parts, text[cursor:]])


def scrub(text: str, *secrets: str) -> str:
    """`text` (its first MAX_SCRUB_CHARS) with the given secrets, in any case or in pieces,
    bearer tokens and sk-… keys replaced by [redacted]."""
    text = text[:MAX_SCRUB_CHARS]
    for secret in secrets:
        if secret:
            text = redact_secret(text, secret)
    text = _BEARER.sub(rf"\1{REDACTED}", text)
    return _KEY_LIKE.sub(REDACTED, text)
