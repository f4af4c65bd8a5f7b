"""Contacts, and their links to applications with a role (`/api/contacts`)."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint
from marshmallow import validate

from jatify.api.common import BEARER, PaginationArgs, StrictSchema, page_schema, paginate
from jatify.api.tokens import current_user_id
from jatify.fields import (
    MAX_EMAIL,
    MAX_ID,
    MAX_NAME,
    MAX_NOTES,
    MAX_PHONE,
    MAX_URL,
    HttpUrl,
    OptionalText,
    required_text,
    search_text,
)
from jatify.models import Contact
from jatify.services import contacts
from jatify.vocabulary import ContactRole

blp = Blueprint(
    "contacts", __name__, url_prefix="/api", description="Contacts and their applications"
)

CONTACT_PATH = f"/contacts/<int(max={MAX_ID}):contact_id>"
LINK_PATH = f"/applications/<int(max={MAX_ID}):application_id>{CONTACT_PATH}"
NOT_FOUND = "not_found: no such contact of the caller's"
LINK_NOT_FOUND = "not_found: no such application of the caller's, or the contact is not linked"
BAD_CONTACT = "validation_error: the contact is not the caller's"


class ContactUpdateSchema(StrictSchema):
    """Fields of a contact to change; null clears an optional one."""

    name = required_text(MAX_NAME)
    email = ma.fields.Email(allow_none=True, validate=validate.Length(max=MAX_EMAIL))
    phone = OptionalText(MAX_PHONE)
    company = OptionalText(MAX_NAME)
    title = OptionalText(MAX_NAME, metadata={"description": "their job title"})
    url = HttpUrl(MAX_URL, metadata={"description": "a profile page, e.g. LinkedIn"})
    notes = OptionalText(MAX_NOTES)


class ContactCreateSchema(ContactUpdateSchema):
    """A new contact."""

    name = required_text(MAX_NAME, required=True)


class ContactSchema(ma.Schema):
    """A contact as the API shows it."""

    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    email = ma.fields.String(allow_none=True)
    phone = ma.fields.String(allow_none=True)
    company = ma.fields.String(allow_none=True)
    title = ma.fields.String(allow_none=True)
    url = ma.fields.String(allow_none=True)
    notes = ma.fields.String(allow_none=True)
    last_contacted_at = ma.fields.DateTime(
        allow_none=True, metadata={"description": "the time of the newest note naming them"}
    )
    created_at = ma.fields.DateTime(required=True)
    updated_at = ma.fields.DateTime(required=True)


class ContactListArgs(PaginationArgs):
    """Paging and search of the contacts."""

    q = search_text()


class RoleSchema(StrictSchema):
    """The role a contact plays in an application."""

    role = ma.fields.String(required=True, validate=validate.OneOf(list(ContactRole)))


class LinkedContactSchema(ma.Schema):
    """A contact linked to an application, and their role in it."""

    contact = ma.fields.Nested(ContactSchema, required=True)
    role = ma.fields.String(required=True, metadata={"enum": list(ContactRole)})


ContactPageSchema = page_schema(ContactSchema, "ContactPage")
CONTACT_SCHEMA = ContactSchema()


def linked_contacts(user_id: int, application_id: int) -> list[dict[str, Any]]:
    """The `contacts` of a single application's answer."""
    return [
        {"contact": CONTACT_SCHEMA.dump(contact), "role": role}
        for contact, role in contacts.application_contacts(user_id, application_id)
    ]


@blp.post("/contacts")
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(ContactCreateSchema)
@blp.response(201, ContactSchema)
def create_contact(data: dict) -> Contact:
    """Save a contact."""
    return contacts.create_contact(current_user_id(), data)


@blp.get("/contacts")
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(ContactListArgs, location="query")
@blp.response(200, ContactPageSchema)
def list_contacts(args: dict) -> dict:
    """The caller's contacts by name, optionally searched by name, company or email."""
    query = contacts.contact_query(current_user_id(), args.get("q"))
    return paginate(query, args["page"], args["page_size"])


@blp.get(CONTACT_PATH)
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(200, ContactSchema)
@blp.alt_response(404, description=NOT_FOUND)
def get_contact(contact_id: int) -> Contact:
    """One contact."""
    return contacts.get_contact(current_user_id(), contact_id)


@blp.route(CONTACT_PATH, methods=["PUT", "PATCH"])
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(ContactUpdateSchema)
@blp.response(200, ContactSchema)
@blp.alt_response(404, description=NOT_FOUND)
def update_contact(data: dict, contact_id: int) -> Contact:
    """Change some fields of a contact (PATCH is an alias)."""
    return contacts.update_contact(current_user_id(), contact_id, data)


@blp.delete(CONTACT_PATH)
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(204)
@blp.alt_response(404, description=NOT_FOUND)
def delete_contact(contact_id: int) -> None:
    """Delete a contact for good: its links go, the notes naming it stay, unnamed."""
    contacts.delete_contact(current_user_id(), contact_id)


@blp.put(LINK_PATH)
@jwt_required()
@blp.doc(security=BEARER)
@blp.arguments(RoleSchema)
@blp.response(200, LinkedContactSchema)
@blp.alt_response(404, description="not_found: no such application of the caller's")
@blp.alt_response(422, description=BAD_CONTACT)
def link_contact(data: dict, application_id: int, contact_id: int) -> dict[str, Any]:
    """Link a contact to an application with a role, or change the role of the link."""
    role = ContactRole(data["role"])
    contact = contacts.link_contact(current_user_id(), application_id, contact_id, role)
    return {"contact": contact, "role": role}


@blp.delete(LINK_PATH)
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(204)
@blp.alt_response(404, description=LINK_NOT_FOUND)
@blp.alt_response(422, description=BAD_CONTACT)
def unlink_contact(application_id: int, contact_id: int) -> None:
    """Remove a contact from an application (the contact stays in the address book)."""
    contacts.unlink_contact(current_user_id(), application_id, contact_id)
