"""The domain's errors: what went wrong, in words and a stable code, never an HTTP status.

Services raise these; the web layer turns them into the API's envelope in one place
(`jatify/api/errors.py`) and the CLI into one line of text (`jatify/cli/errors.py`).
A new error is a subclass here plus, for the web, one line in the API's status table.
"""

from __future__ import annotations

from typing import Any

from jatify.vocabulary import ErrorCode


class DomainError(Exception):
    """A failure the caller can understand and act on."""

    code: ErrorCode = ErrorCode.BAD_REQUEST
    message = "The request could not be understood"

    def __init__(
        self,
        message: str | None = None,
        *,
        code: ErrorCode | None = None,
        details: dict[str, Any] | None = None,
        retry_after_seconds: int | None = None,
    ) -> None:
        self.message = message or self.message
        self.code = code or self.code
        self.details = details
        self.retry_after_seconds = retry_after_seconds
        super().__init__(self.message)


class BadRequest(DomainError):
    """The request cannot be read at all (e.g. a body that is not JSON)."""


class InvalidInput(DomainError):
    """A field is well-formed but not acceptable (e.g. another user's job listing)."""

    code = ErrorCode.VALIDATION_ERROR
    message = "The request has invalid fields"


class NotFound(DomainError):
    """The record does not exist or belongs to someone else (never told apart)."""

    code = ErrorCode.NOT_FOUND
    message = "Not found"


class Conflict(DomainError):
    """The request collides with the current state of a record."""

    code = ErrorCode.CONFLICT
    message = "The request conflicts with the current state"


class NotAuthenticated(DomainError):
    """Missing, wrong, expired or revoked credentials."""

    code = ErrorCode.UNAUTHORIZED
    message = "Authentication required"


class Forbidden(DomainError):
    """The caller is known but may not do this (e.g. an admin-only operation)."""

    code = ErrorCode.FORBIDDEN
    message = "You are not allowed to do this"


class AccountLocked(DomainError):
    """Too many failed logins in a row; `retry_after_seconds` says for how long."""

    code = ErrorCode.ACCOUNT_LOCKED
    message = "Too many failed logins; try again later"


class UnsupportedMediaType(DomainError):
    """An upload is not of a type Jatify reads, whatever its name says."""

    code = ErrorCode.UNSUPPORTED_MEDIA_TYPE
    message = "Upload a PDF, a DOCX or a plain-text file"


class QuotaExceeded(DomainError):
    """An account quota is used up; `details` names it, its limit and the use so far."""

    code = ErrorCode.QUOTA_EXCEEDED
    message = "A quota of your account is used up"


class Unavailable(DomainError):
    """A part Jatify depends on (the database) is not answering; try again shortly."""

    code = ErrorCode.UNAVAILABLE
    message = "The database is not available right now; try again shortly"
