"""The applications search (`q`): what an application's text, tags, contacts and notes are
matched against, as one condition of the list's and the export's statement."""

from __future__ import annotations

from sqlalchemy import ColumnElement, any_, literal, or_, select

from jatify.models import Application, ApplicationContact, Contact, JobListing, Note
from jatify.services.common import escape_like

# The shortest `q` that also searches note text: pg_trgm's index needs three characters.
NOTE_SEARCH_MIN_CHARS = 3


def search_condition(user_id: int, q: str) -> ColumnElement[bool]:
    """The application's company or position, summary notes, a linked contact's name or (for
    `q` of NOTE_SEARCH_MIN_CHARS or more) a note's text contains `q`, or `q` is one of its
    tags; case-insensitively, wildcards taken literally.

    Each subquery runs once per statement as a hashed SubPlan over the caller's rows (1,000
    listings rather than 10,000 joined applications); the notes' trigram index answers the
    note text, which it cannot for fewer than three characters (a scan of every note).
    """
    pattern = f"%{escape_like(q)}%"
    listings = select(JobListing.id).where(
        JobListing.user_id == user_id,
        or_(
            JobListing.company.ilike(pattern, escape="\\"),
            JobListing.position.ilike(pattern, escape="\\"),
        ),
    )
    linked = (
        select(ApplicationContact.application_id)
        .join(Contact, Contact.id == ApplicationContact.contact_id)
        .where(Contact.user_id == user_id, Contact.name.ilike(pattern, escape="\\"))
    )
    conditions = [
        literal(q.lower()) == any_(Application.tags),
        Application.notes.ilike(pattern, escape="\\"),
        Application.job_id.in_(listings),
        Application.id.in_(linked),
    ]
    if len(q) >= NOTE_SEARCH_MIN_CHARS:
        noted = select(Note.application_id).where(
            Note.user_id == user_id, Note.body.ilike(pattern, escape="\\")
        )
        conditions.append(Application.id.in_(noted))
    return or_(*conditions)
