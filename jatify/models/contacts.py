"""The people of a job search, their links to applications, and each application's notes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    func,
    select,
    text,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column

from jatify.extensions import db
from jatify.models.base import created_at_column, updated_at_column
from jatify.vocabulary import ContactRole, sql_list


class Note(db.Model):
    """One timestamped entry (markdown) of an application's log, optionally naming a contact."""

    __tablename__ = "application_notes"
    __table_args__ = (
        Index(
            "ix_application_notes_application_created",
            "application_id",
            text("created_at DESC"),
            text("id DESC"),
        ),
        # last_contacted_at: the newest note naming a contact, one index probe.
        Index("ix_application_notes_contact_created", "contact_id", "created_at"),
        # The applications search: which of the caller's applications have a note matching q.
        Index(
            "ix_application_notes_body_trgm",
            "body",
            postgresql_using="gin",
            postgresql_ops={"body": "gin_trgm_ops"},
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), nullable=False
    )
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()


class Contact(db.Model):
    """A person of the user's search (recruiter, manager, referrer...). Hard-deleted."""

    __tablename__ = "contacts"
    __table_args__ = (Index("ix_contacts_user_name", "user_id", func.lower(text("name")), "id"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    company: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(2048))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    # The time of the newest note naming this contact, read with the contact.
    last_contacted_at: Mapped[datetime | None] = column_property(
        select(func.max(Note.created_at)).where(Note.contact_id == id).scalar_subquery()
    )


class ApplicationContact(db.Model):
    """A contact linked to an application, with the role they play in it."""

    __tablename__ = "application_contacts"
    __table_args__ = (CheckConstraint(f"role IN {sql_list(ContactRole)}", name="role"),)

    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True
    )
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(32), nullable=False)
    created_at: Mapped[datetime] = created_at_column()
