"""The job.capture handler, run as the queue runs it, against the career site: listings
made from every kind of page, one listing per posting, snapshots, and every failure."""

from __future__ import annotations

import pytest

from jatify.queue import PermanentError, TransientError
from jatify.tasks import capture as capture_task
from tests.capture.career_site import page


def test_a_greenhouse_link_becomes_a_complete_listing_with_a_snapshot(
    client, auth_headers, site, captured, sql
):
    capture = captured(auth_headers, url=site.url("/greenhouse?utm_source=newsletter"))

    assert (capture["status"], capture["method"], capture["error"]) == ("done", "json-ld", None)
    assert capture["finished_at"] is not None
    job = capture["job"]
    assert (job["company"], job["position"]) == ("Northwind Analytics", "Senior Backend Engineer")
    assert (job["location"], job["salary"]) == (
        "Berlin, Germany",
        "EUR 75,000\u201390,000 per year",
    )
    assert (job["posted_at"], job["valid_through"]) == ("2026-03-02", "2099-06-30")
    assert (job["employment_type"], job["posting_status"]) == ("FULL_TIME", "open")
    assert job["posting_checked_at"] is not None
    assert job["url"] == site.url("/northwind/jobs/4012345")  # its rel=canonical
    assert "Run background jobs on a PostgreSQL queue" in job["description"]

    snapshots = client.get(f"/api/jobs/{job['id']}/snapshots", headers=auth_headers).get_json()
    [snapshot] = snapshots["items"]
    assert (snapshot["http_status"], snapshot["changed"]) == (200, False)
    detail = client.get(
        f"/api/jobs/{job['id']}/snapshots/{snapshot['id']}", headers=auth_headers
    ).get_json()
    assert detail["text"].startswith("Senior Backend Engineer\nNorthwind Analytics\n")
    assert sql("SELECT input FROM captures")[0].input is None


def test_three_links_to_one_posting_make_one_listing(client, auth_headers, site, captured):
    links = ["/lever?lever-source=LinkedIn", "/lever#apply", "/redirect/2/lever?utm_medium=x"]
    jobs = {captured(auth_headers, url=site.url(link))["job"]["id"] for link in links}

    assert len(jobs) == 1
    listed = client.get("/api/jobs", headers=auth_headers).get_json()
    assert listed["total"] == 1
    assert listed["items"][0]["url"] == site.url("/lever")
    snapshots = client.get(f"/api/jobs/{jobs.pop()}/snapshots", headers=auth_headers).get_json()
    assert snapshots["total"] == 1  # the same text is kept once


def test_capturing_again_refreshes_the_listing_and_snapshots_the_change(
    client, auth_headers, site, captured
):
    site.serve("/p/7", page("workday"))
    first = captured(auth_headers, url=site.url("/p/7"))["job"]
    client.put(f"/api/jobs/{first['id']}", json={"company": "Renamed"}, headers=auth_headers)
    site.serve("/p/7", page("workday").replace("keep our warehouse fast", "run on-call"))

    again = captured(auth_headers, url=site.url("/p/7?gh_src=abc"))["job"]

    assert again["id"] == first["id"]
    assert again["company"] == "Initech"
    assert "run on-call" in again["description"]
    items = client.get(f"/api/jobs/{first['id']}/snapshots", headers=auth_headers).get_json()
    assert [item["changed"] for item in items["items"]] == [True, False]


def test_a_listing_saved_by_hand_with_the_link_is_the_one_captured(
    client, auth_headers, site, captured
):
    saved = client.post(
        "/api/jobs",
        json={"company": "?", "position": "?", "description": "?", "url": site.url("/workday/")},
        headers=auth_headers,
    ).get_json()

    job = captured(auth_headers, url=site.url("/workday?utm_source=x"))["job"]

    assert job["id"] == saved["id"]
    assert (job["company"], job["posting_status"]) == ("Initech", "open")


def test_another_persons_listing_of_the_same_posting_is_left_alone(
    client, make_headers, site, captured
):
    first, second = make_headers(), make_headers()
    one = captured(first, url=site.url("/workday"))["job"]
    two = captured(second, url=site.url("/workday"))["job"]
    assert one["id"] != two["id"]


@pytest.mark.parametrize(
    ("name", "method"),
    [("microdata", "microdata"), ("opengraph", "opengraph"), ("article", "readable-text")],
)
def test_pages_without_json_ld_are_read_by_the_next_method(
    auth_headers, site, captured, name, method
):
    capture = captured(auth_headers, url=site.url(f"/{name}"))
    assert (capture["status"], capture["method"]) == ("done", method)
    assert capture["job"]["description"]


def test_pasted_html_is_read_without_fetching(auth_headers, site, captured):
    capture = captured(auth_headers, html=page("microdata"), url="https://umbrella.example/qa")

    assert (capture["method"], capture["job"]["company"]) == ("microdata", "Umbrella Health")
    assert capture["job"]["url"] == "https://umbrella.example/qa"
    assert site.requests == []


def test_pasted_text_makes_a_listing_with_the_builtin_guess(client, auth_headers, captured):
    capture = captured(auth_headers, text="Barista at Central Perk\nMake coffee, be nice.")

    job = capture["job"]
    assert (capture["method"], job["position"], job["company"]) == (
        "text",
        "Barista",
        "Central Perk",
    )
    assert (job["url"], job["posting_status"]) == (None, "unknown")
    snapshots = client.get(f"/api/jobs/{job['id']}/snapshots", headers=auth_headers).get_json()
    assert snapshots["items"][0]["http_status"] is None


