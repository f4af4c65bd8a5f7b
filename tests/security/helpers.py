"""Attack helpers: accounts with one record of every kind, built through the API.

What needs a worker (a dead letter and its failed queue job) is inserted in SQL. Every
string a victim stores carries `MARKER`, so an answer to another account that contains
it has leaked the victim's data.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Any

import jwt
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text
from werkzeug.test import TestResponse

from jatify.extensions import db
from jatify.services import imports
from tests.conftest import PASSWORD

MARKER = "victim-secret-7f3a"
RESUME_TEXT = b"Jane Doe\nBackend engineer: Python, Flask and PostgreSQL.\n"
STATUS_APPLIED = 1


@dataclass
class Account:
    """A registered user, its tokens and one record of every kind it owns."""

    id: int
    email: str
    access_token: str
    refresh_token: str
    job_id: int = 0
    resume_id: int = 0
    application_id: int = 0
    analysis_id: str = ""
    dead_letter_id: str = ""
    capture_id: str = ""
    snapshot_id: int = 0
    contact_id: int = 0
    note_id: int = 0
    interview_id: int = 0
    task_id: int = 0
    import_id: str = ""

    @property
    def headers(self) -> dict[str, str]:
        """Bearer headers of the access token."""
        return bearer(self.access_token)

    @property
    def session_id(self) -> str:
        """The login session of the access token (its `sid` claim)."""
        return jwt.decode(self.access_token, options={"verify_signature": False})["sid"]


def bearer(token: str) -> dict[str, str]:
    """Authorization header for `token`."""
    return {"Authorization": f"Bearer {token}"}


def assert_envelope(response: TestResponse, status: int, *codes: str) -> dict[str, Any]:
    """`status` with the error envelope whose code is one of `codes` (any code if none)."""
    assert response.status_code == status, (response.status_code, response.get_data()[:300])
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"}, body
    assert isinstance(body["error"]["message"], str)
    assert body["error"]["message"]
    if codes:
        assert body["error"]["code"] in codes, body
    return body["error"]


def multipart_file(
    client: FlaskClient,
    path: str,
    headers: dict[str, str],
    data: bytes,
    filename: str,
    **form: Any,
) -> TestResponse:
    """POST one file part (plus form fields) as multipart/form-data."""
    body = {"file": (io.BytesIO(data), filename), **form}
    return client.post(path, data=body, headers=headers, content_type="multipart/form-data")


def job_url(account: Account) -> str:
    """The URL of the job listing `furnish` gives an account."""
    return f"https://jobs.example.com/{account.id}"


class AccountFactory:
    """Registers accounts and gives them records through the API (SQL for the worker's)."""

    def __init__(self, app: Flask, client: FlaskClient) -> None:
        self.app = app
        self.client = client
        self.count = 0

    def account(self, prefix: str = "user", *, marked: bool = False) -> Account:
        """A new account, logged in, with no records (its name carries MARKER if `marked`)."""
        self.count += 1
        email = f"{prefix}{self.count}@example.com"
        name = f"{prefix.title()} {MARKER if marked else 'Doe'}"
        body = {"email": email, "password": PASSWORD, "name": name}
        registered = self.client.post("/api/auth/register", json=body)
        assert registered.status_code == 201, registered.get_json()
        tokens = self.login(email)
        return Account(
            id=registered.get_json()["id"],
            email=email,
            access_token=tokens["access_token"],
            refresh_token=tokens["refresh_token"],
        )

    def login(self, email: str) -> dict[str, Any]:
        """A new login's token answer."""
        response = self.client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def furnish(self, account: Account, *, marked: bool) -> Account:
        """Give `account` a job, a resume, an application, an analysis and a dead letter."""
        tag = MARKER if marked else "own"
        account.job_id = self._created(
            self.client.post(
                "/api/jobs",
                headers=account.headers,
                json={
                    "company": f"Corp {account.id}",
                    "position": f"Role {account.id}",
                    "description": f"Job description {tag}",
                    "url": job_url(account),
                    "location": f"City {tag}",
                },
            ),
            201,
        )["id"]
        account.resume_id = self._created(
            multipart_file(
                self.client,
                "/api/resumes",
                account.headers,
                RESUME_TEXT,
                f"cv-{tag}.txt",
                name=f"Resume {tag}",
            ),
            201,
        )["id"]
        account.application_id = self._created(
            self.client.post(
                "/api/applications",
                headers=account.headers,
                json={
                    "job_id": account.job_id,
                    "status_id": STATUS_APPLIED,
                    "resume_id": account.resume_id,
                    "notes": f"Notes {tag}",
                    "tags": [f"tag-{tag}"],
                },
            ),
            201,
        )["id"]
        account.analysis_id = self._created(
            self.client.post(
                f"/api/resumes/{account.resume_id}/analyze",
                headers=account.headers,
                json={"job_id": account.job_id},
            ),
            202,
        )["id"]
        account.dead_letter_id = self.dead_letter(account, tag)
        self.capture_and_snapshot(account, tag)
        self.contact_and_note(account, tag)
        self.interview_and_task(account, tag)
        account.import_id = self._created(
            multipart_file(
                self.client,
                "/api/applications/import",
                account.headers,
                f"company,position,status\nCorp {account.id},Role {tag},No such status\n".encode(),
                f"import-{tag}.csv",
            ),
            202,
        )["id"]
        with self.app.app_context():
            imports.run_import(account.import_id)  # its one row fails; done, it may import again
        return account

    def interview_and_task(self, account: Account, tag: str) -> None:
        """An interview and a task of the account's application."""
        base = f"/api/applications/{account.application_id}"
        account.interview_id = self._created(
            self.client.post(
                f"{base}/interviews",
                headers=account.headers,
                json={"scheduled_at": "2031-01-01T10:00:00Z", "notes": f"Interview {tag}"},
            ),
            201,
        )["id"]
        account.task_id = self._created(
            self.client.post(
                f"{base}/tasks",
                headers=account.headers,
                json={"title": f"Task {tag}", "due_at": "2031-01-02T10:00:00Z"},
            ),
            201,
        )["id"]

    def contact_and_note(self, account: Account, tag: str) -> None:
        """A contact linked to the account's application, and a note there naming them."""
        account.contact_id = self._created(
            self.client.post(
                "/api/contacts",
                headers=account.headers,
                json={"name": f"Contact {tag}", "notes": f"Notes {tag}"},
            ),
            201,
        )["id"]
        link = f"/api/applications/{account.application_id}/contacts/{account.contact_id}"
        self._created(
            self.client.put(link, headers=account.headers, json={"role": "recruiter"}), 200
        )
        account.note_id = self._created(
            self.client.post(
                f"/api/applications/{account.application_id}/notes",
                headers=account.headers,
                json={"body": f"Note {tag}", "contact_id": account.contact_id},
            ),
            201,
        )["id"]

    def capture_and_snapshot(self, account: Account, tag: str) -> None:
        """A pending capture of pasted text, and a snapshot of the job listing (in SQL)."""
        account.capture_id = self._created(
            self.client.post(
                "/api/jobs/capture",
                headers=account.headers,
                json={"text": f"Engineer at Corp {account.id}\nPosting {tag}"},
            ),
            202,
        )["id"]
        with self.app.app_context():
            account.snapshot_id = db.session.execute(
                text(
                    "INSERT INTO posting_snapshots (user_id, job_id, http_status, text_sha256,"
                    " text) VALUES (:user_id, :job_id, 200, repeat('0', 64), :text) RETURNING id"
                ),
                {"user_id": account.id, "job_id": account.job_id, "text": f"Posting {tag}"},
            ).scalar_one()
            db.session.commit()

    def dead_letter(self, account: Account, tag: str) -> str:
        """A failed queue job of the account and its open dead letter (the id), in SQL."""
        errors = [{"attempt": 1, "error": f"boom {tag}", "at": "2025-01-01T00:00:00+00:00"}]
        with self.app.app_context():
            entry_id = db.session.execute(
                text(
                    "WITH job AS ("
                    " INSERT INTO queue_jobs (kind, payload, status, attempts, max_attempts,"
                    "  errors, user_id, finished_at)"
                    " VALUES ('resume.extract', CAST(:payload AS jsonb), 'failed', 1, 1,"
                    "  CAST(:errors AS jsonb), :user_id, now())"
                    " RETURNING id, kind, user_id, attempts)"
                    " INSERT INTO dead_letters (job_id, kind, user_id, error, attempts)"
                    " SELECT id, kind, user_id, :error, attempts FROM job"
                    " RETURNING id"
                ),
                {
                    "payload": json.dumps({"resume_id": account.resume_id}),
                    "errors": json.dumps(errors),
                    "user_id": account.id,
                    "error": f"boom {tag}",
                },
            ).scalar_one()
            db.session.commit()
        return str(entry_id)

    @staticmethod
    def _created(response: TestResponse, status: int) -> dict[str, Any]:
        assert response.status_code == status, response.get_json()
        return response.get_json()


@dataclass
class World:
    """A victim (A) with one record of every kind, and an attacker (B) with its own."""

    victim: Account
    attacker: Account
    factory: AccountFactory


def fill_path(path: str, account: Account) -> str:
    """An OpenAPI path template with `account`'s record ids in its parameters."""
    values = {
        "job_id": account.job_id,
        "application_id": account.application_id,
        "resume_id": account.resume_id,
        "analysis_id": account.analysis_id,
        "entry_id": account.dead_letter_id,
        "capture_id": account.capture_id,
        "snapshot_id": account.snapshot_id,
        "contact_id": account.contact_id,
        "note_id": account.note_id,
        "interview_id": account.interview_id,
        "task_id": account.task_id,
        "import_id": account.import_id,
        "session_id": account.session_id,
        "secret": "no-such-calendar-secret-0123456789abcdefghi",
    }
    return path.format(**values)


def resolve(openapi: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with a top-level $ref followed."""
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = openapi["components"]["schemas"][name]
    return schema
