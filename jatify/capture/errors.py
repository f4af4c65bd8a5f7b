"""Why a capture found no posting: a stable code, a sentence, and whether to try again."""

from __future__ import annotations

from jatify.vocabulary import CaptureError


class CaptureFailure(Exception):
    """A page could not be fetched or read as a job posting.

    `transient` failures (a timeout, a dropped connection, HTTP 408/429/5xx) may succeed
    later; the others are the answer. `http_status` is the page's status when it had one.
    """

    def __init__(
        self,
        code: CaptureError,
        message: str,
        *,
        transient: bool = False,
        retry_after_seconds: float | None = None,
        http_status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.transient = transient
        self.retry_after_seconds = retry_after_seconds
        self.http_status = http_status
