"""The ownership matrix: user B reaches none of user A's records through any route.

`PROBES` is the table: for each documented operation, what B sends (A's ids in the path,
the body or a filter) and what B must get back. A route missing from the table fails
`test_every_documented_operation_has_an_ownership_probe`, so a new route needs a row.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from jatify.services import imports
from tests.conftest import PASSWORD
from tests.security.helpers import (
    MARKER,
    Account,
    World,
    assert_envelope,
    bearer,
    job_url,
)


@dataclass(frozen=True)
class Form:
    """A multipart body: form fields, and files as (bytes, filename)."""

    fields: dict[str, Any]


@dataclass
class Context:
    """What an expectation may look at: the client, both accounts, the probe's token."""

    client: FlaskClient
    world: World

    @property
    def a(self) -> Account:
        """The victim."""
        return self.world.victim

    @property
    def b(self) -> Account:
        """The attacker."""
        return self.world.attacker


Expectation = Callable[[TestResponse, Context], None]
Body = Callable[[Account, Account], Any]


@dataclass(frozen=True)
class Probe:
    """B's request against A through one documented operation, and what B must get."""

    route: str
    url: str
    expect: Expectation
    body: Body | None = None
    token: str = "access"


def not_found(response: TestResponse, _ctx: Context) -> None:
    """404 in the envelope, exactly as for a record that does not exist."""
    assert_envelope(response, 404, "not_found")


def invalid(*fields: str) -> Expectation:
    """422 naming each of `fields`."""

    def expect(response: TestResponse, _ctx: Context) -> None:
        error = assert_envelope(response, 422, "validation_error")
        assert set(fields) <= set(error.get("details", {})), error

    return expect


def page_without(attribute: str) -> Expectation:
    """A 200 page whose items leave out A's record of that kind (B's own may be there)."""

    def expect(response: TestResponse, ctx: Context) -> None:
        assert response.status_code == 200, response.get_json()
        ids = {str(item["id"]) for item in response.get_json()["items"]}
        assert str(getattr(ctx.a, attribute)) not in ids
        assert str(getattr(ctx.b, attribute)) in ids

    return expect


def empty_page(response: TestResponse, _ctx: Context) -> None:
    """A 200 page with nothing in it."""
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["items"] == []
    assert body["total"] == 0


def requeued(count: int) -> Expectation:
    """202 `{"requeued": count, "skipped": 0}`."""

    def expect(response: TestResponse, _ctx: Context) -> None:
        assert response.status_code == 202, response.get_json()
        assert response.get_json() == {"requeued": count, "skipped": 0}

    return expect


def email_taken(response: TestResponse, _ctx: Context) -> None:
    """B cannot take over A's email, whatever its case."""
    assert_envelope(response, 409, "email_taken")


def wrong_credentials(response: TestResponse, _ctx: Context) -> None:
    """B's password does not open A's account."""
    assert_envelope(response, 401, "unauthorized")


def refreshed_as_b(response: TestResponse, ctx: Context) -> None:
    """B's refresh token yields a token for B, never for A."""
    assert response.status_code == 200, response.get_json()
    profile = ctx.client.get(
        "/api/user/profile", headers=bearer(response.get_json()["access_token"])
    )
    assert profile.get_json()["id"] == ctx.b.id


def logged_out_b_only(response: TestResponse, ctx: Context) -> None:
    """B's logout revokes B's login, not A's."""
    assert response.status_code == 204
    assert ctx.client.get("/api/user/profile", headers=ctx.a.headers).status_code == 200


def a_still_logged_in(response: TestResponse, ctx: Context) -> None:
    """204, and B's change to B's own account leaves A's login alone."""
    assert response.status_code == 204, response.get_json()
    assert ctx.client.get("/api/user/profile", headers=ctx.a.headers).status_code == 200


def sessions_of_b(response: TestResponse, ctx: Context) -> None:
    """B's login sessions, B's current one among them, none of A's."""
    assert response.status_code == 200, response.get_json()
    ids = {item["id"] for item in response.get_json()["items"]}
    assert ctx.a.session_id not in ids
    assert ctx.b.session_id in ids


def accepted(response: TestResponse, _ctx: Context) -> None:
    """202: the same answer for any email (nothing about A's account is told)."""
    assert response.status_code == 202, response.get_json()


def profile_of_b(response: TestResponse, ctx: Context) -> None:
    """The profile is the caller's."""
    assert response.status_code == 200
    assert response.get_json()["id"] == ctx.b.id
    assert response.get_json()["email"] == ctx.b.email


