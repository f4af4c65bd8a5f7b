"""CSV import: per-row errors, malformed files, upload limits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from jatify import create_app
from jatify.models import Application
from tests.insights.conftest import Account
from tests.insights.helpers import HEADER, count, csv_bytes, imported, upload

APPLIED, HR, OFFER, ACCEPTED, WISHLIST = 1, 2, 5, 7, 9


def test_bad_rows_are_reported_by_number_and_good_rows_still_land(
    client: FlaskClient, make_account: Callable[..., Account]
) -> None:
    account = make_account()
    rows = [
        HEADER,
        ["Acme", "Dev", "Applied", "", "", ""],
        ["Acme", "Dev", "Hired!", "", "", ""],
        ["", "Dev", "Applied", "", "", ""],
        ["Acme", "Dev", "Applied", "01/02/2024", "", ""],
        ["Acme", "Dev", "Applied", "", "", "ftp://acme.example"],
        ["Acme", "Dev", "Applied", "", "x" * 10_001, ""],
        [],
        ["Acme", "Dev", "Offer"],
    ]

    report = imported(client, account.headers, csv_bytes(rows))

    assert (report["rows_done"], report["created"], report["failed"]) == (7, 2, 5)
    failures = {failure["row"]: failure["message"] for failure in report["errors"]}
    assert set(failures) == {3, 4, 5, 6, 7}
    assert "unknown status 'Hired!'" in failures[3]
    assert failures[4].startswith("company:")
    assert "YYYY-MM-DD" in failures[5]
    assert failures[6].startswith("url:")
    assert failures[7].startswith("notes:")


def test_listed_failures_are_capped_with_a_total(
    client: FlaskClient, make_account: Callable[..., Account]
) -> None:
    rows = [HEADER] + [["Acme", "Dev", "Nope", "", "", ""]] * 150

    report = imported(client, make_account().headers, csv_bytes(rows))

    assert report["failed"] == 150
    assert len(report["errors"]) == 100
    assert report["failed"] > len(report["errors"])
    assert report["errors"][-1]["row"] == 101


def test_missing_required_columns_is_422_naming_them(
    client: FlaskClient, make_account: Callable[..., Account]
) -> None:
    data = csv_bytes([["Company", "Notes"], ["Acme", "x"]])

    response = upload(client, make_account().headers, data)

    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert error["details"]["missing_columns"] == ["position", "status"]
    assert "position" in error["message"] and "status" in error["message"]


def test_a_file_that_is_not_utf8_is_422(
    client: FlaskClient, make_account: Callable[..., Account]
) -> None:
    data = csv_bytes([["Société", "Position", "Status"], ["Acme", "Dev", "Applied"]], "latin-1")

    response = upload(client, make_account().headers, data)

    assert response.status_code == 422
    assert "UTF-8" in response.get_json()["error"]["message"]


def test_a_row_that_is_not_utf8_fails_alone(
    app: Flask, client: FlaskClient, make_account: Callable[..., Account]
) -> None:
    account = make_account()
    data = (
        csv_bytes([HEADER, ["Acme", "Dev", "Applied", "", "", ""]])
        + csv_bytes([["Société", "Dev", "Applied", "", "", ""]], "latin-1")
        + csv_bytes([["Zürich AG", "Dev", "Applied", "", "", ""]])
    )

    report = imported(client, account.headers, data)

    assert (report["created"], report["failed"]) == (2, 1)
    assert report["errors"] == [{"row": 3, "message": "The row is not valid UTF-8 text."}]


@pytest.mark.parametrize(
    ("size", "error"),
    [
        (200_000, "The row cannot be read as CSV: field larger than field limit"),
        (10 * 1024 * 1024, "A line is longer than 1,048,576 characters."),
    ],
)
def test_a_huge_cell_fails_its_row_only(
    client: FlaskClient, make_account: Callable[..., Account], size: int, error: str
) -> None:
    rows = [
        HEADER,
        ["Acme", "Dev", "Applied", "", "x" * size, ""],
        ["Beta", "Dev", "Applied", "", "fine", ""],
    ]

    report = imported(client, make_account().headers, csv_bytes(rows))

    assert (report["rows_done"], report["created"], report["failed"]) == (2, 1, 1)
    assert report["errors"][0]["row"] == 2
    assert report["errors"][0]["message"].startswith(error)


def limited_client(app_config: dict[str, Any], **limits: int) -> FlaskClient:
    """A client of an app built with other body limits (same database and signing key)."""
    return create_app({**app_config, **limits}).test_client()


def numbered_rows(rows: int) -> bytes:
    """A CSV of `rows` distinct applications, about 80 bytes each."""
    body = [["Acme", "Dev", "Applied", "", f"note {n:04d} " + "n" * 50, ""] for n in range(rows)]
    return csv_bytes([HEADER, *body])


def test_an_upload_over_import_max_bytes_is_413_in_the_envelope(
    app: Flask, app_config: dict[str, Any], make_account: Callable[..., Account]
) -> None:
    account = make_account()
    data = numbered_rows(50)
    assert len(data) > 2048

    response = upload(limited_client(app_config, IMPORT_MAX_BYTES=2048), account.headers, data)

    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "file_too_large"
    assert set(response.get_json()) == {"error"}
    assert count(app, Application, account.id) == 0


def test_the_import_limit_is_import_max_bytes_not_max_upload_bytes(
    app: Flask, app_config: dict[str, Any], make_account: Callable[..., Account]
) -> None:
    account = make_account()
    data = numbered_rows(50)
    client = limited_client(app_config, MAX_UPLOAD_BYTES=1024, IMPORT_MAX_BYTES=len(data) + 1024)

    report = imported(client, account.headers, data)

    assert len(data) > 1024
    assert report["created"] == 50
    assert count(app, Application, account.id) == 50


@pytest.mark.parametrize(
    "send",
    [
        lambda client, headers: client.post(
            "/api/applications/import", json={"file": "a,b"}, headers=headers
        ),
        lambda client, headers: client.post(
            "/api/applications/import",
            data={"file": "company,position,status"},
            headers=headers,
            content_type="multipart/form-data",
        ),
        lambda client, headers: upload(client, headers, b""),
        lambda client, headers: upload(client, headers, b"\r\n\r\n"),
    ],
    ids=["json", "form-field", "empty", "blank-lines"],
)
def test_no_csv_file_is_422(
    client: FlaskClient, make_account: Callable[..., Account], send: Callable
) -> None:
    response = send(client, make_account().headers)

    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "validation_error"


def test_import_needs_a_token(client: FlaskClient) -> None:
    response = upload(client, {}, csv_bytes([HEADER]))

    assert response.status_code == 401
