"""Does the score predict anything? Response rates by score band, by resume and by source,
on crafted data."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient

from tests.insights.conftest import Account, Tracker

APPLIED, HR, GHOSTED, OFFER, REJECTED, WISHLIST = 1, 2, 4, 5, 6, 9


def resume(sql: Callable, account: Account, name: str) -> int:
    """A resume row of the account whose text is ready (no file needed for statistics)."""
    return sql(
        "INSERT INTO resumes (user_id, name, filename, content_type, size_bytes, sha256,"
        " text_status, text) VALUES (:user, :name, 'cv.txt', 'text/plain', 1, :sha, 'ready',"
        " 'Python') RETURNING id",
        user=account.id,
        name=name,
        sha="0" * 64,
    )[0][0]


def score(sql: Callable, resume_id: int, job_id: int, value: int, minutes_ago: int = 0) -> None:
    """Finish the pair's analysis in flight with `value`, or add a finished one."""
    finished = sql(
        "UPDATE analyses SET status = 'done', result = jsonb_build_object('score', :v),"
        " finished_at = now(), created_at = now() - make_interval(mins => :m)"
        " WHERE resume_id = :r AND job_id = :j AND status = 'pending' RETURNING id",
        v=value,
        m=minutes_ago,
        r=resume_id,
        j=job_id,
    )
    if not finished:
        sql(
            "INSERT INTO analyses (id, user_id, resume_id, job_id, status, result, created_at)"
            " SELECT gen_random_uuid(), user_id, id, :j, 'done', jsonb_build_object('score', :v),"
            " now() - make_interval(mins => :m) FROM resumes WHERE id = :r",
            v=value,
            m=minutes_ago,
            r=resume_id,
            j=job_id,
        )


def test_response_rates_by_score_band_resume_and_source(
    client: FlaskClient,
    make_account: Callable[..., Account],
    tracker_for: Callable[[Account], Tracker],
    sql: Callable,
) -> None:
    account = make_account()
    mine = tracker_for(account)
    tailored, generic = resume(sql, account, "Tailored"), resume(sql, account, "Generic")

    def sent(resume_id: int | None, statuses: tuple[int, ...], value: int | None, **fields):
        job_id = mine.job()
        mine.application(job_id, *statuses, resume_id=resume_id, **fields)
        if value is not None:
            score(sql, resume_id, job_id, value)
        return job_id

    first = sent(tailored, (APPLIED, HR), 85, source="LinkedIn")
    score(sql, tailored, first, 10, minutes_ago=60)  # an older analysis does not count
    sent(tailored, (APPLIED,), 75, source="linkedin")
    sent(tailored, (APPLIED,), None)  # its analysis is still pending: in no band
    sent(generic, (APPLIED, REJECTED), 50, source="Referral")
    sent(generic, (APPLIED, GHOSTED), 20)
    sent(generic, (WISHLIST,), 95, source="Referral")  # not sent: counts nowhere
    sent(None, (APPLIED, HR, OFFER), None, source="referral")
    gone = mine.job()
    mine.delete_application(mine.application(gone, APPLIED, HR, resume_id=generic))
    score(sql, generic, gone, 99)
    other = make_account()
    tracker_for(other).application(tracker_for(other).job(), APPLIED, HR, source="LinkedIn")

    stats = client.get("/api/applications/stats", headers=account.headers).get_json()

    assert stats["by_score_band"] == [
        {"band": "0-39", "applications": 1, "responded": 0, "response_rate": 0.0},
        {"band": "40-69", "applications": 1, "responded": 1, "response_rate": 1.0},
        {"band": "70-100", "applications": 2, "responded": 1, "response_rate": 0.5},
    ]
    assert stats["by_resume"] == [
        {"id": tailored, "name": "Tailored", "applications": 3, "responded": 1,
         "response_rate": 0.3333},
        {"id": generic, "name": "Generic", "applications": 2, "responded": 1,
         "response_rate": 0.5},
        {"id": None, "name": None, "applications": 1, "responded": 1, "response_rate": 1.0},
    ]  # fmt: skip
    by_source = [
        (group["source"] and group["source"].lower(), group["applications"], group["responded"])
        for group in stats["by_source"]
    ]
    assert by_source == [("linkedin", 2, 1), ("referral", 2, 2), (None, 2, 0)]
    assert stats["by_source"][0]["response_rate"] == 0.5


def test_an_account_without_applications_has_empty_groups(
    client: FlaskClient, make_account: Callable[..., Account]
) -> None:
    stats = client.get("/api/applications/stats", headers=make_account().headers).get_json()

    assert [band["applications"] for band in stats["by_score_band"]] == [0, 0, 0]
    assert [band["response_rate"] for band in stats["by_score_band"]] == [None] * 3
    assert (stats["by_resume"], stats["by_source"]) == ([], [])