def export_of_b(response: TestResponse, ctx: Context) -> None:
    """B's data export is B's account alone: nothing of A's in any file of the zip."""
    assert response.status_code == 200, response.get_data()[:300]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    for name in archive.namelist():
        assert MARKER.encode() not in archive.read(name), name
    document = json.loads(archive.read("account.json"))
    assert document["profile"]["id"] == ctx.b.id
    assert [job["id"] for job in document["job_listings"]] == [ctx.b.job_id]


def both_accounts_kept(response: TestResponse, ctx: Context) -> None:
    """A wrong password deletes nothing: 403, and both accounts still answer."""
    assert_envelope(response, 403, "forbidden")
    for account in (ctx.a, ctx.b):
        assert ctx.client.get("/api/user/profile", headers=account.headers).status_code == 200


def ok(response: TestResponse, _ctx: Context) -> None:
    """200 (what matters is that MARKER is absent, checked for every probe)."""
    assert response.status_code == 200, response.get_json()


def forbidden(response: TestResponse, _ctx: Context) -> None:
    """403 in the envelope: the route is for admins, and B is not one."""
    assert_envelope(response, 403, "forbidden")


def stats_of_b(response: TestResponse, _ctx: Context) -> None:
    """B's statistics count B's one application only."""
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["total"] == 1


def csv_without(attribute: str) -> Expectation:
    """A CSV export with B's record and not A's."""

    def expect(response: TestResponse, ctx: Context) -> None:
        assert response.status_code == 200
        rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
        ids = {row["id"] for row in rows}
        assert str(getattr(ctx.a, attribute)) not in ids
        assert str(getattr(ctx.b, attribute)) in ids

    return expect


def imported_without_reusing_a_job(response: TestResponse, ctx: Context) -> None:
    """An import naming A's company, position and URL makes B a listing of B's own."""
    assert response.status_code == 202, response.get_json()
    with ctx.client.application.app_context():
        imports.run_import(response.get_json()["id"])
    report = ctx.client.get(response.headers["Location"], headers=ctx.b.headers).get_json()
    assert (report["created"], report["jobs_created"], report["failed"]) == (1, 1, 0), report
    listed = ctx.client.get("/api/applications?page_size=100", headers=ctx.b.headers).get_json()
    assert ctx.a.job_id not in {item["job"]["id"] for item in listed["items"]}


def import_csv(a: Account, _b: Account) -> Form:
    """A CSV naming A's job listing exactly."""
    data = f"company,position,status,job_url\nCorp {a.id},Role {a.id},Applied,{job_url(a)}\n"
    return Form({"file": (data.encode(), "import.csv")})


A_JOB = "/api/jobs/{a.job_id}"
A_APPLICATION = "/api/applications/{a.application_id}"
B_APPLICATION = "/api/applications/{b.application_id}"
A_RESUME = "/api/resumes/{a.resume_id}"
A_ENTRY = "/api/dlq/{a.dead_letter_id}"
A_CONTACT = "/api/contacts/{a.contact_id}"
A_NOTE = "/api/notes/{a.note_id}"
LINK = "/api/applications/{application_id}/contacts/{contact_id}"
B_LINKS_A = "/api/applications/{b.application_id}/contacts/{a.contact_id}"
A_LINKS_B = "/api/applications/{a.application_id}/contacts/{b.contact_id}"
A_NOTES = "/api/applications/{a.application_id}/notes"
B_NOTES = "/api/applications/{b.application_id}/notes"
JOB_CHANGE = {"company": "Changed by B", "description": "changed"}
A_INTERVIEW = "/api/interviews/{a.interview_id}"
A_TASK = "/api/tasks/{a.task_id}"
SOON = "2031-06-01T10:00:00Z"

