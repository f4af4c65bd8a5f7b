"""schema.org JobPosting as real career sites write it, turned into a listing's fields.

The same property comes in many shapes: `hiringOrganization` as a name or an
Organization; `jobLocation` as one Place or a list, its `address` as text or a
PostalAddress whose country is text or a Country; `jobLocationType: TELECOMMUTE` for
remote work; `baseSalary` as a number, text or a MonetaryAmount whose `value` is a
number or a QuantitativeValue range with `unitText`; dates with or without a time.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

MAX_DEPTH = 8
UNITS = {"HOUR": "hour", "DAY": "day", "WEEK": "week", "MONTH": "month", "YEAR": "year"}
EMPLOYMENT_TYPES = {
    "FULLTIME": "FULL_TIME",
    "PARTTIME": "PART_TIME",
    "CONTRACTOR": "CONTRACTOR",
    "CONTRACT": "CONTRACTOR",
    "TEMPORARY": "TEMPORARY",
    "INTERN": "INTERN",
    "INTERNSHIP": "INTERN",
    "VOLUNTEER": "VOLUNTEER",
    "PERDIEM": "PER_DIEM",
    "OTHER": "OTHER",
}
DATE_START = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def type_names(item: dict[str, Any]) -> set[str]:
    """An item's @type values without their schema.org prefix ("JobPosting")."""
    raw = item.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    return {str(name).rsplit("/", 1)[-1].rsplit(":", 1)[-1] for name in names if name}


def find_job_posting(node: Any, depth: int = 0) -> dict[str, Any] | None:
    """The first JobPosting in a JSON-LD/microdata tree (lists, @graph, nested entities)."""
    if depth > MAX_DEPTH:
        return None
    if isinstance(node, list):
        children: Iterator[Any] = iter(node)
    elif isinstance(node, dict):
        if "JobPosting" in type_names(node):
            return node
        children = iter(node.values())
    else:
        return None
    for child in children:
        found = find_job_posting(child, depth + 1)
        if found is not None:
            return found
    return None


def text_of(value: Any) -> str | None:
    """A property's text: a string, a number, or an entity's name / @value / first item."""
    if isinstance(value, list):
        return next((text for item in value if (text := text_of(item))), None)
    if isinstance(value, dict):
        return text_of(value.get("name") or value.get("@value"))
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    text = " ".join(html.unescape(str(value)).split())
    return text or None


def as_list(value: Any) -> list[Any]:
    """A property that may be one value or a list, as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def organization_name(posting: dict[str, Any]) -> str | None:
    """The hiring organization's name (`hiringOrganization` as text or an Organization)."""
    return text_of(posting.get("hiringOrganization"))


def _place_text(place: Any) -> str | None:
    if not isinstance(place, dict):
        return text_of(place)
    address = place.get("address")
    if isinstance(address, dict):
        parts = [
            text_of(address.get(key))
            for key in ("addressLocality", "addressRegion", "addressCountry")
        ]
        joined = ", ".join(dict.fromkeys(part for part in parts if part))
        if joined:
            return joined
        return text_of(address.get("streetAddress")) or text_of(place.get("name"))
    return text_of(address) or text_of(place.get("name"))


def location_text(posting: dict[str, Any]) -> str | None:
    """Every place of the posting, "; "-joined, "Remote" first for TELECOMMUTE postings."""
    places = [text for place in as_list(posting.get("jobLocation")) if (text := _place_text(place))]
    remote = any(
        str(kind).upper() == "TELECOMMUTE" for kind in as_list(posting.get("jobLocationType"))
    )
    if remote:
        required = [
            text
            for item in as_list(posting.get("applicantLocationRequirements"))
            if (text := _place_text(item))
        ]
        places.insert(0, f"Remote ({', '.join(required)})" if required else "Remote")
    return "; ".join(dict.fromkeys(places)) or None


def _number(value: Any) -> float | None:
    """A finite amount from a number or text such as "120,000" (None otherwise)."""
    if isinstance(value, bool):
        return None
    number: float | None = None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        cleaned = re.sub(r"[^\d.]", "", value.replace(",", ""))
        try:
            number = float(cleaned) if cleaned else None
        except ValueError:
            return None
    return number if number is not None and math.isfinite(number) else None


def _amount(number: float) -> str:
    return f"{number:,.0f}" if number == int(number) else f"{number:,.2f}"


def salary_text(value: Any) -> str | None:
    """`baseSalary` or `estimatedSalary` as text, e.g. "USD 120,000-150,000 per year"."""
    if isinstance(value, list):
        return next((text for item in value if (text := salary_text(item))), None)
    if not isinstance(value, dict):
        number = _number(value)
        return _amount(number) if number is not None else text_of(value)
    currency = text_of(value.get("currency")) or ""
    inner = value.get("value", value)
    unit = text_of(value.get("unitText"))
    if isinstance(inner, dict):
        unit = text_of(inner.get("unitText")) or unit
        low, high = _number(inner.get("minValue")), _number(inner.get("maxValue"))
        single = _number(inner.get("value"))
    else:
        low = high = None
        single = _number(inner)
    if low is not None and high is not None and low != high:
        amount = f"{_amount(low)}\u2013{_amount(high)}"
    elif (found := next((n for n in (single, low, high) if n is not None), None)) is not None:
        amount = _amount(found)
    else:
        return None
    per = f" per {UNITS.get(unit.upper(), unit.lower())}" if unit else ""
    return f"{currency} {amount}{per}".strip()


def parse_date(value: Any) -> date | None:
    """A date from "2026-03-01", "2026-03-01T09:00:00Z", "2026-03-01T09:00+02:00"…"""
    text = text_of(value)
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        match = DATE_START.match(text)
        if match is None:
            return None
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None


def employment_type(value: Any) -> str | None:
    """schema.org employment types ("FULL_TIME, CONTRACTOR"), free text kept as it is."""
    names = []
    for item in as_list(value):
        text = text_of(item)
        if text:
            names.append(EMPLOYMENT_TYPES.get(re.sub(r"[^A-Z]", "", text.upper()), text))
    return ", ".join(dict.fromkeys(names)) or None
