"""Hostile uploads and requests: lying file names, executables, empty and oversized bodies,
thousands of multipart parts, huge headers, and file names built to escape or inject."""

from __future__ import annotations

import http.client
import io
import re
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from fpdf import FPDF

from tests.security.helpers import Account, AccountFactory, assert_envelope, multipart_file

ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4
UPLOAD_ROUTES = ("/api/resumes", "/api/applications/import")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def small_pdf() -> bytes:
    """A one-page text PDF."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.cell(0, 8, "Jane Doe - Backend Engineer")
    return bytes(pdf.output())


@pytest.fixture
def user(accounts: AccountFactory) -> Account:
    """A logged-in account without records."""
    return accounts.account("uploader")


def test_a_pdf_named_docx_is_judged_by_its_content(client: FlaskClient, user: Account):
    response = multipart_file(client, "/api/resumes", user.headers, small_pdf(), "cv.docx")

    assert response.status_code == 201, response.get_json()
    assert response.get_json()["content_type"] == "application/pdf"
    download = client.get(f"/api/resumes/{response.get_json()['id']}/file", headers=user.headers)
    assert download.headers["Content-Type"] == "application/pdf"
    disposition = download.headers["Content-Disposition"]
    assert "cv.pdf" in disposition
    assert "docx" not in disposition


def test_an_executable_is_refused_whatever_its_name(client: FlaskClient, user: Account, sql):
    for filename in ("cv.pdf", "cv.txt", "cv.docx", "cv"):
        response = multipart_file(client, "/api/resumes", user.headers, ELF, filename)

        assert_envelope(response, 415, "unsupported_media_type")
    assert sql("SELECT count(*) FROM resumes")[0][0] == 0


def test_an_executable_is_not_imported_as_csv(client: FlaskClient, user: Account, sql):
    response = multipart_file(client, "/api/applications/import", user.headers, ELF, "a.csv")

    assert_envelope(response, 422, "validation_error")
    assert sql("SELECT count(*) FROM applications")[0][0] == 0


@pytest.mark.parametrize("route", UPLOAD_ROUTES)
def test_an_empty_file_is_refused(client: FlaskClient, user: Account, route: str):
    response = multipart_file(client, route, user.headers, b"", "empty.txt")

    assert_envelope(response, 422, "validation_error")


def test_a_file_over_the_limit_is_refused_before_it_is_stored(
    app: Flask, client: FlaskClient, user: Account, sql
):
    data = b"a" * (app.config["MAX_UPLOAD_BYTES"] + 1)

    response = multipart_file(client, "/api/resumes", user.headers, data, "big.txt")

    assert_envelope(response, 413, "file_too_large")
    assert sql("SELECT count(*) FROM resumes")[0][0] == 0


def test_a_json_body_over_the_limit_is_refused(app: Flask, client: FlaskClient, user: Account):
    description = "d" * (app.config["MAX_UPLOAD_BYTES"] + 1)
    body = {"company": "C", "position": "P", "description": description}

    assert_envelope(client.post("/api/jobs", json=body, headers=user.headers), 413)


@pytest.mark.parametrize("route", UPLOAD_ROUTES)
def test_five_thousand_multipart_parts_are_refused(
    client: FlaskClient, user: Account, route: str, sql
):
    fields = {f"field{number}": "x" for number in range(5000)}
    fields["file"] = (io.BytesIO(b"plain text"), "cv.txt")

    response = client.post(
        route, data=fields, headers=user.headers, content_type="multipart/form-data"
    )

    assert_envelope(response, 413, "file_too_large")
    assert sql("SELECT count(*) FROM resumes")[0][0] == 0


def raw_request(live_server: str, headers: list[tuple[str, str]]) -> int:
    """GET /api/user/profile over real HTTP with `headers`; the status answered."""
    address = urlsplit(live_server)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    try:
        connection.putrequest("GET", "/api/user/profile")
        for name, value in headers:
            connection.putheader(name, value)
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.parametrize(
    "headers",
    [
        [("X-Padding", "a" * 64 * 1024)],
        [("Authorization", "Bearer " + "a" * 64 * 1024)],
        [(f"X-Header-{number}", "value") for number in range(200)],
    ],
    ids=["64KB-header", "64KB-authorization", "200-headers"],
)
def test_huge_headers_over_real_http_are_a_client_error(live_server: str, headers):
    status = raw_request(live_server, headers)

    assert 400 <= status < 500


@pytest.mark.parametrize("name", ["Authorization", "X-Request-ID", "Cookie", "X-Padding"])
def test_a_64kb_header_value_reaching_the_app_is_not_a_server_error(
    client: FlaskClient, user: Account, name: str
):
    value = ("Bearer " if name == "Authorization" else "") + "a" * 64 * 1024
    headers = {**user.headers, name: value}

    response = client.get("/api/user/profile", headers=headers)

    assert response.status_code in (200, 401), response.get_data()[:200]
    if response.status_code == 401:
        assert_envelope(response, 401, "unauthorized")
    assert len(response.headers.get("X-Request-ID", "")) <= 128


HOSTILE_NAMES = {
    "traversal": "../../../../etc/passwd.txt",
    "windows-traversal": "..\\..\\Windows\\System32\\drivers\\etc\\hosts.txt",
    "absolute": "/etc/shadow.txt",
    "control-chars": "cv\x01\x07\x1b[31m\x7f\t.txt",
    "nul": "cv\x00.pdf.txt",
    "quotes": "cv\"; filename*=UTF-8''evil.html; x=\".txt",
    "ten-thousand-chars": "a" * 10_000 + ".txt",
    "only-dots": "...",
    "unicode": "r\u00e9sum\u00e9 \u2603 \u202egnp.txt",
}


def test_a_hostile_file_name_is_stored_sanitised(client: FlaskClient, user: Account, subtests):
    for label, filename in HOSTILE_NAMES.items():
        with subtests.test(msg=label):
            response = multipart_file(client, "/api/resumes", user.headers, b"text", filename)

            assert response.status_code == 201, response.get_json()
            resume = response.get_json()
            for stored in (resume["filename"], resume["name"]):
                assert stored
                assert len(stored) <= 200
                assert not CONTROL.search(stored)
                assert "/" not in stored and "\\" not in stored
                assert not stored.startswith(".")
                assert '"' not in stored
            download = client.get(f"/api/resumes/{resume['id']}/file", headers=user.headers)
            assert download.status_code == 200
            disposition = download.headers["Content-Disposition"]
            assert disposition.startswith("attachment;")
            assert not CONTROL.search(disposition)
            assert download.headers["Content-Type"] == "text/plain"


def test_a_crlf_in_the_file_name_injects_no_part_header(client: FlaskClient, user: Account, sql):
    """The raw CR LF ends the part's headers early: the body no longer has a file part."""
    filename = "cv\r\nContent-Type: text/html\r\n\r\n<script>.txt"

    response = multipart_file(client, "/api/resumes", user.headers, b"plain text", filename)

    if response.status_code == 201:
        assert not CONTROL.search(response.get_json()["filename"])
        assert response.get_json()["content_type"] == "text/plain"
    else:
        assert_envelope(response, 422, "validation_error")
        assert sql("SELECT count(*) FROM resumes")[0][0] == 0


