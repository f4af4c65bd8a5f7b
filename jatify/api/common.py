"""Pieces every resource module shares: pagination, sorting and base schemas."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import marshmallow as ma
from flask import request
from marshmallow import validate
from sqlalchemy import Select, func, select

from jatify.errors import APIError
from jatify.extensions import db

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
    """Run `query` for one page and count its total: two SQL statements, whatever the size."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    items = db.session.scalars(query.limit(page_size).offset((page - 1) * page_size)).unique()
    return page_envelope(list(items), page, page_size, total)


def page_envelope(items: list[Any], page: int, page_size: int, total: int) -> dict[str, Any]:
    """The list answer `{items, page, page_size, total, pages}` (see `page_schema`)."""
    return {
        "items": items,
        "page": page,
        "page_size": page_size,
        "total": total,
        "pages": (total + page_size - 1) // page_size,
    }


def order_by(model: type, sort: str) -> list[Any]:
    """ORDER BY clauses for an allowlisted `sort` key, with the id as a stable tiebreak."""
    descending = sort.startswith("-")
    column = getattr(model, sort.lstrip("-"))
    tiebreak = model.id.desc() if descending else model.id.asc()
    return [column.desc() if descending else column.asc(), tiebreak]


BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
UPLOAD_MIMETYPES = frozenset({"multipart/form-data"})


def reject_non_json_bodies() -> None:
    """400 for a request body that is neither JSON nor an upload (wrong content type).

    webargs would read such a body as empty and answer 422 "missing field", which hides
    the real mistake from the client.
    """
    if request.method not in BODY_METHODS or not request.path.startswith("/api/"):
        return
    if not request.content_length and not request.headers.get("Transfer-Encoding"):
        return
    if request.is_json or request.mimetype in UPLOAD_MIMETYPES:
        return
    raise APIError(
        "Send the request body as application/json", details={"content_type": request.mimetype}
    )
