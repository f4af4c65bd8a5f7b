"""`GET /api/applications/stats` on a known data set, scoping, validation, query count."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

import pytest
from flask.testing import FlaskClient

from tests.insights.conftest import Account, Tracker

APPLIED, HR, USER, GHOSTED, OFFER, REJECTED, ACCEPTED, TURNED_DOWN, WISHLIST, WITHDRAWN = range(
    1, 11
)
# Status ids in pipeline order (migration 0003).
PIPELINE_ORDER = [9, 1, 2, 3, 5, 7, 8, 6, 4, 10]
# Status names by id.
STATUS_NAMES = [
    "Applied",
    "HR Interview",
    "User Interview",
    "Ghosted",
    "Offer",
    "Rejected",
    "Offer Accepted",
    "Offer Turned Down",
    "Wishlist",
    "Withdrawn",
]


def this_monday() -> date:
    """Monday of the current ISO week (UTC)."""
    today = datetime.now(UTC).date()
    return today - timedelta(days=today.weekday())


def noon(day: date, plus_days: int = 0) -> datetime:
    """12:00 UTC on `day` + `plus_days`."""
    return datetime.combine(day + timedelta(days=plus_days), time(12), tzinfo=UTC)


def get_stats(client: FlaskClient, account: Account, **query: object) -> dict:
    """The stats answer (asserting 200)."""
    response = client.get("/api/applications/stats", query_string=query, headers=account.headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_empty_account_has_every_status_at_zero_and_no_rates(
    client: FlaskClient, make_account: Callable[..., Account]
) -> None:
    stats = get_stats(client, make_account())

    assert stats["by_status"] == [
        {"id": index, "name": STATUS_NAMES[index - 1], "count": 0} for index in PIPELINE_ORDER
    ]
    monday = this_monday()
    assert stats["per_week"] == [
        {"week_start": (monday - timedelta(weeks=11 - n)).isoformat(), "count": 0}
        for n in range(12)
    ]
    assert stats["total"] == stats["sent"] == stats["responded"] == stats["offers"] == 0
    assert stats["response_rate"] is None
    assert stats["median_days_to_first_change"] is None


@pytest.fixture
def known_account(
    make_account: Callable[..., Account],
    tracker_for: Callable[[Account], Tracker],
    set_history: Callable[[int, list[datetime]], None],
) -> Account:
    """Seven live applications with dated histories, plus rows that must not count."""
    owner, other = make_account(), make_account()
    mine, theirs = tracker_for(owner), tracker_for(other)
    job = mine.job()
    monday = this_monday()

    def dated(statuses: tuple[int, ...], applied: date | None, offsets: list[int]) -> int:
        application_id = mine.application(
            job, *statuses, applied_at=applied.isoformat() if applied else None
        )
        base = applied or monday
        set_history(application_id, [noon(base, offset) for offset in offsets])
        return application_id

    two_weeks_ago = monday - timedelta(weeks=2)
    dated((APPLIED, HR), two_weeks_ago, [0, 3])  # responded after 3 days
    dated((APPLIED, OFFER, ACCEPTED), two_weeks_ago, [0, 10, 12])  # offer, 10 days
    dated((APPLIED,), monday - timedelta(weeks=10), [0])  # no change yet
    mine.application(job, WISHLIST)  # a plan: not sent, not in any week
    dated((APPLIED, GHOSTED), monday - timedelta(weeks=5), [0, 30])  # no response, 30 days
    # Leaving Wishlist is the sending, not a change: first change is 5 days after applying.
    dated((WISHLIST, APPLIED, USER), monday - timedelta(weeks=1), [-3, 0, 5])
    mine.application(job, APPLIED)  # no applied_at: counts in the week it was created

    deleted = dated((APPLIED, OFFER), two_weeks_ago, [0, 1])
    mine.delete_application(deleted)
    theirs.application(theirs.job(), APPLIED, OFFER, applied_at=two_weeks_ago.isoformat())
    return owner


def test_known_data_set(client: FlaskClient, known_account: Account) -> None:
    stats = get_stats(client, known_account)

    counts = {row["name"]: row["count"] for row in stats["by_status"]}
    assert counts == {
        "Applied": 2,
        "HR Interview": 1,
        "User Interview": 1,
        "Ghosted": 1,
        "Offer": 0,
        "Rejected": 0,
        "Offer Accepted": 1,
        "Offer Turned Down": 0,
        "Wishlist": 1,
        "Withdrawn": 0,
    }
    assert stats["total"] == 7
    assert stats["sent"] == 6
    assert stats["responded"] == 3
    assert stats["response_rate"] == 0.5
    assert stats["offers"] == 1
    assert stats["median_days_to_first_change"] == 7.5  # of 3, 5, 10 and 30 days

    weekly = [row["count"] for row in stats["per_week"]]
    assert len(weekly) == 12
    assert weekly == [0, 1, 0, 0, 0, 0, 1, 0, 0, 2, 1, 1]


def test_weeks_parameter_bounds_the_series(client: FlaskClient, known_account: Account) -> None:
    stats = get_stats(client, known_account, weeks=4)

    monday = this_monday()
    assert stats["per_week"] == [
        {"week_start": (monday - timedelta(weeks=3)).isoformat(), "count": 0},
        {"week_start": (monday - timedelta(weeks=2)).isoformat(), "count": 2},
        {"week_start": (monday - timedelta(weeks=1)).isoformat(), "count": 1},
        {"week_start": monday.isoformat(), "count": 1},
    ]
    assert len(get_stats(client, known_account, weeks=104)["per_week"]) == 104
    assert len(get_stats(client, known_account, weeks=1)["per_week"]) == 1


def test_other_accounts_see_only_their_own(
    client: FlaskClient, known_account: Account, make_account: Callable[..., Account]
) -> None:
    stats = get_stats(client, make_account())

    assert stats["total"] == 0
    assert sum(row["count"] for row in stats["by_status"]) == 0


@pytest.mark.parametrize("weeks", ["0", "105", "-1", "many", "1.5"])
def test_weeks_out_of_range_is_422(
    client: FlaskClient, make_account: Callable[..., Account], weeks: str
) -> None:
    response = client.get(
        "/api/applications/stats", query_string={"weeks": weeks}, headers=make_account().headers
    )

    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "validation_error"
    assert "weeks" in response.get_json()["error"]["details"]


def test_needs_a_token(client: FlaskClient) -> None:
    response = client.get("/api/applications/stats")

    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_query_count_does_not_grow_with_applications(
    client: FlaskClient,
    make_account: Callable[..., Account],
    seed_applications: Callable[[int, int], None],
    count_queries: type,
) -> None:
    small, large = make_account(), make_account()
    seed_applications(small.id, 10)
    seed_applications(large.id, 200)

    with count_queries() as few:
        small_stats = get_stats(client, small)
    with count_queries() as many:
        large_stats = get_stats(client, large)

    assert (small_stats["total"], large_stats["total"]) == (10, 200)
    assert large_stats["responded"] == 200
    assert few.count == many.count
    stats_statements = [s for s in many.statements if "application_status_changes" in s]
    assert len(stats_statements) == 1
