"""The calendar feed, parsed back by icalendar and checked event by event: stable UIDs
across edits, cancelled interviews and done tasks left out, rotation, caching."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from flask.testing import FlaskClient
from icalendar import Calendar

from tests.agenda.conftest import Seeker


def feed_path(seeker: Seeker) -> str:
    """The path of the seeker's feed address."""
    url = seeker.ok("GET", "/api/calendar")["url"]
    assert url.startswith("http://localhost/calendar/") and url.endswith(".ics")
    return urlsplit(url).path


def events(client: FlaskClient, path: str) -> dict[str, dict]:
    """The feed's events by UID, fetched without any token."""
    response = client.get(path)
    assert response.status_code == 200, response.get_data()[:300]
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    found = {}
    for event in calendar.walk("VEVENT"):
        found[str(event["UID"])] = {
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
            "summary": str(event["SUMMARY"]),
            "location": str(event.get("LOCATION", "")),
            "description": str(event.get("DESCRIPTION", "")),
            "stamp": event.decoded("DTSTAMP"),
        }
    return found


def test_each_interview_and_open_task_is_an_event(seeker: Seeker, client: FlaskClient):
    seeker.ok("PATCH", "/api/user/profile", {"timezone": "America/New_York"})
    acme = seeker.application("Acme", position="Data Engineer")
    seeker.interview(
        acme,
        scheduled_at="2031-05-06T15:00:00+02:00",
        duration_minutes=90,
        kind="onsite",
        location="1 Main St",
        interviewers=["Dana"],
        notes="Bring ID",
    )
    # 02:00 UTC on 7 May is still 6 May in New York.
    seeker.task(acme, title="Send references", due_at="2031-05-07T02:00:00Z")

    found = events(client, feed_path(seeker))

    assert len(found) == 2
    [meeting] = [e for uid, e in found.items() if uid.startswith("interview-")]
    assert meeting["start"] == datetime(2031, 5, 6, 13, 0, tzinfo=UTC)
    assert meeting["end"] - meeting["start"] == timedelta(minutes=90)
    assert meeting["summary"] == "On-site interview: Data Engineer at Acme"
    assert meeting["location"] == "1 Main St"
    assert "With Dana." in meeting["description"] and "Bring ID" in meeting["description"]
    [todo] = [e for uid, e in found.items() if uid.startswith("task-")]
    assert (todo["start"], todo["end"]) == (date(2031, 5, 6), date(2031, 5, 7))
    assert todo["summary"] == "To do: Send references (Acme)"


def test_uids_stay_the_same_when_records_change(seeker: Seeker, client: FlaskClient):
    acme = seeker.application("Acme")
    interview = seeker.interview(acme, scheduled_at="2031-05-06T10:00:00Z")
    task = seeker.task(acme, due_at="2031-05-08T10:00:00Z")
    path = feed_path(seeker)
    before = events(client, path)

    seeker.ok(
        "PATCH", f"/api/interviews/{interview['id']}", {"scheduled_at": "2031-05-07T10:00:00Z"}
    )
    seeker.ok("PATCH", f"/api/tasks/{task['id']}", {"title": "Call back"})
    after = events(client, path)

    assert set(before) == set(after)
    moved = next(uid for uid in after if uid.startswith("interview-"))
    assert after[moved]["start"] == datetime(2031, 5, 7, 10, 0, tzinfo=UTC)
    assert after[moved]["stamp"] >= before[moved]["stamp"]
    renamed = next(uid for uid in after if uid.startswith("task-"))
    assert after[renamed]["summary"] == "To do: Call back (Acme)"


def test_cancelled_old_and_deleted_interviews_and_done_tasks_leave_the_feed(
    seeker: Seeker, client: FlaskClient
):
    acme, globex = seeker.application("Acme"), seeker.application("Globex")
    cancelled = seeker.interview(acme)
    done = seeker.task(acme)
    seeker.interview(globex)
    seeker.interview(acme, scheduled_at="2031-01-01T10:00:00Z")
    long_ago = (datetime.now(UTC) - timedelta(days=400)).isoformat()
    seeker.interview(acme, scheduled_at=long_ago)  # more than a year ago: not in the feed
    path = feed_path(seeker)
    assert len(events(client, path)) == 4

    seeker.ok("PATCH", f"/api/interviews/{cancelled['id']}", {"outcome": "cancelled"})
    seeker.ok("PATCH", f"/api/tasks/{done['id']}", {"done": True})
    seeker.ok("DELETE", f"/api/applications/{globex}", expect=204)

    [left] = events(client, path).values()
    assert left["start"] == datetime(2031, 1, 1, 10, 0, tzinfo=UTC)


def test_the_address_is_stable_until_rotated_and_then_the_old_one_is_gone(
    seeker: Seeker, client: FlaskClient
):
    seeker.interview(seeker.application())
    old = feed_path(seeker)
    assert feed_path(seeker) == old

    rotated = urlsplit(seeker.ok("POST", "/api/calendar/rotate")["url"]).path

    assert rotated != old
    gone = client.get(old)
    assert gone.status_code == 404 and gone.get_json()["error"]["code"] == "not_found"
    assert len(events(client, rotated)) == 1
    assert feed_path(seeker) == rotated


def test_only_the_exact_secret_opens_a_feed(seeker: Seeker, other: Seeker, client: FlaskClient):
    path = feed_path(seeker)
    secret = path.removeprefix("/calendar/").removesuffix(".ics")
    assert len(secret) >= 43

    flipped = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    for guess in (flipped, secret[:-1], secret + "x", "a" * 43, "../etc/passwd", "%00"):
        assert client.get(f"/calendar/{guess}.ics").status_code == 404, guess
    assert feed_path(other) != path


def test_the_feed_is_privately_cacheable_and_revalidates(seeker: Seeker, client: FlaskClient):
    seeker.interview(seeker.application())
    path = feed_path(seeker)
    first = client.get(path)

    assert first.headers["Cache-Control"] == "private, max-age=300"
    assert first.headers["ETag"]
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    seeker.interview(seeker.application("Globex"))
    changed = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200


def test_the_address_needs_a_token_and_the_feed_none(client: FlaskClient, seeker: Seeker):
    assert client.get("/api/calendar").status_code == 401
    assert client.post("/api/calendar/rotate").status_code == 401
    assert client.get(feed_path(seeker)).status_code == 200


def test_the_secret_stays_out_of_the_request_log(seeker: Seeker, client: FlaskClient, caplog):
    path = feed_path(seeker)
    secret = path.removeprefix("/calendar/").removesuffix(".ics")

    with caplog.at_level(logging.INFO, logger="jatify.requests"):
        assert client.get(path).status_code == 200

    lines = [record.getMessage() for record in caplog.records if record.name == "jatify.requests"]
    assert lines == ["GET /calendar/<secret>.ics 200 " + lines[0].rsplit(" ", 1)[1]]
    assert all(secret not in line for line in lines)
