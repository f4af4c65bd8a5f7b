"""The agenda: interviews and open tasks of the next days, overdue tasks and overdue
follow-ups, in a constant number of queries; and the dashboard's waits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.agenda.conftest import HR_INTERVIEW, Seeker, at, today


def ids(items: list[dict]) -> list[int]:
    return [item["id"] for item in items]


def test_the_agenda_answers_what_to_do_now(seeker: Seeker):
    acme, globex = seeker.application("Acme"), seeker.application("Globex")
    late = seeker.application("Initech", applied_at=today() - timedelta(days=20))
    soon = seeker.interview(acme, scheduled_at=at(days=1, hour=9))
    seeker.interview(acme, scheduled_at=at(days=20))  # after the window
    cancelled = seeker.interview(globex, scheduled_at=at(days=2))
    seeker.ok("PATCH", f"/api/interviews/{cancelled['id']}", {"outcome": "cancelled"})
    due = seeker.task(globex, due_at=at(days=3))
    overdue = seeker.task(acme, due_at=at(days=-2))
    finished = seeker.task(acme, due_at=at(days=-1))
    seeker.ok("PATCH", f"/api/tasks/{finished['id']}", {"done": True})

    agenda = seeker.ok("GET", "/api/agenda")

    assert agenda["from"] == today().isoformat()
    assert agenda["to"] == (today() + timedelta(days=13)).isoformat()
    assert ids(agenda["interviews"]) == [soon["id"]]
    assert agenda["interviews"][0]["job"]["company"] == "Acme"
    assert ids(agenda["tasks"]) == [due["id"]]
    assert ids(agenda["overdue_tasks"]) == [overdue["id"]]
    assert ids(agenda["follow_ups"]) == [late]
    assert agenda["follow_ups"][0]["follow_up"]["overdue"] is True


def test_days_sets_the_window(seeker: Seeker):
    acme = seeker.application()
    seeker.interview(acme, scheduled_at=at(days=3))

    assert seeker.ok("GET", "/api/agenda", days=3)["interviews"] == []
    assert len(seeker.ok("GET", "/api/agenda", days=4)["interviews"]) == 1
    for bad in (0, 91, "soon"):
        response = seeker.call("GET", "/api/agenda", days=bad)
        assert response.status_code == 422
        assert "days" in response.get_json()["error"]["details"]


def test_an_interview_earlier_today_is_still_on_todays_agenda(seeker: Seeker):
    # A zone where it is past 01:00, so that a minute ago was today there.
    zone = next(
        name
        for name in ("UTC", "Etc/GMT-12", "Etc/GMT+12")
        if datetime.now(ZoneInfo(name)).hour >= 1
    )
    seeker.ok("PATCH", "/api/user/profile", {"timezone": zone})
    acme = seeker.application()
    just_now = seeker.interview(
        acme, scheduled_at=(datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    )
    seeker.interview(acme, scheduled_at=(datetime.now(UTC) - timedelta(days=1)).isoformat())

    agenda = seeker.ok("GET", "/api/agenda", days=1)

    assert agenda["from"] == agenda["to"] == datetime.now(ZoneInfo(zone)).date().isoformat()
    assert ids(agenda["interviews"]) == [just_now["id"]]


def test_overdue_follow_ups_come_most_overdue_first(seeker: Seeker):
    older = seeker.application("A", applied_at=today() - timedelta(days=40))
    newer = seeker.application("B", applied_at=today() - timedelta(days=16))
    seeker.application("C", applied_at=today() - timedelta(days=3))
    moved = seeker.application("D", applied_at=today() - timedelta(days=50))
    seeker.move(moved, HR_INTERVIEW)

    assert ids(seeker.ok("GET", "/api/agenda")["follow_ups"]) == [older, newer]


def test_the_agenda_costs_the_same_queries_however_much_there_is(seeker: Seeker, count_queries):
    acme = seeker.application("Acme", applied_at=today() - timedelta(days=30))
    with count_queries() as empty:
        seeker.ok("GET", "/api/agenda")
    for day in range(1, 6):
        seeker.interview(acme, scheduled_at=at(days=day))
        seeker.task(acme, due_at=at(days=day))
        seeker.task(acme, due_at=at(days=-day))
        seeker.application(f"Late {day}", applied_at=today() - timedelta(days=20 + day))
    with count_queries() as full:
        agenda = seeker.ok("GET", "/api/agenda")

    assert len(agenda["follow_ups"]) == 6
    assert empty.count == full.count


def test_waits_per_company_and_source(seeker: Seeker):
    for wait in (2, 4, 10):
        answered = seeker.answered("Acme", wait)
        seeker.ok("PATCH", f"/api/applications/{answered}", {"source": "LinkedIn"})
    seeker.application("acme")
    seeker.application("Globex")

    waits = seeker.ok("GET", "/api/applications/waits")

    acme, globex = waits["by_company"]
    assert (acme["company"].lower(), acme["applications"], acme["sent"]) == ("acme", 4, 4)
    assert (acme["responded"], acme["response_rate"]) == (3, 0.75)
    assert (acme["median_wait_days"], acme["waits"]) == (4.0, 3)
    assert (globex["company"], globex["responded"], globex["median_wait_days"]) == (
        "Globex",
        0,
        None,
    )
    linkedin, no_source = waits["by_source"]
    assert (linkedin["source"], linkedin["applications"], linkedin["response_rate"]) == (
        "LinkedIn",
        3,
        1.0,
    )
    assert (no_source["source"], no_source["applications"]) == (None, 2)