PROBES: tuple[Probe, ...] = (
    # accounts
    Probe(
        "POST /api/auth/register",
        "/api/auth/register",
        email_taken,
        lambda a, _b: {"email": a.email.upper(), "password": PASSWORD, "name": "B"},
    ),
    Probe(
        "POST /api/auth/login",
        "/api/auth/login",
        wrong_credentials,
        lambda a, _b: {"email": a.email, "password": "not the password of A"},
    ),
    Probe("POST /api/auth/refresh", "/api/auth/refresh", refreshed_as_b, token="refresh"),
    Probe("POST /api/auth/logout", "/api/auth/logout", logged_out_b_only, token="fresh"),
    Probe("GET /api/user/profile", "/api/user/profile", profile_of_b),
    Probe("GET /api/user/usage", "/api/user/usage", ok),
    Probe("GET /api/auth/registration", "/api/auth/registration", ok),
    Probe("POST /api/auth/forgot", "/api/auth/forgot", accepted, lambda a, _b: {"email": a.email}),
    Probe(
        "POST /api/auth/reset",
        "/api/auth/reset",
        invalid("token"),
        lambda _a, _b: {"token": "not-a-reset-token-of-a", "new_password": PASSWORD},
    ),
    # login sessions and the password: B's own only
    Probe("GET /api/user/sessions", "/api/user/sessions", sessions_of_b),
    Probe("DELETE /api/user/sessions/{session_id}", "/api/user/sessions/{a.session_id}", not_found),
    Probe("DELETE /api/user/sessions", "/api/user/sessions", a_still_logged_in),
    Probe(
        "POST /api/user/password",
        "/api/user/password",
        a_still_logged_in,
        lambda _a, _b: {"current_password": PASSWORD, "new_password": PASSWORD},
    ),
    Probe("GET /api/user/export", "/api/user/export", export_of_b),
    Probe(
        "DELETE /api/user",
        "/api/user",
        both_accounts_kept,
        lambda _a, _b: {"password": "not the password of B"},
    ),
    Probe("GET /api/statuses", "/api/statuses", ok),
    # job listings
    Probe(
        "POST /api/jobs",
        "/api/jobs",
        invalid("user_id"),
        lambda a, _b: {"company": "C", "position": "P", "description": "D", "user_id": a.id},
    ),
    Probe("GET /api/jobs", "/api/jobs?page_size=100", page_without("job_id")),
    Probe("GET /api/jobs", "/api/jobs?q=Corp&page_size=100", page_without("job_id")),
    Probe("GET /api/jobs/{job_id}", A_JOB, not_found),
    Probe("PUT /api/jobs/{job_id}", A_JOB, not_found, lambda _a, _b: JOB_CHANGE),
    Probe("PATCH /api/jobs/{job_id}", A_JOB, not_found, lambda _a, _b: JOB_CHANGE),
    Probe(
        "PUT /api/jobs/{job_id}",
        "/api/jobs/{b.job_id}",
        invalid("user_id"),
        lambda a, _b: {"user_id": a.id},
    ),
    Probe("DELETE /api/jobs/{job_id}", A_JOB, not_found),
    Probe("GET /api/jobs/export.csv", "/api/jobs/export.csv", csv_without("job_id")),
    # captures and snapshots of postings
    Probe(
        "POST /api/jobs/capture",
        "/api/jobs/capture",
        invalid("user_id"),
        lambda a, _b: {"text": "Engineer at Corp", "user_id": a.id},
    ),
    Probe("GET /api/captures/{capture_id}", "/api/captures/{a.capture_id}", not_found),
    Probe("GET /api/imports/{import_id}", "/api/imports/{a.import_id}", not_found),
    Probe("GET /api/jobs/{job_id}/snapshots", f"{A_JOB}/snapshots", not_found),
    Probe(
        "GET /api/jobs/{job_id}/snapshots/{snapshot_id}",
        f"{A_JOB}/snapshots/{{a.snapshot_id}}",
        not_found,
    ),
    Probe(
        "GET /api/jobs/{job_id}/snapshots/{snapshot_id}",
        "/api/jobs/{b.job_id}/snapshots/{a.snapshot_id}",
        not_found,
    ),
    # applications
    Probe(
        "POST /api/applications",
        "/api/applications",
        invalid("job_id"),
        lambda a, _b: {"job_id": a.job_id, "status_id": 1},
    ),
    Probe(
        "POST /api/applications",
        "/api/applications",
        invalid("resume_id"),
        lambda a, b: {"job_id": b.job_id, "status_id": 1, "resume_id": a.resume_id},
    ),
    Probe(
        "GET /api/applications", "/api/applications?page_size=100", page_without("application_id")
    ),
    Probe("GET /api/applications", "/api/applications?job_id={a.job_id}", empty_page),
    Probe("GET /api/applications", f"/api/applications?q={MARKER}", empty_page),
    Probe("GET /api/applications/{application_id}", A_APPLICATION, not_found),
    Probe(
        "PUT /api/applications/{application_id}",
        A_APPLICATION,
        not_found,
        lambda _a, _b: {"status_id": 6, "notes": "changed"},
    ),
    Probe(
        "PATCH /api/applications/{application_id}",
        A_APPLICATION,
        not_found,
        lambda _a, _b: {"resume_id": None},
    ),
    Probe(
        "PUT /api/applications/{application_id}",
        B_APPLICATION,
        invalid("job_id"),
        lambda a, _b: {"job_id": a.job_id},
    ),
    Probe(
        "PATCH /api/applications/{application_id}",
        B_APPLICATION,
        invalid("resume_id"),
        lambda a, _b: {"resume_id": a.resume_id},
    ),
    Probe("DELETE /api/applications/{application_id}", A_APPLICATION, not_found),
    Probe("GET /api/applications/stats", "/api/applications/stats", stats_of_b),
    Probe(
        "GET /api/applications/export.csv",
        "/api/applications/export.csv",
        csv_without("application_id"),
    ),
    Probe(
        "POST /api/applications/import",
        "/api/applications/import",
        imported_without_reusing_a_job,
        import_csv,
    ),
    # resumes
    Probe(
        "POST /api/resumes",
        "/api/resumes",
        invalid("user_id"),
        lambda a, _b: Form({"file": (b"plain text resume", "cv.txt"), "user_id": str(a.id)}),
    ),
    Probe("GET /api/resumes", "/api/resumes?page_size=100", page_without("resume_id")),
    Probe("GET /api/resumes/{resume_id}", A_RESUME, not_found),
    Probe("PUT /api/resumes/{resume_id}", A_RESUME, not_found, lambda _a, _b: {"name": "B's"}),
    Probe("PATCH /api/resumes/{resume_id}", A_RESUME, not_found, lambda _a, _b: {"name": "B's"}),
    Probe("GET /api/resumes/{resume_id}/file", f"{A_RESUME}/file", not_found),
    Probe("DELETE /api/resumes/{resume_id}", A_RESUME, not_found),
    # analyses
    Probe(
        "POST /api/resumes/{resume_id}/analyze",
        f"{A_RESUME}/analyze",
        not_found,
        lambda _a, b: {"job_id": b.job_id},
    ),
    Probe(
        "POST /api/resumes/{resume_id}/analyze",
        "/api/resumes/{b.resume_id}/analyze",
        invalid("job_id"),
        lambda a, _b: {"job_id": a.job_id},
    ),
    Probe(
        "GET /api/resumes/{resume_id}/analysis/{job_id}",
        "/api/resumes/{a.resume_id}/analysis/{a.job_id}",
        not_found,
    ),
    Probe(
        "GET /api/resumes/{resume_id}/analysis/{job_id}",
        "/api/resumes/{b.resume_id}/analysis/{a.job_id}",
        not_found,
    ),
    Probe("GET /api/resumes/{resume_id}/analyses", f"{A_RESUME}/analyses", not_found),
    Probe("GET /api/analyses/{analysis_id}", "/api/analyses/{a.analysis_id}", not_found),
    # dead-letter queue
    Probe("GET /api/dlq", "/api/dlq?page_size=100", page_without("dead_letter_id")),
    Probe(
        "POST /api/dlq/requeue",
        "/api/dlq/requeue",
        requeued(0),
        lambda a, _b: {"ids": [a.dead_letter_id]},
    ),
    Probe("POST /api/dlq/{entry_id}/requeue", f"{A_ENTRY}/requeue", not_found),
    Probe("DELETE /api/dlq/{entry_id}", A_ENTRY, not_found),
    Probe("POST /api/dlq/requeue", "/api/dlq/requeue", requeued(1), lambda _a, _b: {}),
    # queue statistics (admins only)
    Probe("GET /api/queue/stats", "/api/queue/stats", forbidden),
    # interviews, tasks, the agenda and the calendar feed
    Probe(
        "POST /api/applications/{application_id}/interviews",
        f"{A_APPLICATION}/interviews",
        not_found,
        lambda _a, _b: {"scheduled_at": SOON},
    ),
    Probe(
        "GET /api/applications/{application_id}/interviews",
        f"{A_APPLICATION}/interviews",
        not_found,
    ),
    Probe("GET /api/interviews", "/api/interviews?page_size=100", page_without("interview_id")),
    Probe("GET /api/interviews/{interview_id}", A_INTERVIEW, not_found),
    Probe(
        "PUT /api/interviews/{interview_id}",
        A_INTERVIEW,
        not_found,
        lambda _a, _b: {"outcome": "cancelled"},
    ),
    Probe(
        "PATCH /api/interviews/{interview_id}",
        A_INTERVIEW,
        not_found,
        lambda _a, _b: {"scheduled_at": SOON},
    ),
    Probe("DELETE /api/interviews/{interview_id}", A_INTERVIEW, not_found),
    Probe(
        "POST /api/applications/{application_id}/tasks",
        f"{A_APPLICATION}/tasks",
        not_found,
        lambda _a, _b: {"title": "B's", "due_at": SOON},
    ),
    Probe("GET /api/tasks", "/api/tasks?status=all&page_size=100", page_without("task_id")),
    Probe("GET /api/tasks", "/api/tasks?application_id={a.application_id}", empty_page),
    Probe("GET /api/tasks/{task_id}", A_TASK, not_found),
    Probe("PUT /api/tasks/{task_id}", A_TASK, not_found, lambda _a, _b: {"done": True}),
    Probe("PATCH /api/tasks/{task_id}", A_TASK, not_found, lambda _a, _b: {"title": "B's"}),
    Probe("DELETE /api/tasks/{task_id}", A_TASK, not_found),
    Probe("GET /api/agenda", "/api/agenda?days=90", ok),
    Probe("GET /api/applications/waits", "/api/applications/waits", ok),
    Probe("GET /api/calendar", "/api/calendar", ok),
    Probe("POST /api/calendar/rotate", "/api/calendar/rotate", ok),
    Probe(
        "GET /calendar/{secret}.ics", "/calendar/no-such-calendar-secret-0123456789.ics", not_found
    ),
    Probe(
        "PATCH /api/user/profile",
        "/api/user/profile",
        profile_of_b,
        lambda _a, _b: {"timezone": "Asia/Tokyo"},
    ),
    # contacts, their links and notes: A's contact in B's link or note is invalid (422)
    Probe(
        "POST /api/contacts",
        "/api/contacts",
        invalid("user_id"),
        lambda a, _b: {"name": "N", "user_id": a.id},
    ),
    Probe("GET /api/contacts", "/api/contacts?page_size=100", page_without("contact_id")),
    Probe("GET /api/contacts", "/api/contacts?q=Contact", page_without("contact_id")),
    Probe("GET /api/contacts/{contact_id}", A_CONTACT, not_found),
    Probe("PUT /api/contacts/{contact_id}", A_CONTACT, not_found, lambda _a, _b: {"name": "B"}),
    Probe("PATCH /api/contacts/{contact_id}", A_CONTACT, not_found, lambda _a, _b: {"notes": ""}),
    Probe("DELETE /api/contacts/{contact_id}", A_CONTACT, not_found),
    Probe(f"PUT {LINK}", B_LINKS_A, invalid("contact_id"), lambda _a, _b: {"role": "other"}),
    Probe(f"PUT {LINK}", A_LINKS_B, not_found, lambda _a, _b: {"role": "other"}),
    Probe(f"DELETE {LINK}", B_LINKS_A, invalid("contact_id")),
    Probe(f"DELETE {LINK}", A_LINKS_B, not_found),
    Probe(
        "POST /api/applications/{application_id}/notes",
        A_NOTES,
        not_found,
        lambda _a, _b: {"body": "B's"},
    ),
    Probe(
        "POST /api/applications/{application_id}/notes",
        B_NOTES,
        invalid("contact_id"),
        lambda a, _b: {"body": "B's", "contact_id": a.contact_id},
    ),
    Probe("GET /api/applications/{application_id}/notes", A_NOTES, not_found),
    Probe("PUT /api/notes/{note_id}", A_NOTE, not_found, lambda _a, _b: {"body": "B's"}),
    Probe("PATCH /api/notes/{note_id}", A_NOTE, not_found, lambda _a, _b: {"contact_id": None}),
    Probe(
        "PUT /api/notes/{note_id}",
        "/api/notes/{b.note_id}",
        invalid("contact_id"),
        lambda a, _b: {"contact_id": a.contact_id},
    ),
    Probe("DELETE /api/notes/{note_id}", A_NOTE, not_found),
    # tags
    Probe("GET /api/tags", "/api/tags", ok),
    Probe("GET /api/applications", f"/api/applications?tag=tag-{MARKER}", empty_page),
)


