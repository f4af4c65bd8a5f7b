"""GET /api/queue/stats: the queue at a glance, for admins only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.queue.queue_helpers import query

STATS = "/api/queue/stats"


@pytest.fixture
def headers(register, login, dsn):
    """Bearer headers of a new account, an admin when asked."""

    def headers(admin=False):
        user = register()
        if admin:
            query(dsn, "UPDATE users SET is_admin = true WHERE id = %s", (user["id"],))
        return {"Authorization": f"Bearer {login(user['email'])['access_token']}"}

    return headers


def test_admins_see_jobs_per_status_and_kind_the_oldest_wait_and_throughput(
    client, headers, add_job, make_engine, dsn
):
    engine = make_engine()
    add_job("test.fail", {"mode": "permanent"})
    assert engine.run(engine.claim()).status == "failed"
    for _ in range(2):
        add_job()
        assert engine.run(engine.claim()).status == "done"
    waiting = add_job()
    add_job("test.sleep", {"seconds": 1})
    add_job(run_at=datetime.now(UTC) + timedelta(hours=1))
    query(
        dsn,
        "UPDATE queue_jobs SET run_at = now() - interval '90 seconds' WHERE id = %s",
        (str(waiting),),
    )
    query(
        dsn,
        "UPDATE queue_jobs SET finished_at = now() - interval '10 minutes'"
        " WHERE id = (SELECT id FROM queue_jobs WHERE status = 'done' LIMIT 1)",
    )

    answer = client.get(STATS, headers=headers(admin=True))

    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["counts"] == [
        {"status": "done", "kind": "test.noop", "jobs": 2},
        {"status": "failed", "kind": "test.fail", "jobs": 1},
        {"status": "pending", "kind": "test.noop", "jobs": 2},
        {"status": "pending", "kind": "test.sleep", "jobs": 1},
    ]
    assert 90 <= body["oldest_pending_seconds"] < 120
    assert body["finished"] == [
        {"minutes": 1, "done": 1, "failed": 1},
        {"minutes": 5, "done": 1, "failed": 1},
        {"minutes": 15, "done": 2, "failed": 1},
    ]


def test_an_empty_queue_has_no_counts_and_no_wait(client, headers):
    answer = client.get(STATS, headers=headers(admin=True))

    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json() == {
        "counts": [],
        "oldest_pending_seconds": None,
        "finished": [{"minutes": minutes, "done": 0, "failed": 0} for minutes in (1, 5, 15)],
    }


def test_people_who_are_not_admins_are_forbidden(client, headers, add_job):
    add_job()

    answer = client.get(STATS, headers=headers())

    assert answer.status_code == 403
    assert answer.get_json() == {
        "error": {"code": "forbidden", "message": "Queue statistics are for admins only"}
    }


def test_anonymous_callers_are_unauthorized(client):
    answer = client.get(STATS)

    assert answer.status_code == 401
    assert answer.get_json()["error"]["code"] == "unauthorized"
