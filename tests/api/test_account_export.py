"""GET /api/user/export: a zip of account.json (every record, as the API shows it) and the
resumes' original files, read in the same few statements whatever the account's size."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from typing import Any, NamedTuple

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from jatify.services.export_account import resume_path
from tests.builders import scanned_pdf
from tests.security.helpers import (
    MARKER,
    RESUME_TEXT,
    Account,
    AccountFactory,
    assert_envelope,
    multipart_file,
)

SECTIONS = (
    "profile",
    "job_listings",
    "applications",
    "contacts",
    "application_contacts",
    "notes",
    "interviews",
    "tasks",
    "resumes",
    "analyses",
    "captures",
    "posting_snapshots",
    "imports",
)


class Export(NamedTuple):
    """A downloaded export: the answer, its zip and the zip's account.json."""

    response: TestResponse
    archive: zipfile.ZipFile
    document: dict[str, Any]


def export(client: FlaskClient, headers: dict[str, str]) -> Export:
    """Download the export and open it."""
    response = client.get("/api/user/export", headers=headers)
    assert response.status_code == 200, response.get_data()[:300]
    assert response.mimetype == "application/zip"
    assert int(response.headers["Content-Length"]) == len(response.data)
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert archive.testzip() is None
    return Export(response, archive, json.loads(archive.read("account.json")))


def read(client: FlaskClient, account: Account, path: str) -> Any:
    """What the API answers the account for `path`."""
    response = client.get(path, headers=account.headers)
    assert response.status_code == 200, (path, response.get_json())
    return response.get_json()


@pytest.fixture
def factory(app: Flask, client: FlaskClient) -> AccountFactory:
    """Accounts with one record of every kind (tests/security/helpers.py)."""
    return AccountFactory(app, client)


def test_the_export_holds_every_record_as_the_api_shows_it_and_the_original_files(
    client: FlaskClient, factory: AccountFactory
):
    account = factory.furnish(factory.account("ada"), marked=False)
    pdf = scanned_pdf()
    uploaded = multipart_file(client, "/api/resumes", account.headers, pdf, "My CV.pdf")
    pdf_id = uploaded.get_json()["id"]

    response, archive, document = export(client, account.headers)

    today = datetime.now(UTC).date().isoformat()
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="jatify-export-{today}.zip"'
    )
    assert response.headers["Cache-Control"] == "private, no-store"
    text_resume = read(client, account, f"/api/resumes/{account.resume_id}")
    files = {
        f"resumes/{account.resume_id}-{text_resume['filename']}": RESUME_TEXT,
        f"resumes/{pdf_id}-My_CV.pdf": pdf,
    }
    assert archive.namelist() == ["account.json", *files]
    assert {path: archive.read(path) for path in files} == files
    assert [key for key in document if key in SECTIONS] == list(SECTIONS)
    assert (document["format"], document["version"]) == ("jatify-account-export", 1)

    application = read(client, account, f"/api/applications/{account.application_id}")
    assert document["profile"] == read(client, account, "/api/user/profile")
    assert document["job_listings"] == [
        {**read(client, account, f"/api/jobs/{account.job_id}"), "deleted_at": None}
    ]
    assert document["applications"] == [
        {**{k: v for k, v in application.items() if k != "contacts"}, "deleted_at": None}
    ]
    assert application["status_history"]
    assert document["contacts"] == [read(client, account, f"/api/contacts/{account.contact_id}")]
    [link] = document["application_contacts"]
    assert (link["application_id"], link["contact_id"], link["role"]) == (
        account.application_id,
        account.contact_id,
        "recruiter",
    )
    notes = read(client, account, f"/api/applications/{account.application_id}/notes")
    assert document["notes"] == notes["items"]
    assert document["interviews"] == [
        read(client, account, f"/api/interviews/{account.interview_id}")
    ]
    assert document["tasks"] == [read(client, account, f"/api/tasks/{account.task_id}")]
    assert document["resumes"] == [
        {**read(client, account, f"/api/resumes/{resume_id}"), "file": path}
        for resume_id, path in zip((account.resume_id, pdf_id), files, strict=True)
    ]
    assert document["analyses"] == [read(client, account, f"/api/analyses/{account.analysis_id}")]
    assert document["captures"] == [read(client, account, f"/api/captures/{account.capture_id}")]
    snapshot = f"/api/jobs/{account.job_id}/snapshots/{account.snapshot_id}"
    assert document["posting_snapshots"] == [
        {"job_id": account.job_id, **read(client, account, snapshot)}
    ]
    assert document["imports"] == [read(client, account, f"/api/imports/{account.import_id}")]


