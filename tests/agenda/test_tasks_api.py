"""Tasks (follow-ups): due per application, listed across applications by due time, done
and undone; bad times and other users' records refused."""

from __future__ import annotations

from urllib.parse import quote

from tests.agenda.conftest import Seeker, at


def test_a_task_is_created_open_and_due_in_utc(seeker: Seeker):
    application_id = seeker.application("Acme")

    created = seeker.task(
        application_id, title="  Email the recruiter ", due_at="2031-04-01T09:00:00+02:00"
    )

    assert created["title"] == "Email the recruiter"
    assert created["due_at"] == "2031-04-01T07:00:00+00:00"
    assert (created["done"], created["done_at"], created["notes"]) == (False, None, None)
    assert created["job"]["company"] == "Acme"
    assert seeker.ok("GET", f"/api/tasks/{created['id']}") == created


def test_title_and_due_time_are_required_and_checked(seeker: Seeker):
    path = f"/api/applications/{seeker.application()}/tasks"
    for body, field in [
        ({"due_at": at(1)}, "title"),
        ({"title": "   ", "due_at": at(1)}, "title"),
        ({"title": "x" * 201, "due_at": at(1)}, "title"),
        ({"title": "Call"}, "due_at"),
        ({"title": "Call", "due_at": "2031-04-01T09:00:00"}, "due_at"),
        ({"title": "Call", "due_at": at(1), "done": True}, "done"),
    ]:
        response = seeker.call("POST", path, body)
        assert response.status_code == 422, body
        assert field in response.get_json()["error"]["details"], body


def test_done_stamps_done_at_and_undone_clears_it(seeker: Seeker):
    created = seeker.task(seeker.application())
    path = f"/api/tasks/{created['id']}"

    done = seeker.ok("PUT", path, {"done": True})
    again = seeker.ok("PATCH", path, {"done": True, "notes": "Sent on Monday"})
    undone = seeker.ok("PATCH", path, {"done": False})

    assert done["done"] is True and done["done_at"] is not None
    assert again["done_at"] == done["done_at"]
    assert again["notes"] == "Sent on Monday"
    assert (undone["done"], undone["done_at"]) == (False, None)
    refused = seeker.call("PATCH", path, {"done": "yes"})
    assert refused.status_code == 422


def test_the_list_is_open_tasks_by_due_time_unless_asked(seeker: Seeker):
    first, second = seeker.application("Acme"), seeker.application("Globex")
    later = seeker.task(first, due_at=at(days=6))
    sooner = seeker.task(second, due_at=at(days=2))
    finished = seeker.task(first, due_at=at(days=1))
    seeker.ok("PUT", f"/api/tasks/{finished['id']}", {"done": True})

    def ids(**query: object) -> list[int]:
        return [item["id"] for item in seeker.ok("GET", "/api/tasks", **query)["items"]]

    assert ids() == [sooner["id"], later["id"]]
    assert ids(status="done") == [finished["id"]]
    assert ids(status="all") == [finished["id"], sooner["id"], later["id"]]
    assert ids(application_id=first) == [later["id"]]
    assert ids(due_before=at(days=3)) == [sooner["id"]]
    assert seeker.call("GET", "/api/tasks", status="later").status_code == 422


def test_due_before_needs_an_offset_and_survives_a_query_string_plus(seeker: Seeker):
    seeker.task(seeker.application(), due_at="2031-04-01T09:00:00+02:00")

    encoded = seeker.call("GET", "/api/tasks?due_before=" + quote("2031-04-01T10:00:00+02:00"))
    raw_plus = seeker.call("GET", "/api/tasks?due_before=2031-04-01T08:00:00+02:00")
    naive = seeker.call("GET", "/api/tasks", due_before="2031-04-01T10:00:00")

    assert encoded.get_json()["total"] == 1
    assert raw_plus.get_json()["total"] == 0
    assert naive.status_code == 422
    assert "due_before" in naive.get_json()["error"]["details"]


def test_a_task_is_deleted(seeker: Seeker):
    created = seeker.task(seeker.application())
    path = f"/api/tasks/{created['id']}"

    assert seeker.call("DELETE", path).status_code == 204
    assert seeker.call("GET", path).status_code == 404


def test_another_users_tasks_and_applications_are_not_found(seeker: Seeker, other: Seeker):
    application_id = seeker.application()
    created = seeker.task(application_id)
    path = f"/api/tasks/{created['id']}"

    for method, url, body in [
        ("GET", path, None),
        ("PATCH", path, {"done": True}),
        ("DELETE", path, None),
        ("POST", f"/api/applications/{application_id}/tasks", {"title": "x", "due_at": at(1)}),
    ]:
        response = other.call(method, url, body)
        assert response.status_code == 404, (method, url)
        assert response.get_json()["error"]["code"] == "not_found"
    assert other.ok("GET", "/api/tasks", application_id=application_id)["total"] == 0
    assert seeker.ok("GET", path)["done"] is False


def test_a_deleted_application_hides_its_tasks(seeker: Seeker):
    application_id = seeker.application()
    created = seeker.task(application_id, due_at=at(days=-1))
    seeker.ok("DELETE", f"/api/applications/{application_id}", expect=204)

    assert seeker.call("GET", f"/api/tasks/{created['id']}").status_code == 404
    assert seeker.ok("GET", "/api/tasks", status="all")["total"] == 0
    assert seeker.ok("GET", "/api/agenda")["overdue_tasks"] == []