def test_pasted_text_is_read_by_the_model_when_one_is_configured(
    auth_headers, request_capture, run_capture, client, capture_config, fake_llm
):
    fields = {
        "company": "Central Perk",
        "position": "Head Barista",
        "location": "New York",
        "salary": None,
        "employment_type": "PART_TIME",
        "posted_at": None,
        "valid_through": "2099-01-31",
    }
    fake_llm.script([("ok", fields)])
    config = {
        **capture_config,
        "ANALYZER": "llm",
        "LLM_API_KEY": "sk-test",
        "LLM_BASE_URL": fake_llm.base_url,
    }
    capture = request_capture(auth_headers, text="We need coffee people!\nShifts on weekends.")

    run_capture(capture["id"], config)

    job = client.get(f"/api/captures/{capture['id']}", headers=auth_headers).get_json()["job"]
    assert (job["company"], job["position"], job["location"]) == (
        "Central Perk",
        "Head Barista",
        "New York",
    )
    assert (job["employment_type"], job["valid_through"]) == ("PART_TIME", "2099-01-31")


def test_a_model_that_keeps_failing_is_retried_then_fails_the_capture(
    auth_headers, request_capture, run_capture, capture_config, fake_llm, sql, worker_connection
):
    fake_llm.script(["500", "401"])
    config = {
        **capture_config,
        "ANALYZER": "llm",
        "LLM_API_KEY": "sk-test",
        "LLM_BASE_URL": fake_llm.base_url,
    }
    capture = request_capture(auth_headers, text="Engineer at Acme")

    with pytest.raises(TransientError):
        run_capture(capture["id"], config)
    with pytest.raises(PermanentError):
        run_capture(capture["id"], config)
    with worker_connection.cursor() as cursor:
        capture_task.mark_failed(cursor, {"capture_id": capture["id"]}, "gave up")
    worker_connection.commit()

    [row] = sql("SELECT status, error FROM captures")
    assert (row.status, row.error) == ("failed", "http_error")


def test_with_private_networks_refused_the_career_site_is_blocked(
    app, client, auth_headers, site, request_capture, run_capture
):
    capture = request_capture(auth_headers, url=site.url("/greenhouse"))

    run_capture(capture["id"], {**app.config, "CAPTURE_ALLOW_PRIVATE_NETWORKS": False})

    answer = client.get(f"/api/captures/{capture['id']}", headers=auth_headers).get_json()
    assert (answer["status"], answer["error"], answer["job"]) == ("failed", "blocked_address", None)
    assert site.requests == []


@pytest.mark.parametrize(
    ("path", "error"),
    [
        ("/status/404", "http_error"),
        ("/status/410", "http_error"),
        ("/huge", "too_large"),
        ("/json", "not_a_posting"),
        ("/redirect/6/lever", "http_error"),
    ],
)
def test_a_page_that_cannot_be_a_listing_fails_the_capture_at_once(
    client, auth_headers, site, captured, sql, path, error
):
    capture = captured(auth_headers, url=site.url(path))

    assert (capture["status"], capture["error"], capture["job"]) == ("failed", error, None)
    assert sql("SELECT count(*) FROM job_listings")[0][0] == 0


def test_a_timeout_is_retried_and_a_last_failure_keeps_its_reason(
    app, client, auth_headers, site, request_capture, run_capture, worker_connection
):
    capture = request_capture(auth_headers, url=site.url("/slow"))
    config = {**app.config, "CAPTURE_ALLOW_PRIVATE_NETWORKS": True, "CAPTURE_TIMEOUT_SECONDS": 1}

    with pytest.raises(TransientError):
        run_capture(capture["id"], config)
    pending = client.get(f"/api/captures/{capture['id']}", headers=auth_headers).get_json()
    assert (pending["status"], pending["error"]) == ("pending", "timeout")

    with worker_connection.cursor() as cursor:
        capture_task.mark_failed(cursor, {"capture_id": capture["id"]}, "exhausted")
    worker_connection.commit()
    failed = client.get(f"/api/captures/{capture['id']}", headers=auth_headers).get_json()
    assert (failed["status"], failed["error"]) == ("failed", "timeout")

    with worker_connection.cursor() as cursor:
        capture_task.mark_pending(cursor, {"capture_id": capture["id"]})
    worker_connection.commit()
    requeued = client.get(f"/api/captures/{capture['id']}", headers=auth_headers).get_json()
    assert (requeued["status"], requeued["error"], requeued["finished_at"]) == (
        "pending",
        None,
        None,
    )


def test_a_finished_capture_is_not_run_twice(auth_headers, site, captured, run_capture, sql):
    capture = captured(auth_headers, url=site.url("/lever"))
    run_capture(capture["id"])
    assert len(site.requests) == 1
    assert sql("SELECT count(*) FROM posting_snapshots")[0][0] == 1


def test_a_deleted_listing_is_not_shown_by_its_capture_and_a_new_one_is_made(
    client, auth_headers, site, captured
):
    first = captured(auth_headers, url=site.url("/lever"))
    client.delete(f"/api/jobs/{first['job']['id']}", headers=auth_headers)

    assert (
        client.get(f"/api/captures/{first['id']}", headers=auth_headers).get_json()["job"] is None
    )
    second = captured(auth_headers, url=site.url("/lever"))
    assert second["job"]["id"] != first["job"]["id"]


def test_a_misconfigured_model_endpoint_is_a_permanent_error(
    auth_headers, request_capture, run_capture, capture_config
):
    config = {**capture_config, "ANALYZER": "llm", "LLM_API_KEY": None, "OPENROUTER_API_KEY": None}
    capture = request_capture(auth_headers, text="Engineer at Acme")

    with pytest.raises(PermanentError, match="misconfigured"):
        run_capture(capture["id"], config)
