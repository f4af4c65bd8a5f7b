"""Listing, reading, downloading, renaming and deleting resumes; other users see 404s."""

from __future__ import annotations

import pytest


@pytest.fixture
def uploaded(upload, auth_headers, documents):
    """A PDF resume of the auth_headers account."""
    response = upload(auth_headers, documents["pdf"], "Jane Doe CV.pdf")
    assert response.status_code == 201
    return response.get_json()


def test_list_is_paginated_newest_first_without_text(
    client, upload, auth_headers, documents, sql, count_queries
):
    ids = [upload(auth_headers, documents["text"], f"cv{n}.txt").get_json()["id"] for n in range(3)]
    sql("UPDATE resumes SET text = 'secret text', text_status = 'ready'")

    with count_queries() as queries:
        page = client.get("/api/resumes?page=1&page_size=2", headers=auth_headers).get_json()

    assert [item["id"] for item in page["items"]] == ids[::-1][:2]
    assert (page["page"], page["page_size"], page["total"], page["pages"]) == (1, 2, 3, 2)
    assert all("text" not in item for item in page["items"])
    assert not any("secret text" in str(item) for item in page["items"])
    second = client.get("/api/resumes?page=2&page_size=2", headers=auth_headers).get_json()
    assert [item["id"] for item in second["items"]] == [ids[0]]
    with count_queries() as bigger:
        client.get("/api/resumes?page_size=100", headers=auth_headers)
    assert bigger.count == queries.count


@pytest.mark.parametrize("query", ["page=0", "page_size=0", "page_size=101", "page=x"])
def test_list_rejects_bad_query(client, auth_headers, query):
    response = client.get(f"/api/resumes?{query}", headers=auth_headers)

    assert response.status_code == 422


def test_list_shows_only_the_callers_resumes(client, upload, make_headers, documents):
    mine, theirs = make_headers(), make_headers()
    upload(theirs, documents["pdf"], "theirs.pdf")
    own = upload(mine, documents["pdf"], "mine.pdf").get_json()

    page = client.get("/api/resumes", headers=mine).get_json()

    assert [item["id"] for item in page["items"]] == [own["id"]]


def test_get_shows_text_once_ready(client, auth_headers, uploaded, sql):
    pending = client.get(f"/api/resumes/{uploaded['id']}", headers=auth_headers).get_json()
    sql(
        "UPDATE resumes SET text = 'Jane Doe', text_status = 'ready', page_count = 1"
        " WHERE id = :id",
        id=uploaded["id"],
    )

    ready = client.get(f"/api/resumes/{uploaded['id']}", headers=auth_headers).get_json()

    assert pending["text"] is None
    assert ready["text"] == "Jane Doe"
    assert ready["text_status"] == "ready"
    assert ready["page_count"] == 1
    assert set(ready) == {
        "id", "name", "filename", "content_type", "size_bytes", "page_count",
        "text_status", "text_error", "created_at", "updated_at", "text",
    }  # fmt: skip
    assert ready["created_at"].endswith("+00:00")


def test_download_returns_the_original_bytes_as_an_attachment(
    client, auth_headers, uploaded, documents
):
    response = client.get(f"/api/resumes/{uploaded['id']}/file", headers=auth_headers)

    assert response.status_code == 200
    assert response.data == documents["pdf"]
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == "attachment; filename=Jane_Doe_CV.pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]


def test_download_names_the_file_after_its_real_type(client, upload, auth_headers, documents):
    resume = upload(auth_headers, documents["pdf"], "cv.docx").get_json()

    response = client.get(f"/api/resumes/{resume['id']}/file", headers=auth_headers)

    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == "attachment; filename=cv.pdf"


def test_download_of_plain_text_keeps_the_text_type(client, upload, auth_headers, documents):
    resume = upload(auth_headers, documents["text"], "notes.html").get_json()

    response = client.get(f"/api/resumes/{resume['id']}/file", headers=auth_headers)

    assert response.headers["Content-Type"] == "text/plain"
    assert response.headers["Content-Disposition"] == "attachment; filename=notes.txt"
    assert response.data == documents["text"]


@pytest.mark.parametrize("method", ["put", "patch"])
def test_rename(client, auth_headers, uploaded, method):
    response = getattr(client, method)(
        f"/api/resumes/{uploaded['id']}", json={"name": " Final CV "}, headers=auth_headers
    )

    assert response.status_code == 200
    assert response.get_json()["name"] == "Final CV"
    assert response.get_json()["filename"] == "Jane_Doe_CV.pdf"
    again = client.get(f"/api/resumes/{uploaded['id']}", headers=auth_headers).get_json()
    assert again["name"] == "Final CV"


def test_rename_with_no_fields_changes_nothing(client, auth_headers, uploaded):
    response = client.put(f"/api/resumes/{uploaded['id']}", json={}, headers=auth_headers)

    assert response.status_code == 200
    assert response.get_json()["name"] == uploaded["name"]


@pytest.mark.parametrize(
    "body",
    [{"name": ""}, {"name": "   "}, {"name": None}, {"name": "x" * 201}, {"filename": "a.pdf"}],
)
def test_rename_rejects_bad_bodies(client, auth_headers, uploaded, body):
    response = client.put(f"/api/resumes/{uploaded['id']}", json=body, headers=auth_headers)

    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "validation_error"


def test_delete_removes_bytes_text_and_analyses_and_unlinks_applications(
    client, auth_headers, uploaded, make_job, make_application, sql
):
    job_id = make_job(auth_headers)
    application_id = make_application(auth_headers, job_id, uploaded["id"])
    analyze = client.post(
        f"/api/resumes/{uploaded['id']}/analyze", json={"job_id": job_id}, headers=auth_headers
    )
    assert analyze.status_code == 202

    response = client.delete(f"/api/resumes/{uploaded['id']}", headers=auth_headers)

    assert response.status_code == 204
    assert client.get(f"/api/resumes/{uploaded['id']}", headers=auth_headers).status_code == 404
    assert sql("SELECT count(*) FROM resumes")[0][0] == 0
    assert sql("SELECT count(*) FROM resume_files")[0][0] == 0
    assert sql("SELECT count(*) FROM analyses")[0][0] == 0
    [application] = sql("SELECT resume_id, deleted_at FROM applications")
    assert (application.resume_id, application.deleted_at) == (None, None)
    assert application_id
    again = client.delete(f"/api/resumes/{uploaded['id']}", headers=auth_headers)
    assert again.status_code == 404


@pytest.mark.parametrize(
    ("method", "suffix", "body"),
    [
        ("get", "", None),
        ("get", "/file", None),
        ("put", "", {"name": "mine now"}),
        ("patch", "", {"name": "mine now"}),
        ("delete", "", None),
        ("get", "/analyses", None),
    ],
)
def test_another_users_resume_is_404(client, make_headers, uploaded, sql, method, suffix, body):
    stranger = make_headers()

    response = getattr(client, method)(
        f"/api/resumes/{uploaded['id']}{suffix}", json=body, headers=stranger
    )

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
    [(name, count)] = sql("SELECT name, count(*) OVER () FROM resumes")
    assert (name, count) == (uploaded["name"], 1)


@pytest.mark.parametrize("resume_id", ["999999", str(2**63 - 1), str(2**63), "-1", "abc"])
def test_unknown_or_out_of_range_ids_are_404(client, auth_headers, resume_id):
    response = client.get(f"/api/resumes/{resume_id}", headers=auth_headers)

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"
