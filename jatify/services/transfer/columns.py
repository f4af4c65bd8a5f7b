"""CSV columns of the exports, the header aliases the import accepts, and cell escaping."""

from __future__ import annotations

import functools
import re
from typing import Any

import marshmallow as ma

from jatify.fields import (
    MAX_DESCRIPTION,
    MAX_NAME,
    MAX_NOTES,
    MAX_SOURCE,
    MAX_STATUS_NAME,
    MAX_URL,
    HttpUrl,
    OptionalText,
    normalise_tags,
    required_text,
)

APPLICATION_COLUMNS = (
    "id",
    "company",
    "position",
    "status",
    "applied_at",
    "notes",
    "job_url",
    "location",
    "salary",
    "job_description",
    "resume",
    "tags",
    "source",
    "created_at",
    "updated_at",
)
# The tags of an application share one cell, joined by this.
TAG_SEPARATOR = ";"
JOB_COLUMNS = (
    "id",
    "company",
    "position",
    "url",
    "location",
    "salary",
    "description",
    "created_at",
    "updated_at",
)

# Import field -> header names that mean it, compared by `header_key()`.
IMPORT_ALIASES: dict[str, tuple[str, ...]] = {
    "company": ("company", "company name", "employer", "organization", "organisation"),
    "position": ("position", "title", "job title", "role", "job"),
    "status": ("status", "stage", "application status"),
    "applied_at": ("applied_at", "date applied", "applied", "applied on", "application date"),
    "notes": ("notes", "note", "comments"),
    "url": ("job_url", "url", "link", "job link", "job url", "posting"),
    "location": ("location", "city"),
    "salary": ("salary", "compensation"),
    "description": ("job_description", "description", "job description"),
    "tags": ("tags", "tag", "labels"),
    "source": ("source", "channel", "found via"),
}
REQUIRED_FIELDS = ("company", "position", "status")

# A spreadsheet reads a cell starting with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def header_key(name: str) -> str:
    """A header name compared without case, spaces, underscores or hyphens."""
    return re.sub(r"[\s_\-]+", "", name).casefold()


ALIAS_TO_FIELD = {
    header_key(alias): field for field, aliases in IMPORT_ALIASES.items() for alias in aliases
}


def neutralise(value: str) -> str:
    """Prefix `'` to a cell a spreadsheet would run as a formula (reversed by `restore`).

    A value that is quotes before a formula character gets one more quote (`'=x` is
    exported as `''=x`), so `restore` gives every value back exactly.
    """
    if value.lstrip("'").startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def restore(value: str) -> str:
    """Undo `neutralise`: drop the one quote it added before a formula character.

    Only for a file with the export's own header: in any other file a leading quote is
    the person's own text and is kept.
    """
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_TRIGGERS):
        return value[1:]
    return value


class TagsCell(ma.fields.Field):
    """A cell of tags joined by `TAG_SEPARATOR`, held to the API's tag rules."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> list[str]:
        parts = str(value).split(TAG_SEPARATOR)
        return normalise_tags(part for part in parts if part.strip())


@functools.cache
def row_schema() -> ma.Schema:
    """One imported row, with the same field types and limits as the API's job and application."""
    fields = {
        "company": required_text(MAX_NAME, required=True),
        "position": required_text(MAX_NAME, required=True),
        "status": required_text(MAX_STATUS_NAME, required=True),
        "applied_at": ma.fields.Date(
            allow_none=True, error_messages={"invalid": "Not a valid date: use YYYY-MM-DD."}
        ),
        "notes": OptionalText(MAX_NOTES),
        "url": HttpUrl(MAX_URL),
        "location": OptionalText(MAX_NAME),
        "salary": OptionalText(MAX_NAME),
        "description": OptionalText(MAX_DESCRIPTION),
        "tags": TagsCell(),
        "source": OptionalText(MAX_SOURCE),
    }
    return ma.Schema.from_dict(fields, name="ImportRow")()


def describe_errors(messages: dict[str, Any]) -> str:
    """marshmallow's `{field: [message]}` as one readable sentence."""
    parts = []
    for field, problems in messages.items():
        text = " ".join(problems) if isinstance(problems, list) else str(problems)
        parts.append(f"{field}: {text}")
    return "; ".join(parts)
