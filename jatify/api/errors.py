"""The one place where failures become HTTP answers: `{"error": {"code", "message", "details"?}}`.

Domain errors (`jatify.errors`) get their status from `STATUS_BY_ERROR`; werkzeug's
HTTP exceptions (routing 404/405, 413, webargs' 422) from `CODES_BY_STATUS`; the JWT
loaders, the body checks, a database outage and the auth rate limits (flask-limiter) go
through the same envelope; anything else is a bare 500 that never carries SQL or a stack trace.
"""

from __future__ import annotations

import logging
from typing import Any

import marshmallow as ma
from flask import Flask, Response, jsonify
from flask_limiter import RateLimitExceeded
from flask_smorest import Api
from limits.errors import StorageError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from jatify import throttle
from jatify.errors import (
    AccountLocked,
    BadRequest,
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    QuotaExceeded,
    Unavailable,
    UnsupportedMediaType,
)
from jatify.extensions import db
from jatify.vocabulary import ErrorCode

log = logging.getLogger(__name__)

# The HTTP status of each domain error; a subclass answers like its nearest listed base.
STATUS_BY_ERROR: dict[type[DomainError], int] = {
    BadRequest: 400,
    NotAuthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    UnsupportedMediaType: 415,
    InvalidInput: 422,
    AccountLocked: 429,
    QuotaExceeded: 429,
    Unavailable: 503,
    DomainError: 400,
}

CODES_BY_STATUS = {
    400: ErrorCode.BAD_REQUEST,
    401: ErrorCode.UNAUTHORIZED,
    403: ErrorCode.FORBIDDEN,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    409: ErrorCode.CONFLICT,
    413: ErrorCode.FILE_TOO_LARGE,
    415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    422: ErrorCode.VALIDATION_ERROR,
    429: ErrorCode.RATE_LIMITED,
    500: ErrorCode.INTERNAL_ERROR,
    503: ErrorCode.UNAVAILABLE,
}

MESSAGES_BY_STATUS = {
    400: "The request could not be understood",
    404: "Not found",
    405: "Method not allowed",
    413: "The request body is larger than the upload limit",
    415: "Unsupported media type",
    422: "The request has invalid fields",
    500: "Internal server error",
}

RATE_LIMITED_MESSAGE = "Too many requests; try again later"

# What a 503 for a database outage tells clients to wait before trying again.
DATABASE_RETRY_AFTER_SECONDS = 2


class ErrorBodySchema(ma.Schema):
    """What went wrong: a stable code, a sentence, and per-field messages when relevant."""

    code = ma.fields.String(required=True, metadata={"example": "not_found"})
    message = ma.fields.String(required=True)
    details = ma.fields.Dict(metadata={"description": "field name -> messages"})


class ErrorEnvelopeSchema(ma.Schema):
    """The one shape of every error answer (documented for every route)."""

    error = ma.fields.Nested(ErrorBodySchema, required=True)


class JatifyApi(Api):
    """flask-smorest's Api, answering (and documenting) every HTTP error in one envelope."""

    ERROR_SCHEMA = ErrorEnvelopeSchema

    def handle_http_exception(self, error):  # noqa: ANN001, ANN201 - flask-smorest's signature
        return http_error_response(error)


def envelope(
    status: int,
    code: str,
    message: str,
    details: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """Build the JSON error answer."""
    body: dict[str, Any] = {"code": str(code), "message": message}
    if details:
        body["details"] = _string_keys(details)
    response = jsonify(error=body)
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def status_of(error: DomainError) -> int:
    """The HTTP status of a domain error: that of its nearest class in STATUS_BY_ERROR."""
    for cls in type(error).__mro__:
        if cls in STATUS_BY_ERROR:
            return STATUS_BY_ERROR[cls]
    return 400


def error_response(error: DomainError) -> Response:
    """Answer a domain error: its status, code, message, details and Retry-After."""
    headers = {}
    if error.retry_after_seconds is not None:
        headers["Retry-After"] = str(error.retry_after_seconds)
    return envelope(status_of(error), error.code, error.message, error.details, headers)


def _string_keys(value: Any) -> Any:
    """`value` with every mapping key a string, so the JSON answer can sort its keys.

    marshmallow keys a list item's errors by its index, and an unknown multipart field
    whose name werkzeug could not read by None.
    """
    if isinstance(value, dict):
        return {"" if key is None else str(key): _string_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_string_keys(item) for item in value]
    return value


def _validation_details(messages: Any) -> dict[str, Any]:
    """Flatten webargs' {location: {field: [msgs]}} into {field: [msgs]}."""
    if not isinstance(messages, dict):
        return {"_schema": messages}
    details: dict[str, Any] = {}
    for location, fields in messages.items():
        if isinstance(fields, dict):
            details.update(fields)
        else:
            details[location] = fields
    return details


def http_error_response(error: HTTPException) -> Response:
    """Answer any werkzeug HTTPException (including webargs' aborts) in the envelope."""
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    code = CODES_BY_STATUS.get(status, "error")
    message = data.get("message") or MESSAGES_BY_STATUS.get(status) or error.name
    details = None
    if "messages" in data or "errors" in data:
        details = _validation_details(data.get("errors") or data.get("messages"))
    headers = dict(data.get("headers") or {})
    valid_methods = getattr(error, "valid_methods", None)
    if status == 405 and valid_methods:
        headers["Allow"] = ", ".join(valid_methods)
    if isinstance(error, InternalServerError):
        message, details = MESSAGES_BY_STATUS[500], None
    return envelope(status, code, message, details, headers)


def unexpected_error_response(error: Exception) -> Response:
    """Log the failure, roll the session back and answer a bare 500."""
    log.exception("unhandled error", exc_info=error)
    db.session.rollback()
    return envelope(500, ErrorCode.INTERNAL_ERROR, MESSAGES_BY_STATUS[500])


def database_unavailable_response(error: OperationalError) -> Response:
    """A database that is restarting, unreachable or cancelled the statement: 503, retry."""
    reason = str(error.orig).strip().splitlines() or [type(error.orig).__name__]
    log.warning("database unavailable: %s", reason[0])
    try:
        db.session.rollback()
    except OperationalError:
        db.session.close()
    return error_response(Unavailable(retry_after_seconds=DATABASE_RETRY_AFTER_SECONDS))


def rate_limited_response(error: RateLimitExceeded) -> Response:
    """An auth route's rate limit (flask-limiter) was reached: 429 with Retry-After."""
    retry_after = throttle.retry_after_seconds(error.limit.limit)
    headers = {"Retry-After": str(retry_after)}
    return envelope(429, ErrorCode.RATE_LIMITED, RATE_LIMITED_MESSAGE, headers=headers)


def counters_unavailable_response(error: StorageError) -> Response:
    """The rate limit counters' storage (Redis, or PostgreSQL) is not answering: 503."""
    log.warning("rate limit storage unavailable: %s", type(error.storage_error).__name__)
    return error_response(Unavailable(retry_after_seconds=DATABASE_RETRY_AFTER_SECONDS))


def init_app(app: Flask) -> None:
    """Register the handlers that turn every failure into the envelope."""
    app.register_error_handler(OperationalError, database_unavailable_response)
    app.register_error_handler(RateLimitExceeded, rate_limited_response)
    app.register_error_handler(StorageError, counters_unavailable_response)
    app.register_error_handler(DomainError, error_response)
    app.register_error_handler(HTTPException, http_error_response)
    app.register_error_handler(Exception, unexpected_error_response)
