"""The follow-up clock on crafted histories: the expected wait per company, over all of an
account's applications, or 14 days; counted from the latest status change."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from tests.agenda.conftest import (
    APPLIED,
    HR_INTERVIEW,
    REJECTED,
    USER_INTERVIEW,
    WISHLIST,
    Seeker,
    today,
)


def expected(follow_up: dict, days: int, basis: str, since_days_ago: int) -> None:
    """The follow-up expects an answer `days` after a day `since_days_ago` days back."""
    by = today() - timedelta(days=since_days_ago) + timedelta(days=days)
    assert follow_up == {
        "expected_response_by": by.isoformat(),
        "overdue": today() > by,
        "basis": basis,
        "days": days,
    }


def test_without_history_the_wait_is_14_days_from_applying(seeker: Seeker):
    fresh = seeker.application("Acme", applied_at=today() - timedelta(days=3))
    late = seeker.application("Globex", applied_at=today() - timedelta(days=20))

    expected(seeker.follow_up(fresh), 14, "default", since_days_ago=3)
    expected(seeker.follow_up(late), 14, "default", since_days_ago=20)
    assert seeker.follow_up(late)["overdue"] is True


def test_five_answers_anywhere_give_the_accounts_median(seeker: Seeker):
    for company, wait in [("A", 2), ("B", 4), ("C", 6), ("D", 8)]:
        seeker.answered(company, wait)
    waiting = seeker.application("Initech", applied_at=today() - timedelta(days=2))
    expected(seeker.follow_up(waiting), 14, "default", since_days_ago=2)

    seeker.answered("E", 30)

    # Waits 2, 4, 6, 8, 30: the median is 6.
    expected(seeker.follow_up(waiting), 6, "history", since_days_ago=2)


def test_three_answers_from_a_company_give_its_own_median_rounded_up(seeker: Seeker):
    for company, wait in [("Acme", 3), ("ACME", 4), ("acme", 9), ("Other", 20), ("Else", 20)]:
        seeker.answered(company, wait)
    at_acme = seeker.application("Acme", applied_at=today() - timedelta(days=1))
    elsewhere = seeker.application("Globex", applied_at=today() - timedelta(days=1))
    two_at_other = seeker.application("Other", applied_at=today() - timedelta(days=1))

    # Acme, in any case: 3, 4, 9 -> 4. Overall: 3, 4, 9, 20, 20 -> 9.
    expected(seeker.follow_up(at_acme), 4, "company", since_days_ago=1)
    expected(seeker.follow_up(elsewhere), 9, "history", since_days_ago=1)
    expected(seeker.follow_up(two_at_other), 9, "history", since_days_ago=1)


def test_an_even_number_of_waits_rounds_the_median_up(seeker: Seeker):
    for company, wait in [("A", 1), ("B", 2), ("C", 3), ("D", 4), ("E", 5), ("F", 6)]:
        seeker.answered(company, wait)
    waiting = seeker.application("G")

    expected(seeker.follow_up(waiting), 4, "history", since_days_ago=0)  # 3.5 -> 4


def test_a_status_change_starts_the_count_again(seeker: Seeker):
    application_id = seeker.application("Acme", applied_at=today() - timedelta(days=30))
    assert seeker.follow_up(application_id)["overdue"] is True

    seeker.move(application_id, HR_INTERVIEW)
    expected(seeker.follow_up(application_id), 14, "default", since_days_ago=0)

    seeker.shift(application_id, 5)  # the interview step was 5 days ago
    seeker.move(application_id, USER_INTERVIEW)
    expected(seeker.follow_up(application_id), 14, "default", since_days_ago=0)


def test_leaving_wishlist_starts_the_clock_and_is_no_answer(seeker: Seeker):
    planned = seeker.application("Acme", status_id=WISHLIST)
    assert seeker.follow_up(planned) is None

    seeker.shift(planned, 10)
    seeker.move(planned, APPLIED)

    expected(seeker.follow_up(planned), 14, "default", since_days_ago=0)
    [[first_change]] = seeker.sql(
        "SELECT first_change_at FROM applications WHERE id = :id", id=planned
    )
    assert first_change is None


def test_terminal_statuses_and_wishlist_have_no_follow_up(seeker: Seeker):
    rejected = seeker.application("Acme")
    seeker.move(rejected, REJECTED)

    assert seeker.follow_up(rejected) is None
    assert seeker.follow_up(seeker.application("Globex", status_id=WISHLIST)) is None


def test_deleted_applications_are_no_samples(seeker: Seeker):
    answers = [seeker.answered(company, 2) for company in "ABCDE"]
    waiting = seeker.application("F")
    expected(seeker.follow_up(waiting), 2, "history", since_days_ago=0)

    seeker.ok("DELETE", f"/api/applications/{answers[0]}", expect=204)

    expected(seeker.follow_up(waiting), 14, "default", since_days_ago=0)


def test_another_accounts_history_does_not_count(seeker: Seeker, other: Seeker):
    for company in "ABCDE":
        other.answered(company, 1)

    expected(seeker.follow_up(seeker.application("A")), 14, "default", since_days_ago=0)


def test_the_list_and_the_single_answer_agree_in_a_constant_number_of_queries(
    seeker: Seeker, count_queries
):
    for company, wait in [("Acme", 3), ("Acme", 5), ("Acme", 7), ("B", 1), ("C", 30)]:
        seeker.answered(company, wait)
    ids = [seeker.application(company) for company in ["Acme", "B", "Z", "Acme", "Q"]]

    with count_queries() as small:
        seeker.ok("GET", "/api/applications", page_size=2)
    with count_queries() as large:
        listed = seeker.ok("GET", "/api/applications", page_size=100)["items"]

    assert small.count == large.count
    by_id = {item["id"]: item["follow_up"] for item in listed}
    for application_id in ids:
        assert by_id[application_id] == seeker.follow_up(application_id)
    assert by_id[ids[0]]["basis"] == "company"
    assert by_id[ids[2]]["basis"] == "history"


def test_dates_are_days_in_the_account_time_zone(seeker: Seeker):
    # At 23:30 UTC it is already tomorrow in Kiritimati (UTC+14).
    application_id = seeker.application("Acme")
    seeker.sql(
        "UPDATE applications SET applied_at = NULL, created_at = date_trunc('day', now()) "
        "+ interval '23 hours 30 minutes' - interval '3 days' WHERE id = :id",
        id=application_id,
    )
    in_utc = seeker.follow_up(application_id)["expected_response_by"]
    seeker.ok("PATCH", "/api/user/profile", {"timezone": "Pacific/Kiritimati"})
    in_kiritimati = seeker.follow_up(application_id)["expected_response_by"]

    assert in_utc == (today() - timedelta(days=3) + timedelta(days=14)).isoformat()
    assert in_kiritimati == (today() - timedelta(days=2) + timedelta(days=14)).isoformat()


def test_renaming_a_company_moves_its_answers(seeker: Seeker):
    for wait in (2, 3, 4):
        seeker.answered("Acme", wait)
    waiting = seeker.application("Acme", position="Another role")
    assert seeker.follow_up(waiting)["basis"] == "company"

    seeker.ok("PUT", f"/api/jobs/{seeker.job('Acme')}", {"company": "Initech"})

    expected(seeker.follow_up(waiting), 14, "default", since_days_ago=0)
    renamed = seeker.application("initech")
    expected(seeker.follow_up(renamed), 3, "company", since_days_ago=0)


def test_a_changed_applied_date_changes_the_wait(seeker: Seeker):
    answers = [seeker.answered("Acme", 2) for _ in range(3)]
    waiting = seeker.application("Acme", position="Another role")
    assert seeker.follow_up(waiting)["days"] == 2

    for application_id in answers:
        [[applied]] = seeker.sql(
            "SELECT applied_at FROM applications WHERE id = :id", id=application_id
        )
        moved = (applied - timedelta(days=10)).isoformat()
        seeker.ok("PATCH", f"/api/applications/{application_id}", {"applied_at": moved})

    assert seeker.follow_up(waiting)["days"] == 12


def test_first_changes_at_the_same_time_all_count(seeker: Seeker, app):
    ids = [seeker.application(company) for company in "ABCDEF"]

    def move(application_id: int) -> int:
        client = app.test_client()
        path = f"/api/applications/{application_id}"
        return client.put(
            path, json={"status_id": HR_INTERVIEW}, headers=seeker.headers
        ).status_code

    with ThreadPoolExecutor(max_workers=len(ids)) as pool:
        assert list(pool.map(move, ids)) == [200] * len(ids)

    [[samples]] = seeker.sql(
        "SELECT samples FROM follow_up_baselines WHERE company_key = '' AND user_id = "
        "(SELECT user_id FROM applications WHERE id = :id)",
        id=ids[0],
    )
    assert samples == len(ids)
    waiting = seeker.application("G")
    expected(seeker.follow_up(waiting), 0, "history", since_days_ago=0)
