"""Field types and limits shared by the layers: the API's schemas and the CSV import's rows.

A record imported from a file obeys exactly the limits of one created through the API.
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import validate

# Ids come from bigint sequences; a larger number could never match and would overflow.
MAX_ID = 2**63 - 1
# statuses.id is a 32-bit integer.
MAX_STATUS_ID = 2**31 - 1
MAX_QUERY_TEXT = 200
MAX_NAME = 200
MAX_STATUS_NAME = 64
MAX_NOTES = 10_000
MAX_STATUS_NOTE = 500
MAX_DESCRIPTION = 20_000
MAX_URL = 2048


class Text(ma.fields.String):
    """A string trimmed of surrounding whitespace, refusing NUL (PostgreSQL cannot store it)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if "\x00" in text:
            raise ma.ValidationError("Must not contain NUL characters.")
        return text.strip()


class OptionalText(Text):
    """An optional trimmed string where null or blank means "no value"."""

    def __init__(self, max_length: int, **kwargs: Any) -> None:
        super().__init__(allow_none=True, validate=validate.Length(max=max_length), **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str | None:
        return super()._deserialize(value, attr, data, **kwargs) or None

    def _validate(self, value: str | None) -> None:
        if value is not None:
            super()._validate(value)


class HttpUrl(ma.fields.Url):
    """An optional absolute http(s) URL of bounded length."""

    def __init__(self, max_length: int, **kwargs: Any) -> None:
        self.max_length = max_length
        super().__init__(
            allow_none=True,
            schemes={"http", "https"},
            require_tld=False,
            validate=validate.Length(max=max_length),
            **kwargs,
        )

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if isinstance(value, str) and (len(value) > self.max_length or "\x00" in value):
            raise ma.ValidationError(f"Must be a URL of at most {self.max_length} characters.")
        return super()._deserialize(value, attr, data, **kwargs)


def required_text(max_length: int, **kwargs: Any) -> Text:
    """A non-blank trimmed string of at most `max_length` characters."""
    return Text(validate=validate.Length(min=1, max=max_length), **kwargs)


def record_id(strict: bool = True, **kwargs: Any) -> ma.fields.Integer:
    """A positive integer id; strict (JSON numbers only) unless it comes from a query string."""
    return ma.fields.Integer(strict=strict, validate=validate.Range(min=1, max=MAX_ID), **kwargs)


def search_text() -> Text:
    """The `q` query argument: free text, matched as a case-insensitive substring."""
    return Text(
        validate=validate.Length(max=MAX_QUERY_TEXT),
        metadata={"description": "case-insensitive substring search"},
    )


def status_id_field(strict: bool = True, **kwargs: Any) -> ma.fields.Integer:
    """A status id (see `GET /api/statuses`)."""
    return ma.fields.Integer(
        strict=strict, validate=validate.Range(min=1, max=MAX_STATUS_ID), **kwargs
    )


class NewAccountSchema(ma.Schema):
    """What a new account needs, whether it comes from the API or `flask users create`."""

    email = ma.fields.Email(required=True, validate=validate.Length(max=254))
    password = ma.fields.String(required=True, validate=validate.Length(min=8, max=128))
    name = ma.fields.String(
        required=True,
        validate=[
            validate.Length(min=1, max=MAX_NAME),
            validate.Regexp(r"[\s\S]*\S", error="Must not be blank."),
        ],
    )
    username = ma.fields.String(
        allow_none=True,
        validate=validate.Regexp(
            r"^[A-Za-z0-9_.-]{3,64}$", error="3-64 letters, digits, '.', '_' or '-'"
        ),
    )
    phone = ma.fields.String(
        allow_none=True,
        validate=validate.Regexp(r"^[0-9 +()./-]{3,40}$", error="3-40 digits and + ( ) . / -"),
    )
