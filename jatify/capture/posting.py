"""What a capture reads out of a page or a text: the fields of a job listing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jatify.vocabulary import CaptureMethod


@dataclass(frozen=True)
class Posting:
    """A job posting as read by one method; `canonical_url` identifies it (None for text)."""

    company: str
    position: str
    description: str
    method: CaptureMethod
    location: str | None = None
    salary: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    posted_at: date | None = None
    valid_through: date | None = None
    employment_type: str | None = None
