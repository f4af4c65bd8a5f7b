"""Notes: an application's log, with and without contacts, and `last_contacted_at`."""

from __future__ import annotations

from datetime import datetime

from tests.contacts.people import Person, error_of


def backdate(sql, note_id: int, minutes: int) -> None:
    """Move a note's creation `minutes` into the past."""
    sql(
        "UPDATE application_notes SET created_at = now() - make_interval(mins => :m)"
        " WHERE id = :id",
        m=minutes,
        id=note_id,
    )


def test_a_note_without_a_contact(person: Person):
    application = person.application()

    note = person.note(application["id"], "  **Sent** the take-home.\n")

    assert note["body"] == "**Sent** the take-home."
    assert (note["application_id"], note["contact_id"]) == (application["id"], None)
    assert datetime.fromisoformat(note["created_at"]).utcoffset() is not None


def test_notes_list_newest_first_in_pages(person: Person, sql):
    application = person.application()
    ids = [person.note(application["id"], f"note {n}")["id"] for n in range(3)]
    for age, note_id in enumerate(reversed(ids)):
        backdate(sql, note_id, age)
    path = f"/api/applications/{application['id']}/notes"

    first = person.ok("GET", path, page_size=2)
    second = person.ok("GET", path, page_size=2, page=2)

    assert [n["body"] for n in first["items"] + second["items"]] == ["note 2", "note 1", "note 0"]
    assert (first["total"], first["pages"]) == (3, 2)


def test_last_contacted_at_is_the_newest_note_naming_the_contact(person: Person, sql):
    application, grace, alan = person.application(), person.contact("Grace"), person.contact("Al")
    older = person.note(application["id"], "First call", contact_id=grace["id"])
    newer = person.note(application["id"], "Follow-up", contact_id=grace["id"])
    person.note(application["id"], "Nobody named")
    backdate(sql, older["id"], 60)
    backdate(sql, newer["id"], 5)
    newest_created = sql("SELECT created_at FROM application_notes WHERE id = :id", id=newer["id"])

    contact = person.ok("GET", f"/api/contacts/{grace['id']}")
    listed = {c["name"]: c for c in person.ok("GET", "/api/contacts")["items"]}

    assert datetime.fromisoformat(contact["last_contacted_at"]) == newest_created[0][0]
    assert listed["Grace"]["last_contacted_at"] == contact["last_contacted_at"]
    assert listed["Al"]["last_contacted_at"] is None

    person.ok("PUT", f"/api/notes/{newer['id']}", {"contact_id": alan["id"]})
    moved = person.ok("GET", f"/api/contacts/{grace['id']}")["last_contacted_at"]
    assert moved < contact["last_contacted_at"]
    assert person.ok("GET", f"/api/contacts/{alan['id']}")["last_contacted_at"] is not None


def test_update_changes_the_body_or_unnames_the_contact(person: Person):
    application, contact = person.application(), person.contact()
    note = person.note(application["id"], "Draft", contact_id=contact["id"])
    path = f"/api/notes/{note['id']}"

    edited = person.ok("PATCH", path, {"body": "Final"})
    unnamed = person.ok("PUT", path, {"contact_id": None})

    assert (edited["body"], edited["contact_id"]) == ("Final", contact["id"])
    assert (unnamed["body"], unnamed["contact_id"]) == ("Final", None)
    assert person.call("DELETE", path).status_code == 204
    assert person.ok("GET", f"/api/applications/{application['id']}/notes")["total"] == 0
    assert error_of(person.call("DELETE", path), 404)["code"] == "not_found"


def test_bad_note_bodies_are_refused(person: Person):
    path = f"/api/applications/{person.application()['id']}/notes"

    for body in ({}, {"body": "  "}, {"body": "x" * 20_001}, {"body": "ok", "pinned": True}):
        error = error_of(person.call("POST", path, body), 422)
        assert set(error["details"]) <= {"body", "pinned"}
    assert person.ok("POST", path, {"body": "x" * 20_000}, 201)["body"] == "x" * 20_000


def test_another_users_contact_in_a_note_is_invalid(person: Person, other: Person):
    theirs = person.contact()
    application = other.application()
    note = other.note(application["id"])

    path = f"/api/applications/{application['id']}/notes"
    created = other.call("POST", path, {"body": "x", "contact_id": theirs["id"]})
    updated = other.call("PUT", f"/api/notes/{note['id']}", {"contact_id": theirs["id"]})

    assert list(error_of(created, 422)["details"]) == ["contact_id"]
    assert list(error_of(updated, 422)["details"]) == ["contact_id"]
    assert person.ok("GET", f"/api/contacts/{theirs['id']}")["last_contacted_at"] is None


def test_another_users_notes_and_applications_are_not_found(person: Person, other: Person):
    application = person.application()
    note = person.note(application["id"], "private")
    notes_path = f"/api/applications/{application['id']}/notes"

    assert error_of(other.call("GET", notes_path), 404)["code"] == "not_found"
    assert error_of(other.call("POST", notes_path, {"body": "x"}), 404)["code"] == "not_found"
    for method, body in (("PUT", {"body": "B"}), ("PATCH", {}), ("DELETE", None)):
        assert error_of(other.call(method, f"/api/notes/{note['id']}", body), 404)
    assert person.ok("GET", notes_path)["items"] == [note]


def test_notes_of_a_deleted_application_are_gone(person: Person):
    application = person.application()
    note = person.note(application["id"])
    assert person.call("DELETE", f"/api/applications/{application['id']}").status_code == 204

    assert error_of(person.call("GET", f"/api/applications/{application['id']}/notes"), 404)
    assert error_of(person.call("PUT", f"/api/notes/{note['id']}", {"body": "x"}), 404)
