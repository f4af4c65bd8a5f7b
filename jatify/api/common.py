"""Pieces every resource module shares: pagination, sorting and base schemas."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import marshmallow as ma
from flask import request
from marshmallow import validate
from sqlalchemy import Select

from jatify.errors import BadRequest
from jatify.services.common import fetch_page

BEARER = [{"bearerAuth": []}]


class StrictSchema(ma.Schema):
    """A request schema that rejects unknown fields and NUL characters (422).

    PostgreSQL cannot store NUL in text, so it is refused at the door for every field.
    """

    class Meta:
        unknown = ma.RAISE

    @ma.pre_load
    def refuse_nul_characters(self, data: Any, **_kwargs: Any) -> Any:
        """422 for any field whose text (at any depth) contains a NUL character."""
        if isinstance(data, Mapping):
            bad = sorted(str(name) for name, value in data.items() if _contains_nul(value))
            if bad:
                message = ["Must not contain NUL characters."]
                raise ma.ValidationError(dict.fromkeys(bad, message))
        return data


def _contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, Mapping):
        return any(_contains_nul(k) or _contains_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_contains_nul(item) for item in value)
    return False


class PaginationArgs(StrictSchema):
    """`page` (from 1) and `page_size` (1-100, default 20)."""

    page = ma.fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    page_size = ma.fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


def sort_field(allowed: Sequence[str], default: str) -> ma.fields.String:
    """A `sort` query field limited to an allowlist of keys, `-key` meaning descending."""
    choices = [key for name in allowed for key in (name, f"-{name}")]
    return ma.fields.String(load_default=default, validate=validate.OneOf(choices))


def page_schema(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    """The list envelope `{items, page, page_size, total, pages}` around `item_schema`."""
    return ma.Schema.from_dict(
        {
            "items": ma.fields.List(ma.fields.Nested(item_schema), required=True),
            "page": ma.fields.Integer(required=True),
            "page_size": ma.fields.Integer(required=True),
            "total": ma.fields.Integer(required=True),
            "pages": ma.fields.Integer(required=True),
        },
        name=name,
    )


def paginate(query: Select, page: int, page_size: int) -> dict[str, Any]:
    """The list answer of one page of `query` (two SQL statements, whatever the size)."""
    items, total = fetch_page(query, page, page_size)
    return page_envelope(items, page, page_size, total)


def page_envelope(items: list[Any], page: int, page_size: int, total: int) -> dict[str, Any]:
    """The list answer `{items, page, page_size, total, pages}` (see `page_schema`)."""
    return {
        "items": items,
        "page": page,
        "page_size": page_size,
        "total": total,
        "pages": (total + page_size - 1) // page_size,
    }


BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
UPLOAD_MIMETYPES = frozenset({"multipart/form-data"})


# What json's decoder raises, besides the JSONDecodeError webargs answers with a 400, for
# a body it cannot build: a RecursionError when nested deeper than the recursion limit,
# a ValueError for an integer longer than sys.get_int_max_str_digits() digits.
UNDECODABLE_JSON_MESSAGE = "The JSON body nests too deeply or has a number too long to read"


def check_request_body() -> None:
    """400 for a body that is neither JSON nor an upload, or JSON that cannot be decoded.

    webargs would read a body of another type as empty and answer 422 "missing field",
    which hides the real mistake from the client; and it lets the decoder's RecursionError
    and long-integer ValueError escape as a 500.
    """
    if request.method not in BODY_METHODS or not request.path.startswith("/api/"):
        return
    if not request.content_length and not request.headers.get("Transfer-Encoding"):
        return
    if request.mimetype in UPLOAD_MIMETYPES:
        return
    if not request.is_json:
        raise BadRequest(
            "Send the request body as application/json",
            details={"content_type": request.mimetype},
        )
    try:
        json.loads(request.get_data(cache=True))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return  # webargs answers these itself, saying what is wrong
    except (RecursionError, ValueError):
        raise BadRequest(UNDECODABLE_JSON_MESSAGE) from None


def require_body() -> None:
    """400 unless the request has a body: a partial update sends `{}` to change nothing,
    never nothing at all."""
    if not request.get_data(cache=True):
        raise BadRequest("Send the fields to change as a JSON object")
