"""Field types and limits shared by the layers: the API's schemas and the CSV import's rows.

A record imported from a file obeys exactly the limits of one created through the API.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import UTC
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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
MAX_TIMEZONE = 64
MIN_INTERVIEW_MINUTES = 5
MAX_INTERVIEW_MINUTES = 1440
MAX_INTERVIEWERS = 20
# Files of the zone database that name no zone (the machine's own, a template).
NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})
MAX_EMAIL = 254
MAX_PHONE = 40
MAX_NOTE_BODY = 20_000
MAX_SOURCE = 100
MAX_TAG = 32
MAX_TAGS = 20
# Tags are joined with ";" in CSV and typed comma-separated in the browser.
TAG_FORBIDDEN = (";", ",")


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


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:40] + "…")


def normalise_tags(values: Iterable[Any]) -> list[str]:
    """Tags trimmed and lower-cased, duplicates dropped; a ValidationError names a bad tag."""
    tags: list[str] = []
    for value in values:
        if not isinstance(value, str):
            raise ma.ValidationError("Each tag is a string.")
        tag = value.strip().lower()
        if not 1 <= len(tag) <= MAX_TAG:
            raise ma.ValidationError(f"Tag {_shown(value)} must be 1-{MAX_TAG} characters.")
        if any(mark in tag for mark in TAG_FORBIDDEN) or not tag.isprintable():
            raise ma.ValidationError(
                f"Tag {_shown(value)} must not contain ';', ',' or control characters."
            )
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        raise ma.ValidationError(f"At most {MAX_TAGS} tags, not {len(tags)}.")
    return tags


class Tags(ma.fields.List):
    """A list of tags (see `normalise_tags`): 1-32 characters each, at most 20."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = {
            "description": f"trimmed and lower-cased; 1-{MAX_TAG} characters each without "
            f"';' or ',', at most {MAX_TAGS}, duplicates dropped",
            **kwargs.pop("metadata", {}),
        }
        super().__init__(ma.fields.String(), metadata=metadata, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> list[str]:
        return normalise_tags(super()._deserialize(value, attr, data, **kwargs))


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


def email_key(email: str) -> str:
    """The one form an email is stored under and compared by: NFKC, then case-folded.

    SQL's lower() and Python's lower() disagree on letters such as "İ" and the final
    sigma, so no comparison of emails may happen in SQL on anything but this key.
    """
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", email.strip()).casefold())


# What a person's name, username and phone may be (registration and profile changes).
NAME_RULES = (
    validate.Length(min=1, max=MAX_NAME),
    validate.Regexp(r"[\s\S]*\S", error="Must not be blank."),
)
USERNAME_RULE = validate.Regexp(
    r"^[A-Za-z0-9_.-]{3,64}$", error="3-64 letters, digits, '.', '_' or '-'"
)
PHONE_RULE = validate.Regexp(r"^[0-9 +()./-]{3,40}$", error="3-40 digits and + ( ) . / -")


MIN_PASSWORD = 8
MAX_PASSWORD = 128
# zxcvbn scores 0-4; 0 and 1 are the common passwords and their easy variations.
MIN_PASSWORD_SCORE = 2
# zxcvbn's time grows steeply with length (0.3 s at 128 characters); it reads this much.
PASSWORD_CHECKED_CHARS = 72
PASSWORD_LENGTH = validate.Length(min=MIN_PASSWORD, max=MAX_PASSWORD)


def _guessability_problem(password: str) -> str | None:
    """Why a password of an acceptable length is still refused (blank, easy to guess)."""
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        return None  # PASSWORD_LENGTH says so
    if not password.strip():
        return "Must not be only spaces."
    # Imported on first use: its dictionaries take a tenth of a second to load.
    from zxcvbn import zxcvbn

    verdict = zxcvbn(password[:PASSWORD_CHECKED_CHARS])
    if verdict["score"] >= MIN_PASSWORD_SCORE:
        return None
    feedback = verdict["feedback"]
    advice = feedback["suggestions"] or ["Add another word or two. Uncommon words are better."]
    return " ".join(part for part in ("Too easy to guess.", feedback["warning"], advice[0]) if part)


def _check_guessability(password: str) -> None:
    problem = _guessability_problem(password)
    if problem:
        raise ma.ValidationError(problem)


def password_problem(password: str) -> str | None:
    """Why `password` may not be chosen as a new one, or None: the rule of every way of
    setting a password (register, change, reset, the operators' commands)."""
    try:
        PASSWORD_LENGTH(password)
    except ma.ValidationError as error:
        return " ".join(error.messages)
    return _guessability_problem(password)


def new_password_field(**kwargs: Any) -> ma.fields.String:
    """A password being chosen: 8-128 characters, not only spaces, not easy to guess."""
    description = (
        f"{MIN_PASSWORD}-{MAX_PASSWORD} characters, not only spaces, and not easy to guess "
        "(a common password or a variation of one is refused; the message says why)"
    )
    return ma.fields.String(
        validate=[PASSWORD_LENGTH, _check_guessability],
        metadata={"description": description},
        **kwargs,
    )


class NewAccountSchema(ma.Schema):
    """What a new account needs, whether it comes from the API or `flask users create`."""

    email = ma.fields.Email(required=True, validate=validate.Length(max=254))
    password = new_password_field(required=True)
    name = ma.fields.String(required=True, validate=list(NAME_RULES))
    username = ma.fields.String(allow_none=True, validate=USERNAME_RULE)
    phone = ma.fields.String(allow_none=True, validate=PHONE_RULE)


class TimeZoneName(ma.fields.String):
    """An IANA time zone name that Python's zoneinfo knows, such as Europe/Berlin."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(validate=validate.Length(min=1, max=MAX_TIMEZONE), **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        name = super()._deserialize(value, attr, data, **kwargs).strip()
        try:
            if len(name) > MAX_TIMEZONE or "\x00" in name or name in NOT_ZONES:
                raise ValueError(name)
            ZoneInfo(name)
        except (ValueError, ZoneInfoNotFoundError):
            raise ma.ValidationError("Must be an IANA time zone such as Europe/Berlin.") from None
        return name


class StrictBoolean(ma.fields.Boolean):
    """A JSON true or false, and nothing that merely looks like one ("yes", 1)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class Instant(ma.fields.AwareDateTime):
    """An ISO 8601 date and time with its UTC offset (one without is refused), 1970-2999."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            format="iso",
            metadata={"description": "ISO 8601 with a UTC offset", **kwargs.pop("metadata", {})},
            error_messages={"invalid_awareness": "Must carry a UTC offset, e.g. +01:00 or Z."},
            **kwargs,
        )

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        instant = super()._deserialize(value, attr, data, **kwargs)
        if not 1970 <= instant.year <= 2999:
            raise ma.ValidationError("Must be between the years 1970 and 2999.")
        return instant.astimezone(UTC)
