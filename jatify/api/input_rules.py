"""The rules every request's input is held to, whatever its route, and how the document
states them.

- Text carries no NUL character (PostgreSQL cannot store one) and no unpaired UTF-16
  surrogate (what a JSON escape such as "\\ud800" decodes to: it has no UTF-8 form, so it
  could never be stored, logged or answered). Either is a 422 wherever it is: any string
  of a JSON body at any depth, keys included, and query and form fields.
- A scalar query or form parameter is given once: `?page=1&page=2` is a 422, not page 1.
- The OpenAPI document says so: a `pattern` on every string a request takes (no NUL; a
  trimmed required text holds a non-blank character; the exact shape of an accepted
  http(s) URL), so a request valid by the document is not refused for them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import marshmallow as ma
from flask_smorest import Api
from webargs.multidictproxy import MultiDictProxy

from jatify.fields import HttpUrl, Text

# The rules as the document's introduction states them; the limits are gunicorn's
# (gunicorn.conf.py), which answers them in the same envelope.
REQUEST_RULES = (
    "Every string a request sends is Unicode text without NUL characters (U+0000) or "
    "unpaired surrogates (U+D800-U+DFFF), and a query parameter that is not a list is "
    "given once; anything else is refused with 422 validation_error. A request line "
    "(method, path and query) over 8190 bytes is refused with 414 uri_too_long; a header "
    "over 8190 bytes, or more than 100 headers, with 431 headers_too_large."
)
NUL_MESSAGE = "Must not contain NUL characters."
SURROGATE_MESSAGE = "Must not contain unpaired surrogates (\\ud800-\\udfff): send valid Unicode."
REPEATED_MESSAGE = "Give this parameter once."
SURROGATE = re.compile("[\ud800-\udfff]")

# ECMA-262 patterns (as the OpenAPI document needs them) of the rules above.
NO_NUL_PATTERN = r"^[^\x00]*$"
NOT_BLANK_PATTERN = r"^[^\x00]*[^\s\x00][^\x00]*$"
# marshmallow's URL rule (absolute, http or https, no TLD required), spelled without its
# IGNORECASE flag; the path holds no NUL.
_LETTER = "A-Za-z0-9\\u00a1-\\uffff"
_LABEL = f"[{_LETTER}](?:[{_LETTER}-]{{0,61}}[{_LETTER}])?"
HTTP_URL_PATTERN = (
    "^[Hh][Tt][Tt][Pp][Ss]?://"
    "(?:(?:[A-Za-z0-9\\-._~!$&'()*+,;=:]|%[0-9A-Fa-f]{2})*@)?"
    f"(?:(?:{_LABEL}\\.)+(?:[A-Za-z\\u00a1-\\uffff]{{2,6}}\\.?|[{_LETTER}-]{{2,}}\\.?)"
    "|localhost|\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|\\[[A-Fa-f0-9]*:[A-Fa-f0-9:]+\\]"
    f"|{_LABEL}\\.?)"
    "(?::\\d+)?(?:/?|[/?#][^\\s\\x00]+)$"
)


def text_problem(value: Any) -> str | None:
    """Why `value` (a decoded JSON value, at any depth, keys included) is refused, or None."""
    # A loop, not recursion: JSON nested as deep as the decoder allows must not overflow.
    pending = [value]
    while pending:
        current = pending.pop()
        if isinstance(current, str):
            if "\x00" in current:
                return NUL_MESSAGE
            if SURROGATE.search(current):
                return SURROGATE_MESSAGE
        elif isinstance(current, Mapping):
            pending.extend(current.keys())
            pending.extend(current.values())
        elif isinstance(current, list | tuple):
            pending.extend(current)
    return None


def text_problems(document: Any) -> dict[str, list[str]]:
    """{field: [message]} for the fields of a request document whose text is refused."""
    if not isinstance(document, Mapping):
        problem = text_problem(document)
        return {"_schema": [problem]} if problem else {}
    details = {}
    for name, value in document.items():
        if problem := text_problem(name):
            details["_schema"] = [f"A field name: {problem}"]
        elif problem := text_problem(value):
            details[str(name)] = [problem]
    return details


def repeated_parameters(data: Any, schema: ma.Schema) -> list[str]:
    """The scalar fields of `schema` given more than once in a query string or form."""
    if not isinstance(data, MultiDictProxy) or not hasattr(data.data, "getlist"):
        return []
    scalars = {
        field.data_key or name
        for name, field in schema.load_fields.items()
        if (field.data_key or name) not in data.multiple_keys
    }
    return sorted(key for key in scalars if len(data.data.getlist(key)) > 1)


def document_input_rules(api: Api, request_schema: type[ma.Schema]) -> None:
    """State the rules of `request_schema` (and its subclasses) in `api`'s document."""

    def input_rules(_converter: Any, field: ma.fields.Field, ret: dict, **_kwargs: Any) -> dict:
        if not isinstance(field.root, request_schema):
            return {}
        if isinstance(field, HttpUrl):
            # Not `format: uri`: an address such as http://zürich.example/ is accepted.
            return {"pattern": HTTP_URL_PATTERN}
        if ret.get("type") != "string" or "format" in ret or "enum" in ret:
            return {}
        if "pattern" in ret:
            # Keep the field's own pattern, anchored at the start and refusing NUL.
            return {"pattern": f"^(?![\\s\\S]*\\x00)[\\s\\S]*?(?:{ret['pattern']})"}
        if isinstance(field, Text) and ret.get("minLength", 0) >= 1:
            return {"pattern": NOT_BLANK_PATTERN}
        return {"pattern": NO_NUL_PATTERN}

    api.ma_plugin.converter.add_attribute_function(input_rules)