def send(client: FlaskClient, probe: Probe, world: World) -> TestResponse:
    """B's request for `probe`, with A's and B's ids filled in."""
    a, b = world.victim, world.attacker
    method, _path = probe.route.split(" ", 1)
    tokens = {
        "access": lambda: b.access_token,
        "refresh": lambda: b.refresh_token,
        "fresh": lambda: world.factory.login(b.email)["access_token"],
    }
    headers = bearer(tokens[probe.token]())
    url = probe.url.format(a=a, b=b)
    body = probe.body(a, b) if probe.body else None
    if isinstance(body, Form):
        fields = {
            name: (io.BytesIO(value[0]), value[1]) if isinstance(value, tuple) else value
            for name, value in body.fields.items()
        }
        return client.open(
            url, method=method, headers=headers, data=fields, content_type="multipart/form-data"
        )
    if body is None:
        return client.open(url, method=method, headers=headers)
    return client.open(url, method=method, headers=headers, json=body)


def snapshot(client: FlaskClient, a: Account) -> dict[str, Any]:
    """Everything A can read of A's records."""
    reads = {
        "job": f"/api/jobs/{a.job_id}",
        "application": f"/api/applications/{a.application_id}",
        "resume": f"/api/resumes/{a.resume_id}",
        "analysis": f"/api/analyses/{a.analysis_id}",
        "analyses": f"/api/resumes/{a.resume_id}/analyses",
        "dlq": "/api/dlq",
        "capture": f"/api/captures/{a.capture_id}",
        "snapshots": f"/api/jobs/{a.job_id}/snapshots/{a.snapshot_id}",
        "contact": f"/api/contacts/{a.contact_id}",
        "contacts": "/api/contacts",
        "notes": f"/api/applications/{a.application_id}/notes",
        "tags": "/api/tags",
        "profile": "/api/user/profile",
        "interview": f"/api/interviews/{a.interview_id}",
        "tasks": "/api/tasks?status=all",
        "agenda": "/api/agenda?days=90",
        "calendar": "/api/calendar",
        "jobs": "/api/jobs",
        "applications": "/api/applications",
    }
    state: dict[str, Any] = {}
    for name, url in reads.items():
        response = client.get(url, headers=a.headers)
        assert response.status_code == 200, (url, response.get_json())
        state[name] = response.get_json()
    state["file"] = client.get(f"/api/resumes/{a.resume_id}/file", headers=a.headers).data
    return state