def test_an_empty_account_exports_its_profile_and_empty_lists(
    client: FlaskClient, factory: AccountFactory
):
    account = factory.account("new")

    _response, archive, document = export(client, account.headers)

    assert archive.namelist() == ["account.json"]
    assert document["profile"]["email"] == account.email
    assert all(document[section] == [] for section in SECTIONS if section != "profile")


def test_deleted_listings_and_applications_are_exported_with_their_deleted_at(
    client: FlaskClient, factory: AccountFactory
):
    account = factory.furnish(factory.account("tidy"), marked=False)
    for path in (f"/api/applications/{account.application_id}", f"/api/jobs/{account.job_id}"):
        assert client.delete(path, headers=account.headers).status_code == 204

    _response, _archive, document = export(client, account.headers)

    [job] = document["job_listings"]
    [application] = document["applications"]
    assert job["id"] == account.job_id and job["deleted_at"]
    assert application["id"] == account.application_id and application["deleted_at"]
    assert [task["id"] for task in document["tasks"]] == [account.task_id]


def test_the_export_holds_nothing_of_another_account(client: FlaskClient, factory: AccountFactory):
    factory.furnish(factory.account("victim", marked=True), marked=True)
    attacker = factory.furnish(factory.account("attacker"), marked=False)

    _response, archive, document = export(client, attacker.headers)

    for name in archive.namelist():
        assert MARKER.encode() not in archive.read(name), name
    assert document["profile"]["id"] == attacker.id
    assert [job["id"] for job in document["job_listings"]] == [attacker.job_id]


def test_many_records_are_read_in_as_many_statements_as_one(
    client: FlaskClient, factory: AccountFactory, count_queries
):
    account = factory.furnish(factory.account("busy"), marked=False)
    with count_queries() as few:
        export(client, account.headers)
    for number in range(15):
        job = client.post(
            "/api/jobs",
            json={"company": f"C{number}", "position": "P", "description": "D"},
            headers=account.headers,
        ).get_json()
        body = {"job_id": job["id"], "status_id": 1, "resume_id": account.resume_id}
        created = client.post("/api/applications", json=body, headers=account.headers)
        path = f"/api/applications/{created.get_json()['id']}"
        client.put(path, json={"status_id": 2}, headers=account.headers)
        client.post(f"{path}/notes", json={"body": "n"}, headers=account.headers)

    with count_queries() as many:
        _response, _archive, document = export(client, account.headers)

    assert len(document["applications"]) == 16
    assert many.count == few.count


@pytest.mark.parametrize(
    "filename",
    ["../../etc/passwd.pdf", "a/b/../c.pdf", "..", "evil\x01\x1f\x7f.pdf", "C:\\x\\..\\y.pdf", ""],
)
def test_a_resume_path_in_the_zip_cannot_leave_its_folder(filename: str):
    path = resume_path(7, filename, "application/pdf")

    folder, _, name = path.partition("/")
    assert folder == "resumes"
    assert name.startswith("7-") and name.endswith(".pdf")
    assert "/" not in name and "\\" not in name and ".." not in name
    assert name.isprintable()


def test_a_stored_hostile_file_name_stays_in_the_resumes_folder(
    client: FlaskClient, factory: AccountFactory, sql
):
    account = factory.account("odd")
    multipart_file(client, "/api/resumes", account.headers, b"Plain CV\n", "cv.txt")
    sql("UPDATE resumes SET filename = :name", name="../../../etc/cron.d/x\x01.txt")

    _response, archive, _document = export(client, account.headers)

    [path] = [name for name in archive.namelist() if name != "account.json"]
    assert path.startswith("resumes/") and path.count("/") == 1 and ".." not in path
    assert archive.read(path) == b"Plain CV\n"


def test_exporting_needs_a_token(client: FlaskClient):
    assert_envelope(client.get("/api/user/export"), 401, "unauthorized")
