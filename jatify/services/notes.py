"""Notes: the timestamped log of an application, each entry optionally naming a contact."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Select, select

from jatify.extensions import db
from jatify.models import Application, Note
from jatify.services.common import get_owned
from jatify.services.contacts import check_contact, require_application


def notes_of_application(user_id: int, application_id: int) -> Select:
    """The notes of one of the caller's live applications, newest first (NotFound if none)."""
    require_application(user_id, application_id)
    return (
        select(Note)
        .where(Note.application_id == application_id, Note.user_id == user_id)
        .order_by(Note.created_at.desc(), Note.id.desc())
    )


def create_note(user_id: int, application_id: int, fields: Mapping[str, Any]) -> Note:
    """Add a note to one of the caller's applications; its contact must be the caller's."""
    require_application(user_id, application_id)
    if fields.get("contact_id") is not None:
        check_contact(user_id, fields["contact_id"])
    note = Note(user_id=user_id, application_id=application_id, **fields)
    db.session.add(note)
    db.session.commit()
    return note


def get_note(user_id: int, note_id: int) -> Note:
    """One of the caller's notes on a live application, or NotFound."""
    query = select(Note).join(Application, Application.id == Note.application_id)
    return get_owned(Note, user_id, note_id, query.where(Application.deleted_at.is_(None)))


def update_note(user_id: int, note_id: int, fields: Mapping[str, Any]) -> Note:
    """Change the body or the contact (null unnames it) of one of the caller's notes."""
    note = get_note(user_id, note_id)
    if fields.get("contact_id") is not None:
        check_contact(user_id, fields["contact_id"])
    for name, value in fields.items():
        setattr(note, name, value)
    db.session.commit()
    return note


def delete_note(user_id: int, note_id: int) -> None:
    """Delete one of the caller's notes for good."""
    db.session.delete(get_note(user_id, note_id))
    db.session.commit()
