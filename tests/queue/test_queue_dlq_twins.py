"""Requeueing dead letters whose jobs share a dedupe key: one goes back, the rest are skipped.

Issue #11, defect 2: two open entries with the same dedupe key made every bulk requeue
answer 409 for everyone, and `flask dlq requeue --all` die on the unique index.
"""

from __future__ import annotations

from tests.queue.queue_helpers import query

KEY = "analyze:1:2"


def statuses(dsn):
    """Job id -> (job status, whether its newest dead letter is still open)."""
    rows = query(
        dsn,
        "SELECT j.id, j.status, bool_or(d.requeued_at IS NULL) AS open FROM queue_jobs j "
        "JOIN dead_letters d ON d.job_id = j.id GROUP BY j.id, j.status",
    )
    return {str(row["id"]): (row["status"], row["open"]) for row in rows}


def test_a_bulk_requeue_sends_back_one_entry_per_dedupe_key(client, account, dead_letter, dsn):
    alice, alice_headers = account()
    _, older = dead_letter(alice, dedupe_key=KEY)
    _, newer = dead_letter(alice, dedupe_key=KEY)
    _, plain = dead_letter(alice)

    answer = client.post("/api/dlq/requeue", headers=alice_headers)

    assert (answer.status_code, answer.get_json()) == (202, {"requeued": 2, "skipped": 1})
    assert statuses(dsn) == {
        older: ("failed", True),
        newer: ("pending", False),
        plain: ("pending", False),
    }
    again = client.post("/api/dlq/requeue", headers=alice_headers)
    assert again.get_json() == {"requeued": 0, "skipped": 1}  # its twin is in flight now


def test_an_admins_requeue_of_everything_is_not_blocked_by_one_users_twins(
    client, account, dead_letter, dsn
):
    alice, _ = account()
    bob, _ = account()
    _, admin_headers = account(admin=True)
    dead_letter(alice, dedupe_key=KEY)
    dead_letter(alice, dedupe_key=KEY)
    _, bobs = dead_letter(bob)

    answer = client.post("/api/dlq/requeue", headers=admin_headers)

    assert (answer.status_code, answer.get_json()) == (202, {"requeued": 2, "skipped": 1})
    assert statuses(dsn)[bobs] == ("pending", False)


def test_listed_twins_are_requeued_once(client, account, dead_letter, dsn):
    alice, alice_headers = account()
    twins = [dead_letter(alice, dedupe_key=KEY)[0] for _ in range(3)]

    answer = client.post("/api/dlq/requeue", json={"ids": twins}, headers=alice_headers)

    assert (answer.status_code, answer.get_json()) == (202, {"requeued": 1, "skipped": 2})
    assert sorted(status for status, _ in statuses(dsn).values()) == ["failed", "failed", "pending"]


def test_an_entry_whose_twin_is_in_flight_is_reported_skipped(
    client, account, dead_letter, add_job
):
    alice, alice_headers = account()
    entry, _ = dead_letter(alice, dedupe_key=KEY)
    add_job("test.noop", dedupe_key=KEY)

    answer = client.post("/api/dlq/requeue", json={"ids": [entry]}, headers=alice_headers)

    assert (answer.status_code, answer.get_json()) == (202, {"requeued": 0, "skipped": 1})


def test_the_cli_requeues_all_and_reports_the_skipped_twins(app, dead_letter, dsn):
    _, older = dead_letter(dedupe_key=KEY)
    _, newer = dead_letter(dedupe_key=KEY)
    dead_letter()

    result = app.test_cli_runner().invoke(args=["dlq", "requeue", "--all"])

    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        "requeued 2 of 3; skipped 1: an equivalent job (same dedupe key) is in the queue"
    )
    assert statuses(dsn)[older] == ("failed", True)
    assert statuses(dsn)[newer] == ("pending", False)


def test_the_bulk_answer_documents_the_skipped_entries(client):
    document = client.get("/api/openapi.json").get_json()
    responses = document["paths"]["/api/dlq/requeue"]["post"]["responses"]
    schema = responses["202"]["content"]["application/json"]["schema"]
    name = schema["$ref"].rsplit("/", 1)[-1]
    properties = document["components"]["schemas"][name]["properties"]
    assert set(properties) == {"requeued", "skipped"}
    assert "dedupe key" in properties["skipped"]["description"]