@pytest.mark.parametrize(
    "path",
    [
        "/app/../__init__.py",
        "/app/..%2f__init__.py",
        "/app/%2e%2e/%2e%2e/config.py",
        "/app/..%5c__init__.py",
        "/app//etc/passwd",
        "/static/../../jatify/config.py",
    ],
)
def test_static_paths_do_not_escape_their_folder(client: FlaskClient, path: str):
    response = client.get(path, follow_redirects=True)

    assert response.status_code == 404
    assert b"import" not in response.data
    assert b"root:" not in response.data


UNREADABLE_PART_NAMES = (b"\n", b"", b"%0A", b"a\x00b", b"\xff\xfe")


def test_a_part_with_an_unreadable_name_is_a_validation_error(
    client: FlaskClient, user: Account, subtests
):
    """Found by the fuzzer: a raw newline in a part's name made the 422 itself crash."""
    headers = {**user.headers, "Content-Type": "multipart/form-data; boundary=B"}
    for route in UPLOAD_ROUTES:
        for name in UNREADABLE_PART_NAMES:
            with subtests.test(msg=f"{route} {name!r}"):
                body = b'--B\r\nContent-Disposition: form-data; name="' + name
                body += b'"\r\n\r\nnull\r\n--B--\r\n'

                response = client.post(route, data=body, headers=headers)

                assert_envelope(response, 422, "validation_error")