def test_every_documented_operation_has_an_ownership_probe(operations):
    documented = {f"{method} {path}" for method, path, _operation in operations}
    probed = {probe.route for probe in PROBES}

    assert documented - probed == set(), "add a row to PROBES for each new operation"
    assert probed - documented == set(), "PROBES names operations the API does not document"


def test_user_b_reaches_none_of_user_a_records(client: FlaskClient, world: World, sql, subtests):
    a = world.victim
    before = snapshot(client, a)

    for probe in PROBES:
        with subtests.test(msg=f"{probe.route} via {probe.url}"):
            response = send(client, probe, world)

            probe.expect(response, Context(client, world))
            assert MARKER.encode() not in response.get_data()  # bytes: the export is a zip

    assert snapshot(client, a) == before
    entry = sql(
        "SELECT d.requeued_at, j.status FROM dead_letters d JOIN queue_jobs j ON j.id = d.job_id"
        " WHERE d.id = :id",
        id=a.dead_letter_id,
    )
    assert [tuple(row) for row in entry] == [(None, "failed")]


@pytest.mark.parametrize(
    "url",
    [
        "/api/jobs/{a.job_id}",
        "/api/applications/{a.application_id}",
        "/api/resumes/{a.resume_id}",
        "/api/analyses/{a.analysis_id}",
    ],
)
def test_another_users_record_answers_exactly_like_a_missing_one(
    client: FlaskClient, world: World, url: str
):
    missing = {
        "job_id": 10**9,
        "application_id": 10**9,
        "resume_id": 10**9,
        "analysis_id": "00000000-0000-4000-8000-000000000000",
    }
    theirs = client.get(url.format(a=world.victim), headers=world.attacker.headers)
    absent = client.get(
        url.format(a=Account(0, "", "", "", **missing)), headers=world.attacker.headers
    )

    assert_envelope(theirs, 404, "not_found")
    assert_envelope(absent, 404, "not_found")
    assert set(theirs.get_json()["error"]) == set(absent.get_json()["error"])
