"""Contacts: the address book, its search, links to applications with a role, ownership."""

from __future__ import annotations

import pytest

from tests.contacts.people import Person, error_of

FULL = {
    "name": "Grace Hopper",
    "email": "grace@navy.example",
    "phone": "+1 555 0100",
    "company": "Navy",
    "title": "Recruiter",
    "url": "https://linkedin.example/in/grace",
    "notes": "Met at the meetup.",
}


def test_create_and_read_a_contact(person: Person):
    created = person.ok("POST", "/api/contacts", {**FULL, "name": "  Grace Hopper "}, 201)

    assert {key: created[key] for key in FULL} == FULL
    assert created["last_contacted_at"] is None
    assert created["created_at"] and created["updated_at"]
    assert person.ok("GET", f"/api/contacts/{created['id']}") == created


def test_only_the_name_is_required(person: Person):
    contact = person.contact("Ada")

    assert [contact[key] for key in FULL if key != "name"] == [None] * 6


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "A", "email": "not an email"}, "email"),
        ({"name": "A", "url": "javascript:alert(1)"}, "url"),
        ({"name": "A", "phone": "1" * 41}, "phone"),
        ({"name": "A", "user_id": 1}, "user_id"),
    ],
)
def test_bad_fields_are_refused_naming_them(person: Person, body: dict, field: str):
    error = error_of(person.call("POST", "/api/contacts", body), 422)

    assert field in error["details"]


def test_update_changes_only_the_fields_sent_and_null_clears(person: Person):
    contact = person.ok("POST", "/api/contacts", FULL, 201)
    path = f"/api/contacts/{contact['id']}"

    changed = person.ok("PATCH", path, {"title": "Head of talent", "phone": None})

    assert changed["title"] == "Head of talent"
    assert changed["phone"] is None
    assert changed["email"] == FULL["email"]
    assert error_of(person.call("PUT", path, {"name": ""}), 422)["details"].keys() == {"name"}


def test_list_is_by_name_ignoring_case_and_searchable(person: Person):
    for name, company, email in [
        ("bob", "Initech", None),
        ("Alice", "Acme", "alice@acme.example"),
        ("Carol", "Globex", "carol@initech.example"),
    ]:
        person.contact(name, company=company, email=email)

    names = [item["name"] for item in person.ok("GET", "/api/contacts")["items"]]
    found = person.ok("GET", "/api/contacts", q="initech")
    page = person.ok("GET", "/api/contacts", page=2, page_size=2)

    assert names == ["Alice", "bob", "Carol"]
    assert [item["name"] for item in found["items"]] == ["bob", "Carol"]
    assert (page["total"], page["pages"], [i["name"] for i in page["items"]]) == (3, 2, ["Carol"])
    assert person.ok("GET", "/api/contacts", q="%")["total"] == 0


def test_linking_a_contact_shows_it_on_the_application_with_its_role(person: Person):
    application = person.application()
    grace, alan = person.contact("Grace"), person.contact("Alan")

    linked = person.link(application["id"], grace["id"], "recruiter")
    person.link(application["id"], alan["id"], "referrer")
    again = person.link(application["id"], grace["id"], "hiring_manager")
    detail = person.ok("GET", f"/api/applications/{application['id']}")

    assert linked == {"contact": grace, "role": "recruiter"}
    assert again["role"] == "hiring_manager"
    assert [(link["contact"]["name"], link["role"]) for link in detail["contacts"]] == [
        ("Alan", "referrer"),
        ("Grace", "hiring_manager"),
    ]


def test_a_link_needs_a_known_role(person: Person):
    application, contact = person.application(), person.contact()
    path = f"/api/applications/{application['id']}/contacts/{contact['id']}"

    for body in ({}, {"role": "friend"}, {"role": "recruiter", "extra": 1}):
        assert error_of(person.call("PUT", path, body), 422)["code"] == "validation_error"


def test_unlinking_removes_only_the_link(person: Person):
    application, contact = person.application(), person.contact()
    person.link(application["id"], contact["id"])
    path = f"/api/applications/{application['id']}/contacts/{contact['id']}"

    assert person.call("DELETE", path).status_code == 204
    assert person.ok("GET", f"/api/applications/{application['id']}")["contacts"] == []
    assert person.ok("GET", f"/api/contacts/{contact['id']}")["name"] == contact["name"]
    assert error_of(person.call("DELETE", path), 404)["code"] == "not_found"


def test_deleting_a_contact_removes_its_links_and_unnames_its_notes(person: Person):
    application, contact = person.application(), person.contact()
    person.link(application["id"], contact["id"])
    note = person.note(application["id"], "Phone screen", contact_id=contact["id"])

    assert person.call("DELETE", f"/api/contacts/{contact['id']}").status_code == 204

    assert error_of(person.call("GET", f"/api/contacts/{contact['id']}"), 404)
    assert person.ok("GET", f"/api/applications/{application['id']}")["contacts"] == []
    [kept] = person.ok("GET", f"/api/applications/{application['id']}/notes")["items"]
    assert kept == {**note, "contact_id": None}


def test_another_users_contact_is_not_found_on_its_own_routes(person: Person, other: Person):
    contact = person.contact(notes="secret")
    path = f"/api/contacts/{contact['id']}"

    for method, body in (("GET", None), ("PUT", {"name": "B"}), ("PATCH", {}), ("DELETE", None)):
        assert error_of(other.call(method, path, body), 404)["code"] == "not_found"
    assert other.ok("GET", "/api/contacts")["total"] == 0
    assert person.ok("GET", path) == contact


def test_another_users_contact_in_a_link_is_invalid(person: Person, other: Person):
    theirs, mine = person.contact(), other.application()
    path = f"/api/applications/{mine['id']}/contacts/{theirs['id']}"

    for method, body in (("PUT", {"role": "recruiter"}), ("DELETE", None)):
        error = error_of(other.call(method, path, body), 422)
        assert list(error["details"]) == ["contact_id"]
    assert person.ok("GET", f"/api/contacts/{theirs['id']}") == theirs


def test_another_users_application_is_not_found_for_links(person: Person, other: Person):
    theirs, mine = person.application(), other.contact()
    person.link(theirs["id"], person.contact()["id"])
    path = f"/api/applications/{theirs['id']}/contacts/{mine['id']}"

    assert error_of(other.call("PUT", path, {"role": "recruiter"}), 404)["code"] == "not_found"
    assert error_of(other.call("DELETE", path), 404)["code"] == "not_found"
    assert len(person.ok("GET", f"/api/applications/{theirs['id']}")["contacts"]) == 1


def test_openapi_documents_the_contact_routes(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]

    assert {"get", "post"} <= set(paths["/api/contacts"])
    assert {"get", "put", "patch", "delete"} <= set(paths["/api/contacts/{contact_id}"])
    link = paths["/api/applications/{application_id}/contacts/{contact_id}"]
    assert {"200", "404", "422"} <= set(link["put"]["responses"])
    assert {"204", "404", "422"} <= set(link["delete"]["responses"])
