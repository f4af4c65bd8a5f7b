"""The one JSON error envelope of the API and the handlers that produce it.

Every failure answers `{"error": {"code", "message", "details"?}}`: validation errors
from webargs/marshmallow, routing 404/405, flask-jwt-extended's token errors, and
unexpected exceptions (as a bare 500 that never carries SQL or a stack trace).
"""

from __future__ import annotations

import logging
from typing import Any

import marshmallow as ma
from flask import Flask, Response, jsonify
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)

CODES_BY_STATUS = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "file_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
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


# What json's decoder raises, besides the JSONDecodeError webargs answers with a 400, for
# a body it cannot build: a RecursionError when nested deeper than the recursion limit,
# a ValueError for an integer longer than sys.get_int_max_str_digits() digits.
UNDECODABLE_JSON = ("while decoding a JSON", "for integer string conversion")
UNDECODABLE_JSON_MESSAGE = "The JSON body nests too deeply or has a number too long to read"


class ErrorBodySchema(ma.Schema):
    """What went wrong: a stable code, a sentence, and per-field messages when relevant."""

    code = ma.fields.String(required=True, metadata={"example": "not_found"})
    message = ma.fields.String(required=True)
    details = ma.fields.Dict(metadata={"description": "field name -> messages"})


class ErrorEnvelopeSchema(ma.Schema):
    """The one shape of every error answer (documented for every route)."""

    error = ma.fields.Nested(ErrorBodySchema, required=True)


# What a 503 for a database outage tells clients to wait before trying again.
DATABASE_RETRY_AFTER_SECONDS = 2


class APIError(Exception):
    """An error the API answers deliberately, with its status and stable code."""

    status = 400
    code = "bad_request"
    message = "The request could not be understood"

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        status: int | None = None,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.message = message or self.message
        self.code = code or self.code
        self.status = status or self.status
        self.details = details
        self.headers = headers or {}
        super().__init__(self.message)


class NotFound(APIError):
    """The record does not exist or belongs to someone else (never told apart)."""

    status = 404
    code = "not_found"
    message = "Not found"


class Conflict(APIError):
    """The request collides with the current state of a record."""

    status = 409
    code = "conflict"
    message = "The request conflicts with the current state"


class ValidationFailed(APIError):
    """A field is well-formed but not acceptable (e.g. another user's job listing)."""

    status = 422
    code = "validation_error"
    message = "The request has invalid fields"


class Unauthorized(APIError):
    """Missing, wrong or revoked credentials."""

    status = 401
    code = "unauthorized"
    message = "Authentication required"


class Forbidden(APIError):
    """The caller is authenticated but may not use this route (e.g. an admin-only one)."""

    status = 403
    code = "forbidden"
    message = "You are not allowed to do this"


def envelope(
    status: int,
    code: str,
    message: str,
    details: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """Build the JSON error answer."""
    body: dict[str, Any] = {"code": code, "message": message}
    if details:
        body["details"] = _string_keys(details)
    response = jsonify(error=body)
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


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


def error_response(error: HTTPException) -> Response:
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
    from jatify.extensions import db

    log.exception("unhandled error", exc_info=error)
    db.session.rollback()
    return envelope(500, "internal_error", MESSAGES_BY_STATUS[500])


def database_unavailable_response(error: OperationalError) -> Response:
    """A database that is restarting, unreachable or cancelled the statement: 503, retry."""
    from jatify.extensions import db

    reason = str(error.orig).strip().splitlines() or [type(error.orig).__name__]
    log.warning("database unavailable: %s", reason[0])
    try:
        db.session.rollback()
    except OperationalError:
        db.session.close()
    return envelope(
        503,
        "unavailable",
        "The database is not available right now; try again shortly",
        headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)},
    )


def init_app(app: Flask) -> None:
    """Register the handlers that turn every failure into the envelope."""

    @app.errorhandler(OperationalError)
    def handle_database_unavailable(error: OperationalError) -> Response:
        return database_unavailable_response(error)

    @app.errorhandler(APIError)
    def handle_api_error(error: APIError) -> Response:
        return envelope(error.status, error.code, error.message, error.details, error.headers)

    @app.errorhandler(HTTPException)
    def handle_http_exception(error: HTTPException) -> Response:
        return error_response(error)

    @app.errorhandler(RecursionError)
    @app.errorhandler(ValueError)
    def handle_undecodable_json(error: Exception) -> Response:
        if any(sign in str(error) for sign in UNDECODABLE_JSON):
            return envelope(400, "bad_request", UNDECODABLE_JSON_MESSAGE)
        return unexpected_error_response(error)

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception) -> Response:
        return unexpected_error_response(error)
