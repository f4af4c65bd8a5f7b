"""The profile's time zone and digest switch (PATCH /api/user/profile)."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient

from tests.agenda.conftest import Seeker


def test_a_new_account_is_in_utc_without_the_digest(seeker: Seeker):
    profile = seeker.ok("GET", "/api/user/profile")

    assert (profile["timezone"], profile["email_digest"]) == ("UTC", False)
    assert "password_hash" not in profile


def test_the_profile_changes_partially(seeker: Seeker):
    changed = seeker.ok(
        "PATCH", "/api/user/profile", {"timezone": "Europe/Berlin", "email_digest": True}
    )
    renamed = seeker.ok("PATCH", "/api/user/profile", {"name": " Ada ", "phone": None})

    assert (changed["timezone"], changed["email_digest"]) == ("Europe/Berlin", True)
    assert (renamed["name"], renamed["phone"], renamed["timezone"]) == (
        "Ada",
        None,
        "Europe/Berlin",
    )
    assert seeker.ok("GET", "/api/user/profile") == renamed


def test_bad_values_are_refused_and_change_nothing(seeker: Seeker):
    for body, field in [
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"timezone": "../../etc/passwd"}, "timezone"),
        ({"timezone": "UTC+3"}, "timezone"),
        ({"email_digest": "yes"}, "email_digest"),
        ({"name": "   "}, "name"),
        ({"username": "a"}, "username"),
        ({"email": "new@example.com"}, "email"),
        ({"is_admin": True}, "is_admin"),
    ]:
        response = seeker.call("PATCH", "/api/user/profile", body)
        assert response.status_code == 422, body
        assert field in response.get_json()["error"]["details"], body
    profile = seeker.ok("GET", "/api/user/profile")
    assert (profile["timezone"], profile["email_digest"], profile["is_admin"]) == (
        "UTC",
        False,
        False,
    )


def test_a_taken_username_is_a_conflict(seeker: Seeker, other: Seeker):
    other.ok("PATCH", "/api/user/profile", {"username": "ada.l"})

    response = seeker.call("PATCH", "/api/user/profile", {"username": "ADA.L"})

    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "conflict"


def test_the_login_answer_carries_the_new_fields(
    client: FlaskClient, register: Callable, login: Callable
):
    user = register()

    assert {"timezone", "email_digest"} <= set(login(user["email"])["user"])


def test_a_partial_update_without_a_body_is_refused(seeker: Seeker):
    application_id = seeker.application()
    interview = seeker.interview(application_id)
    task = seeker.task(application_id)

    for path in (
        "/api/user/profile",
        f"/api/interviews/{interview['id']}",
        f"/api/tasks/{task['id']}",
    ):
        response = seeker.client.patch(path, headers=seeker.headers)
        assert response.status_code == 400, path
        assert response.get_json()["error"]["code"] == "bad_request"
    assert seeker.ok("PATCH", "/api/user/profile", {})["timezone"] == "UTC"
