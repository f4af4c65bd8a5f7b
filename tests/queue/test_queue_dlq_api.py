"""The dead-letter routes of API.md: scoping, listing, requeue and delete semantics."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime

import requests

from tests.queue.queue_helpers import query


def job(dsn, job_id):
    return query(dsn, "SELECT * FROM queue_jobs WHERE id = %s", (job_id,))[0]


def test_users_list_their_own_open_entries_newest_first(client, account, dead_letter, record_table):
    alice, alice_headers = account()
    bob, bob_headers = account()
    first, first_job = dead_letter(alice)
    second, _ = dead_letter(alice, "test.hooked", {"value": 1})
    dead_letter(bob)
    answer = client.get("/api/dlq", headers=alice_headers)
    assert answer.status_code == 200
    body = answer.get_json()
    assert (body["total"], body["page"], body["page_size"], body["pages"]) == (2, 1, 20, 1)
    assert [item["id"] for item in body["items"]] == [second, first]
    item = body["items"][1]
    assert item == {
        "id": first,
        "job_id": first_job,
        "kind": "test.fail",
        "error": "test.fail broke",
        "attempts": 1,
        "errors": [{"attempt": 1, "error": "test.fail broke", "at": item["errors"][0]["at"]}],
        "failed_at": item["failed_at"],
        "user_id": alice,
    }
    assert datetime.fromisoformat(item["failed_at"]).tzinfo is not None
    assert client.get("/api/dlq", headers=bob_headers).get_json()["total"] == 1


def test_admins_see_every_entry_and_lists_paginate_and_filter(
    client, account, dead_letter, record_table
):
    alice, _ = account()
    _, admin_headers = account(admin=True)
    for _ in range(3):
        dead_letter(alice)
    dead_letter(None, "test.hooked", {"value": 1})
    page = client.get("/api/dlq?page=2&page_size=3", headers=admin_headers).get_json()
    assert (page["total"], page["pages"], len(page["items"])) == (4, 2, 1)
    hooked = client.get("/api/dlq?kind=test.hooked", headers=admin_headers).get_json()
    assert [item["kind"] for item in hooked["items"]] == ["test.hooked"]
    for bad in ("page_size=0", "page_size=101", "page=0", "kind=" + "k" * 65):
        answer = client.get(f"/api/dlq?{bad}", headers=admin_headers)
        assert answer.status_code == 422
        assert answer.get_json()["error"]["code"] == "validation_error"
    assert client.get("/api/dlq").status_code == 401


def test_requeue_moves_the_failed_job_back_once(client, account, dead_letter, dsn, connect):
    alice, headers = account()
    entry, job_id = dead_letter(alice)
    listening = connect()
    listening.autocommit = True
    listening.cursor().execute("LISTEN jatify_jobs")
    answer = client.post(f"/api/dlq/{entry}/requeue", headers=headers)
    assert (answer.status_code, answer.get_json()) == (202, {"requeued": 1})
    row = job(dsn, job_id)
    assert (row["status"], row["attempts"], row["finished_at"]) == ("pending", 0, None)
    assert abs((row["run_at"] - datetime.now(UTC)).total_seconds()) < 5
    assert len(row["errors"]) == 1  # the history is kept across requeues
    listening.poll()
    assert [notify.payload for notify in listening.notifies] == ["test.fail"]
    [letter] = query(dsn, "SELECT requeued_at FROM dead_letters")
    assert letter["requeued_at"] is not None
    assert client.get("/api/dlq", headers=headers).get_json()["total"] == 0
    again = client.post(f"/api/dlq/{entry}/requeue", headers=headers)
    assert (again.status_code, again.get_json()["error"]["code"]) == (409, "conflict")


def test_requeue_never_touches_a_processing_or_done_job(
    client, account, dead_letter, make_engine, dsn
):
    alice, headers = account()
    entry, job_id = dead_letter(alice)
    assert client.post(f"/api/dlq/{entry}/requeue", headers=headers).status_code == 202
    engine = make_engine("host:9:w")
    claimed = engine.claim()
    reopen = "UPDATE dead_letters SET requeued_at = NULL WHERE id = %s"
    query(dsn, reopen, (entry,))  # even an entry wrongly open again cannot move it
    assert client.post(f"/api/dlq/{entry}/requeue", headers=headers).status_code == 409
    assert client.post("/api/dlq/requeue", headers=headers).get_json()["requeued"] == 0
    assert (job(dsn, job_id)["status"], job(dsn, job_id)["attempts"]) == ("processing", 1)
    query(dsn, "UPDATE queue_jobs SET status = 'done' WHERE id = %s", (claimed.id,))
    assert client.post(f"/api/dlq/{entry}/requeue", headers=headers).status_code == 409
    assert client.delete(f"/api/dlq/{entry}", headers=headers).status_code == 409
    assert job(dsn, job_id)["status"] == "done"


def test_other_users_entries_answer_404(client, account, dead_letter):
    alice, _ = account()
    _, bob_headers = account()
    entry, _ = dead_letter(alice)
    for answer in (
        client.post(f"/api/dlq/{entry}/requeue", headers=bob_headers),
        client.delete(f"/api/dlq/{entry}", headers=bob_headers),
        client.post(f"/api/dlq/{uuid.uuid4()}/requeue", headers=bob_headers),
        client.post("/api/dlq/not-a-uuid/requeue", headers=bob_headers),
    ):
        assert (answer.status_code, answer.get_json()["error"]["code"]) == (404, "not_found")
    bulk = client.post("/api/dlq/requeue", json={"ids": [entry]}, headers=bob_headers)
    assert bulk.get_json() == {"requeued": 0, "skipped": 0}


def test_bulk_requeue_takes_ids_or_everything_the_caller_sees(
    client, account, dead_letter, dsn, record_table
):
    alice, headers = account()
    bob, _ = account()
    entries = [dead_letter(alice, "test.hooked", {"value": n})[0] for n in range(3)]
    dead_letter(bob)
    answer = client.post("/api/dlq/requeue", json={"ids": entries[:2]}, headers=headers)
    assert (answer.status_code, answer.get_json()) == (202, {"requeued": 2, "skipped": 0})
    everything = client.post("/api/dlq/requeue", headers=headers).get_json()
    assert everything == {"requeued": 1, "skipped": 0}
    notes = query(dsn, f"SELECT value FROM {record_table} WHERE note = 'requeued' ORDER BY 1")
    assert [row["value"] for row in notes] == [0, 1, 2]  # on_requeued ran for each job
    assert query(dsn, "SELECT count(*) FROM dead_letters WHERE requeued_at IS NULL")[0] == {
        "count": 1
    }
    for body in ({"ids": ["nope"]}, {"ids": None}, {"everything": True}):
        assert client.post("/api/dlq/requeue", json=body, headers=headers).status_code == 422


def test_requeue_leaves_a_job_whose_twin_is_in_flight(client, account, dead_letter, add_job, dsn):
    alice, headers = account()
    entry, job_id = dead_letter(alice, dedupe_key="analyze:1:2")
    add_job("test.noop", dedupe_key="analyze:1:2")
    answer = client.post(f"/api/dlq/{entry}/requeue", headers=headers)
    assert answer.status_code == 409
    assert job(dsn, job_id)["status"] == "failed"


def test_delete_removes_the_entry_and_its_failed_job(client, account, dead_letter, dsn):
    alice, headers = account()
    entry, job_id = dead_letter(alice)
    kept, kept_job = dead_letter(alice)
    answer = client.delete(f"/api/dlq/{entry}", headers=headers)
    assert (answer.status_code, answer.data) == (204, b"")
    assert query(dsn, "SELECT id FROM queue_jobs WHERE id = %s", (job_id,)) == []
    assert query(dsn, "SELECT id FROM dead_letters") == [{"id": kept}]
    assert client.delete(f"/api/dlq/{entry}", headers=headers).status_code == 404
    assert client.post(f"/api/dlq/{kept}/requeue", headers=headers).status_code == 202
    assert client.delete(f"/api/dlq/{kept}", headers=headers).status_code == 409
    assert job(dsn, kept_job)["status"] == "pending"


def test_concurrent_requeues_of_one_entry_succeed_exactly_once(
    live_server, account, dead_letter, dsn
):
    alice, headers = account()
    entry, job_id = dead_letter(alice)
    barrier = threading.Barrier(8)
    statuses = []

    def requeue():
        barrier.wait()
        answer = requests.post(
            f"{live_server}/api/dlq/{entry}/requeue", headers=headers, timeout=10
        )
        statuses.append(answer.status_code)

    threads = [threading.Thread(target=requeue) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [202] + [409] * 7
    assert (job(dsn, job_id)["status"], job(dsn, job_id)["attempts"]) == ("pending", 0)


def test_the_openapi_document_describes_the_dlq_routes(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert set(paths["/api/dlq"]) == {"get"}
    assert "post" in paths["/api/dlq/requeue"]
    assert "post" in paths["/api/dlq/{entry_id}/requeue"]
    assert "delete" in paths["/api/dlq/{entry_id}"]
    listed = paths["/api/dlq"]["get"]["responses"]["200"]["content"]["application/json"]
    assert listed["schema"]["$ref"].endswith("DeadLetterPage")
