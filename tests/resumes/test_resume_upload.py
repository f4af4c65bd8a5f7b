"""POST /api/resumes: what is accepted (judged by content), what is refused, what is stored."""

from __future__ import annotations

import hashlib

import pytest

from jatify import create_app
from jatify.services.resumes import download_name, sanitize_filename

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"


@pytest.mark.parametrize(
    ("sample", "filename", "content_type"),
    [
        ("pdf", "cv.pdf", PDF),
        ("pdf_3_pages", "long.pdf", PDF),
        ("pdf_scanned", "scan.pdf", PDF),
        ("pdf_encrypted", "locked.pdf", PDF),
        ("pdf_truncated", "broken.pdf", PDF),
        ("docx", "cv.docx", DOCX),
        ("text", "cv.txt", TEXT),
        ("pdf", "really-a-pdf.docx", PDF),
        ("docx", "no-extension", DOCX),
    ],
)
def test_upload_is_stored_with_its_sniffed_type_and_an_extraction_job(
    upload, auth_headers, documents, sql, sample, filename, content_type
):
    data = documents[sample]
    response = upload(auth_headers, data, filename)

    assert response.status_code == 201, response.get_json()
    resume = response.get_json()
    assert resume["content_type"] == content_type
    assert resume["filename"] == filename
    assert resume["name"] == filename
    assert resume["size_bytes"] == len(data)
    assert resume["text_status"] == "pending"
    assert resume["text"] is None
    assert resume["text_error"] is None
    [(stored, sha256)] = sql(
        "SELECT f.data, r.sha256 FROM resume_files f JOIN resumes r ON r.id = f.resume_id"
        " WHERE r.id = :id",
        id=resume["id"],
    )
    assert bytes(stored) == data
    assert sha256 == hashlib.sha256(data).hexdigest()
    jobs = sql("SELECT kind, payload, status, user_id FROM queue_jobs")
    assert [(job.kind, job.payload, job.status) for job in jobs] == [
        ("resume.extract", {"resume_id": resume["id"]}, "pending")
    ]
    assert jobs[0].user_id is not None


def test_upload_takes_the_name_given(upload, auth_headers, documents):
    response = upload(auth_headers, documents["pdf"], "cv.pdf", name="  Backend resume 2025 ")

    assert response.status_code == 201
    assert response.get_json()["name"] == "Backend resume 2025"
    assert response.get_json()["filename"] == "cv.pdf"


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("/home/jane/My CV.pdf", "My_CV.pdf"),
        ("резюме.pdf", "resume.pdf"),
        ("cv\x00\x1b[31m.pdf", "cv31m.pdf"),
        (".pdf", "resume.pdf"),
        ("x" * 300 + ".pdf", "x" * 120 + ".pdf"),
        ("cv.p/df", "df"),
    ],
)
def test_file_name_is_sanitised(upload, auth_headers, documents, raw, stored):
    response = upload(auth_headers, documents["pdf"], raw)

    assert response.status_code == 201, response.get_json()
    assert response.get_json()["filename"] == stored
    assert response.get_json()["name"] == stored


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("C:\\Users\\jane\\My CV.pdf", "My_CV.pdf"),
        (None, "resume"),
        ("cv.PDF", "cv.pdf"),
        ("cv.tar.gz", "cv.tar.gz"),
        ("cv.p df", "cv"),
        ("..", "resume"),
    ],
)
def test_sanitize_filename(raw, stored):
    assert sanitize_filename(raw) == stored


@pytest.mark.parametrize(
    ("filename", "content_type", "name"),
    [
        ("cv.pdf", PDF, "cv.pdf"),
        ("cv.docx", PDF, "cv.pdf"),
        ("cv", DOCX, "cv.docx"),
        ("notes.md", TEXT, "notes.md"),
        ("page.html", TEXT, "page.txt"),
    ],
)
def test_download_name_matches_the_real_type(filename, content_type, name):
    assert download_name(filename, content_type) == name


@pytest.mark.parametrize(("sample", "filename"), [("elf", "cv.pdf"), ("exe", "cv.docx")])
def test_executable_is_refused_whatever_its_name(
    upload, auth_headers, documents, sql, sample, filename
):
    response = upload(auth_headers, documents[sample], filename)

    assert response.status_code == 415
    assert response.get_json()["error"]["code"] == "unsupported_media_type"
    assert sql("SELECT count(*) FROM resumes")[0][0] == 0
    assert sql("SELECT count(*) FROM queue_jobs")[0][0] == 0


def test_zip_that_is_not_a_docx_is_refused(upload, auth_headers):
    zip_bytes = b"PK\x03\x04" + bytes(100)

    response = upload(auth_headers, zip_bytes, "cv.docx")

    assert response.status_code == 415


def test_empty_file_is_refused(upload, auth_headers, sql):
    response = upload(auth_headers, b"", "cv.pdf")

    assert response.status_code == 422
    body = response.get_json()["error"]
    assert body["code"] == "validation_error"
    assert "file" in body["details"]
    assert sql("SELECT count(*) FROM resumes")[0][0] == 0


def test_body_over_the_limit_is_413_in_the_envelope(app_config, upload, auth_headers, documents):
    small_app = create_app({**app_config, "MAX_UPLOAD_BYTES": 1000})
    data = documents["pdf"]
    assert len(data) > 1000

    response = upload(auth_headers, data, "cv.pdf", test_client=small_app.test_client())

    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "file_too_large"


def test_small_app_still_accepts_small_files(app_config, upload, auth_headers):
    small_app = create_app({**app_config, "MAX_UPLOAD_BYTES": 1000})

    response = upload(
        auth_headers, b"Jane Doe, Python", "cv.txt", test_client=small_app.test_client()
    )

    assert response.status_code == 201


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"name": "x" * 201}, "name"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_invalid_form_fields_are_422(upload, auth_headers, documents, form, field):
    response = upload(auth_headers, documents["pdf"], "cv.pdf", **form)

    assert response.status_code == 422
    assert field in response.get_json()["error"]["details"]


def test_missing_file_part_is_422(client, auth_headers):
    response = client.post(
        "/api/resumes",
        data={"file": "not a file part", "name": "cv"},
        headers=auth_headers,
        content_type="multipart/form-data",
    )

    assert response.status_code == 422
    assert "file" in response.get_json()["error"]["details"]


def test_json_body_is_refused(client, auth_headers):
    response = client.post("/api/resumes", json={"file": "JVBERi0="}, headers=auth_headers)

    assert response.status_code == 422
    assert "file" in response.get_json()["error"]["details"]


def test_upload_needs_a_token(upload, documents):
    response = upload({}, documents["pdf"], "cv.pdf")

    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_openapi_documents_the_multipart_body(client):
    spec = client.get("/api/openapi.json").get_json()

    body = spec["paths"]["/api/resumes"]["post"]["requestBody"]
    schema = body["content"]["multipart/form-data"]["schema"]
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    assert schema["properties"]["file"] == {
        "type": "string",
        "format": "binary",
        "description": "PDF, DOCX or plain text",
    }
    assert schema["properties"]["name"]["maxLength"] == 200
    assert schema["required"] == ["file"]
    download = spec["paths"]["/api/resumes/{resume_id}/file"]["get"]["responses"]["200"]
    assert download["content"]["application/pdf"]["schema"]["format"] == "binary"
