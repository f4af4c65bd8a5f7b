"""Interviews: scheduled per application, listed across applications by day, changed and
deleted; bad times, ranges and other users' records refused."""

from __future__ import annotations

from tests.agenda.conftest import Seeker, at


def test_an_interview_is_stored_in_utc_and_answered_whole(seeker: Seeker):
    application_id = seeker.application("Acme", position="Backend Engineer")

    created = seeker.interview(
        application_id,
        scheduled_at="2031-03-02T10:30:00+01:00",
        duration_minutes=45,
        kind="video",
        location="https://meet.example/abc",
        interviewers=[" Dana Scully ", "Fox Mulder"],
        notes="Prepare the system design story",
    )

    assert created["scheduled_at"] == "2031-03-02T09:30:00+00:00"
    assert created["application_id"] == application_id
    assert created["job"] == {
        "id": seeker.job("Acme", "Backend Engineer"),
        "company": "Acme",
        "position": "Backend Engineer",
    }
    assert (created["duration_minutes"], created["kind"], created["outcome"]) == (
        45,
        "video",
        "pending",
    )
    assert created["interviewers"] == ["Dana Scully", "Fox Mulder"]
    assert created["location"] == "https://meet.example/abc"
    assert created["feedback"] is None
    assert seeker.ok("GET", f"/api/interviews/{created['id']}") == created


def test_defaults_are_an_hour_of_kind_other(seeker: Seeker):
    created = seeker.interview(seeker.application())

    assert (created["duration_minutes"], created["kind"], created["interviewers"]) == (
        60,
        "other",
        [],
    )


def test_a_time_without_an_offset_is_refused_naming_the_field(seeker: Seeker):
    application_id = seeker.application()
    response = seeker.call(
        "POST",
        f"/api/applications/{application_id}/interviews",
        {"scheduled_at": "2031-03-02T10:30:00"},
    )

    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "validation_error"
    assert set(response.get_json()["error"]["details"]) == {"scheduled_at"}


def test_bad_fields_are_refused(seeker: Seeker):
    path = f"/api/applications/{seeker.application()}/interviews"
    when = at(days=1)
    for body, field in [
        ({"scheduled_at": when, "duration_minutes": 4}, "duration_minutes"),
        ({"scheduled_at": when, "duration_minutes": 1441}, "duration_minutes"),
        ({"scheduled_at": when, "kind": "dinner"}, "kind"),
        ({"scheduled_at": when, "interviewers": [""]}, "interviewers"),
        ({"scheduled_at": when, "outcome": "maybe"}, "outcome"),
        ({"scheduled_at": when, "user_id": 1}, "user_id"),
        ({"scheduled_at": "0001-01-01T00:00:00+14:00"}, "scheduled_at"),
        ({}, "scheduled_at"),
    ]:
        response = seeker.call("POST", path, body)
        assert response.status_code == 422, body
        assert field in response.get_json()["error"]["details"], body


def test_an_application_lists_its_interviews_by_time(seeker: Seeker):
    application_id = seeker.application()
    later = seeker.interview(application_id, scheduled_at=at(days=5))
    sooner = seeker.interview(application_id, scheduled_at=at(days=2))
    seeker.interview(seeker.application("Globex"), scheduled_at=at(days=3))

    page = seeker.ok("GET", f"/api/applications/{application_id}/interviews")

    assert [item["id"] for item in page["items"]] == [sooner["id"], later["id"]]
    assert page["total"] == 2


def test_interviews_across_applications_by_day_range_in_the_account_zone(seeker: Seeker):
    seeker.ok("PATCH", "/api/user/profile", {"timezone": "Pacific/Auckland"})
    first, second = seeker.application("Acme"), seeker.application("Globex")
    # 2031-06-01 08:00 in Auckland (UTC+12) is 2031-05-31 20:00 UTC.
    early = seeker.interview(first, scheduled_at="2031-05-31T20:00:00Z")
    late = seeker.interview(second, scheduled_at="2031-06-02T11:59:00Z")  # 23:59 on 2 June
    seeker.interview(second, scheduled_at="2031-06-02T12:00:00Z")  # 00:00 on 3 June

    page = seeker.ok("GET", "/api/interviews", **{"from": "2031-06-01", "to": "2031-06-02"})

    assert [item["id"] for item in page["items"]] == [early["id"], late["id"]]
    everything = seeker.ok("GET", "/api/interviews")
    assert everything["total"] == 3


def test_to_before_from_is_refused(seeker: Seeker):
    response = seeker.call("GET", "/api/interviews", **{"from": "2031-06-02", "to": "2031-06-01"})

    assert response.status_code == 422
    assert "to" in response.get_json()["error"]["details"]


def test_an_interview_is_changed_partially(seeker: Seeker):
    created = seeker.interview(seeker.application(), location="Room 4", notes="Bring the CV")
    path = f"/api/interviews/{created['id']}"

    changed = seeker.ok("PUT", path, {"outcome": "passed", "feedback": "Strong", "location": None})
    rescheduled = seeker.ok("PATCH", path, {"scheduled_at": "2031-01-01T09:00:00-05:00"})

    assert (changed["outcome"], changed["feedback"], changed["location"]) == (
        "passed",
        "Strong",
        None,
    )
    assert changed["notes"] == "Bring the CV"
    assert rescheduled["scheduled_at"] == "2031-01-01T14:00:00+00:00"
    assert rescheduled["outcome"] == "passed"


def test_an_interview_is_deleted(seeker: Seeker):
    created = seeker.interview(seeker.application())
    path = f"/api/interviews/{created['id']}"

    assert seeker.call("DELETE", path).status_code == 204
    assert seeker.call("GET", path).status_code == 404
    assert seeker.call("DELETE", path).status_code == 404


def test_another_users_interviews_and_applications_are_not_found(seeker: Seeker, other: Seeker):
    application_id = seeker.application()
    created = seeker.interview(application_id)
    path = f"/api/interviews/{created['id']}"

    for method, url, body in [
        ("GET", path, None),
        ("PUT", path, {"notes": "mine now"}),
        ("DELETE", path, None),
        ("GET", f"/api/applications/{application_id}/interviews", None),
        ("POST", f"/api/applications/{application_id}/interviews", {"scheduled_at": at(1)}),
    ]:
        response = other.call(method, url, body)
        assert response.status_code == 404, (method, url)
        assert response.get_json()["error"]["code"] == "not_found"
    assert other.ok("GET", "/api/interviews")["total"] == 0
    assert seeker.ok("GET", path)["notes"] is None


def test_a_deleted_application_hides_its_interviews(seeker: Seeker):
    application_id = seeker.application()
    created = seeker.interview(application_id, scheduled_at=at(days=1))
    seeker.ok("DELETE", f"/api/applications/{application_id}", expect=204)

    assert seeker.call("GET", f"/api/interviews/{created['id']}").status_code == 404
    assert seeker.ok("GET", "/api/interviews")["total"] == 0
    assert seeker.ok("GET", "/api/agenda")["interviews"] == []
    assert seeker.call("GET", f"/api/applications/{application_id}/interviews").status_code == 404


def test_the_range_defaults_to_every_interview_and_pages(seeker: Seeker):
    application_id = seeker.application()
    ids = [seeker.interview(application_id, scheduled_at=at(days=day))["id"] for day in range(5)]

    first = seeker.ok("GET", "/api/interviews", page_size=2)
    last = seeker.ok("GET", "/api/interviews", page_size=2, page=3)

    assert [item["id"] for item in first["items"]] == ids[:2]
    assert [item["id"] for item in last["items"]] == ids[4:]
    assert (first["total"], first["pages"]) == (5, 3)
