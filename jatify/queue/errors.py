"""What a job handler raises to tell the queue how an attempt ended."""

from __future__ import annotations


class TransientError(Exception):
    """The attempt failed for a passing reason: retry with backoff (at least Retry-After)."""

    def __init__(
        self, message: str = "transient failure", retry_after_seconds: float | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after_seconds = retry_after_seconds


class PermanentError(Exception):
    """The job can never succeed: fail it now and write its dead letter."""

    def __init__(self, message: str = "permanent failure") -> None:
        super().__init__(message)
        self.message = message


class Defer(Exception):
    """Run the job again after a delay without spending the attempt."""

    def __init__(self, delay_seconds: float, reason: str = "") -> None:
        super().__init__(reason or f"deferred for {delay_seconds} s")
        self.delay_seconds = delay_seconds
        self.reason = reason


class JobTimeout(TransientError):
    """The attempt ran past its kind's hard timeout (raised by SIGALRM in the worker)."""

    def __init__(self, message: str = "the job exceeded its timeout") -> None:
        super().__init__(message)


class UnknownKind(LookupError):
    """No job kind of that name is registered."""

    def __init__(self, message: str = "unknown job kind") -> None:
        super().__init__(message)


class InvalidPayload(ValueError):
    """A payload does not match its job kind's schema."""

    def __init__(self, message: str = "invalid job payload") -> None:
        super().__init__(message)
