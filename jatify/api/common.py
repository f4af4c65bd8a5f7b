"""Pieces every resource module shares: pagination, sorting, base schemas, body checks."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import marshmallow as ma
from flask import request
from marshmallow import validate
from sqlalchemy import Select

from jatify.api.input_rules import (
    REPEATED_MESSAGE,
    document_input_rules,
    repeated_parameters,
    text_problem,
    text_problems,
)
from jatify.errors import BadRequest, InvalidInput
from jatify.services.common import fetch_page

BEARER = [{"bearerAuth": []}]


class StrictSchema(ma.Schema):
    """A request schema that rejects unknown fields, text PostgreSQL cannot store (NUL,
    unpaired surrogates) and a scalar query or form parameter given twice (422).

    The rules are those of `input_rules`, which also states them in the OpenAPI document.
    """

    class Meta:
        unknown = ma.RAISE

    @ma.pre_load
    def refuse_unstorable_text_and_repeats(self, data: Any, **_kwargs: Any) -> Any:
        """422 for any field whose text (at any depth) has NUL or an unpaired surrogate,
        and for a scalar parameter that is repeated (`?page=1&page=2`)."""
        errors = {name: [REPEATED_MESSAGE] for name in repeated_parameters(data, self)}
        if isinstance(data, Mapping):
            for name, value in data.items():
                problem = text_problem(value)
                if problem and name not in errors:
                    errors[str(name)] = [problem]
        if errors:
            raise ma.ValidationError(errors)
        return data


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


# DELETE too: `DELETE /api/user` takes the password in a JSON body.
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
UPLOAD_MIMETYPES = frozenset({"multipart/form-data"})


# What json's decoder raises, besides the JSONDecodeError webargs answers with a 400, for
# a body it cannot build: a RecursionError when nested deeper than the recursion limit,
# a ValueError for an integer longer than sys.get_int_max_str_digits() digits.
UNDECODABLE_JSON_MESSAGE = "The JSON body nests too deeply or has a number too long to read"


def check_request_body() -> None:
    """400 for a body that is neither JSON nor an upload, or JSON that cannot be decoded;
    422 for JSON whose text PostgreSQL cannot store (see `input_rules`).

    webargs would read a body of another type as empty and answer 422 "missing field",
    which hides the real mistake from the client; and it lets the decoder's RecursionError
    and long-integer ValueError escape as a 500. The text is checked here, before any
    route, hook or log line sees it: an unpaired surrogate fails whatever encodes it.
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
        # Strict UTF-8 as the app's decoder reads it: bytes json.loads would let through
        # (an encoded surrogate, UTF-16) are the 400 webargs answers.
        document = json.loads(request.get_data(cache=True).decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return  # webargs answers these itself, saying what is wrong
    except (RecursionError, ValueError):
        raise BadRequest(UNDECODABLE_JSON_MESSAGE) from None
    if details := text_problems(document):
        raise InvalidInput(details=details)


def document_request_rules(api: Any) -> None:
    """State in `api`'s OpenAPI document the rules every `StrictSchema` applies."""
    document_input_rules(api, StrictSchema)


def require_body() -> None:
    """400 unless the request has a body: a partial update sends `{}` to change nothing,
    never nothing at all."""
    if not request.get_data(cache=True):
        raise BadRequest("Send the fields to change as a JSON object")
