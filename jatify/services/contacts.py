"""Contacts: the people of a person's search, searchable, and linked to applications with a
role. Deleting a contact is a hard delete: its links go, notes naming it stay unnamed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Select, delete, func, select
from sqlalchemy.dialects.postgresql import insert

from jatify.errors import InvalidInput, NotFound
from jatify.extensions import db
from jatify.models import Application, ApplicationContact, Contact
from jatify.services.common import contains_text, get_owned, owned, owns
from jatify.vocabulary import ContactRole


def contact_query(user_id: int, q: str | None = None) -> Select:
    """The caller's contacts by name, optionally searched by name, company or email."""
    query = select(Contact).where(Contact.user_id == user_id)
    if q:
        query = query.where(contains_text((Contact.name, Contact.company, Contact.email), q))
    return query.order_by(func.lower(Contact.name), Contact.id)


def get_contact(user_id: int, contact_id: int) -> Contact:
    """One of the caller's contacts, or NotFound."""
    return get_owned(Contact, user_id, contact_id)


def create_contact(user_id: int, fields: Mapping[str, Any]) -> Contact:
    """Save a new contact for the caller."""
    contact = Contact(user_id=user_id, **fields)
    db.session.add(contact)
    db.session.commit()
    return contact


def update_contact(user_id: int, contact_id: int, fields: Mapping[str, Any]) -> Contact:
    """Change the fields given; the others stay as they are."""
    contact = get_contact(user_id, contact_id)
    for name, value in fields.items():
        setattr(contact, name, value)
    db.session.commit()
    return contact


def delete_contact(user_id: int, contact_id: int) -> None:
    """Delete a contact for good; the database drops its links and unnames its notes."""
    db.session.delete(get_contact(user_id, contact_id))
    db.session.commit()


def require_application(user_id: int, application_id: int) -> None:
    """NotFound unless the caller has this live application."""
    if not owns(Application, user_id, application_id):
        raise NotFound(f"Application {application_id} not found")


def check_contact(user_id: int, contact_id: int) -> None:
    """InvalidInput (naming `contact_id`) unless the contact is the caller's.

    FOR KEY SHARE: a concurrent delete of the contact waits for this transaction, so the
    foreign key of the link or note written next cannot fail in between.
    """
    query = (
        select(Contact.id)
        .where(*owned(Contact, user_id, contact_id))
        .with_for_update(read=True, key_share=True)
    )
    if db.session.scalar(query) is None:
        raise InvalidInput(details={"contact_id": ["No contact of yours has this id."]})


def link_contact(user_id: int, application_id: int, contact_id: int, role: ContactRole) -> Contact:
    """Link a contact to an application with `role`, or change the role of the link."""
    require_application(user_id, application_id)
    check_contact(user_id, contact_id)
    statement = insert(ApplicationContact).values(
        application_id=application_id, contact_id=contact_id, role=role
    )
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["application_id", "contact_id"], set_={"role": statement.excluded.role}
        )
    )
    db.session.commit()
    return get_contact(user_id, contact_id)


def unlink_contact(user_id: int, application_id: int, contact_id: int) -> None:
    """Remove a contact's link to an application; NotFound when they are not linked."""
    require_application(user_id, application_id)
    check_contact(user_id, contact_id)
    removed = db.session.execute(
        delete(ApplicationContact).where(
            ApplicationContact.application_id == application_id,
            ApplicationContact.contact_id == contact_id,
        )
    )
    if removed.rowcount == 0:
        db.session.rollback()
        raise NotFound(f"Contact {contact_id} is not linked to application {application_id}")
    db.session.commit()


def application_contacts(user_id: int, application_id: int) -> list[tuple[Contact, str]]:
    """The contacts linked to one of the caller's applications and their roles, by name."""
    rows = db.session.execute(
        select(Contact, ApplicationContact.role)
        .join(ApplicationContact, ApplicationContact.contact_id == Contact.id)
        .where(ApplicationContact.application_id == application_id, Contact.user_id == user_id)
        .order_by(func.lower(Contact.name), Contact.id)
    )
    return [(contact, role) for contact, role in rows]
