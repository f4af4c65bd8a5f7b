"""Hostile input in every documented field: SQL metacharacters, 1 MB strings, wrong JSON
types, NUL characters, deeply nested JSON, 5,000-digit numbers and invalid UTF-8.

The fields come from the OpenAPI document, so a new route or field is attacked without a
new test; `base_bodies` holds one valid body per JSON operation (a new one needs a row).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.conftest import PASSWORD
from tests.security.helpers import (
    Account,
    AccountFactory,
    assert_envelope,
    fill_path,
    multipart_file,
    resolve,
)

SQL_METACHARACTERS = ("' OR 1=1 --", '"; DROP TABLE users; --', "%", "_", "\\")
ONE_MEGABYTE = 1024 * 1024
DEPTH = 10_000
WRONG_VALUES: dict[str, tuple[Any, ...]] = {
    "string": (123, 1.5, True, ["a"], {"a": "b"}),
    "integer": ("1", "abc", True, 1.5, [1], {"a": 1}),
    "boolean": ("maybe", 2, [True], {"a": True}),
    "array": ("a", 1, True, {"a": 1}),
}
EMAILS = (f"new{number}@example.com" for number in itertools.count())

Operation = tuple[str, str, dict[str, Any]]


def base_bodies(owner: Account) -> dict[str, Callable[[], dict[str, Any]]]:
    """One valid JSON body per documented JSON operation, for the owner's records."""
    return {
        "POST /api/auth/register": lambda: {
            "email": next(EMAILS),
            "password": PASSWORD,
            "name": "New User",
        },
        "POST /api/auth/login": lambda: {"email": "nobody@example.com", "password": "whatever1"},
        "POST /api/auth/forgot": lambda: {"email": "nobody@example.com"},
        "POST /api/auth/reset": lambda: {"token": "not-a-reset-token", "new_password": PASSWORD},
        "POST /api/user/password": lambda: {"current_password": PASSWORD, "new_password": PASSWORD},
        "POST /api/jobs": lambda: {"company": "C", "position": "P", "description": "D"},
        "PUT /api/jobs/{job_id}": dict,
        "PATCH /api/jobs/{job_id}": dict,
        "POST /api/applications": lambda: {"job_id": owner.job_id, "status_id": 1},
        "PUT /api/applications/{application_id}": dict,
        "PATCH /api/applications/{application_id}": dict,
        "PUT /api/resumes/{resume_id}": dict,
        "PATCH /api/resumes/{resume_id}": dict,
        "POST /api/resumes/{resume_id}/analyze": lambda: {"job_id": owner.job_id},
        "POST /api/dlq/requeue": dict,
        "POST /api/jobs/capture": lambda: {"text": "Engineer at Acme"},
        "POST /api/contacts": lambda: {"name": "N"},
        "PUT /api/contacts/{contact_id}": dict,
        "PATCH /api/contacts/{contact_id}": dict,
        "PUT /api/applications/{application_id}/contacts/{contact_id}": lambda: {
            "role": "recruiter"
        },
        "POST /api/applications/{application_id}/notes": lambda: {"body": "B"},
        "PUT /api/notes/{note_id}": dict,
        "PATCH /api/notes/{note_id}": dict,
        "POST /api/applications/{application_id}/interviews": lambda: {
            "scheduled_at": "2031-01-01T10:00:00Z"
        },
        "PUT /api/interviews/{interview_id}": dict,
        "PATCH /api/interviews/{interview_id}": dict,
        "POST /api/applications/{application_id}/tasks": lambda: {
            "title": "T",
            "due_at": "2031-01-01T10:00:00Z",
        },
        "PUT /api/tasks/{task_id}": dict,
        "PATCH /api/tasks/{task_id}": dict,
        "PATCH /api/user/profile": dict,
        "DELETE /api/user": lambda: {"password": "not the owner's password"},
    }


def json_properties(openapi: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any] | None:
    """The documented properties of an operation's JSON body (None without one)."""
    content = (operation.get("requestBody") or {}).get("content", {})
    if "application/json" not in content:
        return None
    return resolve(openapi, content["application/json"]["schema"]).get("properties", {})


def json_operations(openapi: dict[str, Any], operations: list[Operation]) -> Iterator[tuple]:
    """(route, METHOD, path, properties) of every operation taking a JSON body."""
    for method, path, operation in operations:
        properties = json_properties(openapi, operation)
        if properties is not None:
            yield f"{method} {path}", method, path, properties


@pytest.fixture
def owner(accounts: AccountFactory) -> Account:
    """An account with one record of every kind, the target of the hostile bodies."""
    return accounts.furnish(accounts.account("owner"), marked=False)


class Sender:
    """Sends an operation's valid body with one field replaced."""

    def __init__(self, client: FlaskClient, owner: Account) -> None:
        self.client = client
        self.owner = owner
        self.bases = base_bodies(owner)

    def send(self, method: str, path: str, changes: dict[str, Any]) -> TestResponse:
        """The valid body of `method path`, updated with `changes`, sent as the owner."""
        body = {**self.bases[f"{method} {path}"](), **changes}
        url = fill_path(path, self.owner)
        return self.client.open(url, method=method, json=body, headers=self.owner.headers)

    def send_raw(self, method: str, path: str, data: bytes) -> TestResponse:
        """`data` as the JSON body of `method path`."""
        headers = {**self.owner.headers, "Content-Type": "application/json"}
        return self.client.open(
            fill_path(path, self.owner), method=method, data=data, headers=headers
        )


@pytest.fixture
def sender(client: FlaskClient, owner: Account) -> Sender:
    """Hostile bodies for the owner's records."""
    return Sender(client, owner)


def describe(response: TestResponse) -> str:
    """Status and the start of the body, for failure messages."""
    return f"{response.status_code} {response.get_data()[:160]!r}"


def test_every_json_operation_has_a_base_body(openapi, operations):
    routes = {route for route, *_rest in json_operations(openapi, operations)}

    assert routes == set(base_bodies(Account(0, "", "", "")))


def test_every_documented_string_field_is_bounded(openapi, operations):
    unbounded = [
        f"{route} {name}"
        for route, _method, _path, properties in json_operations(openapi, operations)
        for name, schema in properties.items()
        if schema.get("type") == "string"
        and "maxLength" not in schema
        and "pattern" not in schema
        and schema.get("format") not in {"date", "date-time", "uuid"}
        and "enum" not in schema
    ]

    assert unbounded == []


def test_sql_metacharacters_in_every_string_field_are_plain_data(
    openapi, operations, sender: Sender, tables_intact, subtests
):
    for route, method, path, properties in json_operations(openapi, operations):
        with subtests.test(msg=route):
            failures = []
            for name, schema in properties.items():
                for value in SQL_METACHARACTERS:
                    sent = [value] if schema.get("type") == "array" else value
                    response = sender.send(method, path, {name: sent})
                    body = response.get_json(silent=True) or {}
                    echoed = body.get(name) if response.status_code < 300 else None
                    # Lists come back as lists (tags lower-cased).
                    echoes = (None, value, [value], [value.lower()])
                    if response.status_code >= 500 or echoed not in echoes:
                        failures.append(f"{route} {name}={value!r}: {describe(response)}")
            assert not failures, "\n".join(failures)

    tables_intact()


def query_parameters(openapi_operation: dict[str, Any], item: dict[str, Any]) -> list[dict]:
    """The query parameters of an operation."""
    parameters = openapi_operation.get("parameters", []) + item.get("parameters", [])
    return [parameter for parameter in parameters if parameter["in"] == "query"]


def not_free_text(parameter: dict[str, Any]) -> bool:
    """A number, an enumeration or a sort key: no SQL metacharacter is a valid value."""
    schema = parameter["schema"]
    return schema.get("type") == "integer" or "enum" in schema or parameter["name"] == "sort"


def test_sql_metacharacters_in_query_parameters_are_plain_data(
    client: FlaskClient, openapi, owner: Account, tables_intact, subtests
):
    for path, item in openapi["paths"].items():
        operation = item.get("get")
        if not operation:
            continue
        for parameter in query_parameters(operation, item):
            with subtests.test(msg=f"GET {path}?{parameter['name']}"):
                for value in SQL_METACHARACTERS:
                    response = client.get(
                        fill_path(path, owner),
                        query_string={parameter["name"]: value},
                        headers=owner.headers,
                    )
                    assert response.status_code < 500, describe(response)
                    if not_free_text(parameter):
                        assert_envelope(response, 422, "validation_error")

    tables_intact()


@pytest.mark.parametrize(
    ("route", "field"),
    [("/api/jobs", "company"), ("/api/applications", "notes")],
)
def test_search_treats_wildcards_and_quotes_literally(
    client: FlaskClient, owner: Account, route: str, field: str
):
    values = ["100% remote", "snake_case", "back\\slash", "O'Reilly", "plain"]
    for value in values:
        if route == "/api/jobs":
            body = {"company": value, "position": "P", "description": "D"}
        else:
            body = {"job_id": owner.job_id, "status_id": 1, "notes": value}
        assert client.post(route, json=body, headers=owner.headers).status_code == 201

    def found(q: str) -> list[str]:
        page = client.get(route, query_string={"q": q, "page_size": 100}, headers=owner.headers)
        assert page.status_code == 200
        items = page.get_json()["items"]
        return sorted(item.get(field) or item["job"]["company"] for item in items)

    assert found("%") == ["100% remote"]
    assert found("_") == ["snake_case"]
    assert found("\\") == ["back\\slash"]
    assert found("'") == ["O'Reilly"]
    assert found("' OR 1=1 --") == []
    assert found("%%%%") == []


def test_a_megabyte_string_in_any_field_is_refused(
    openapi, operations, sender: Sender, subtests, sql
):
    jobs_before = sql("SELECT count(*) FROM job_listings")[0][0]
    for route, method, path, properties in json_operations(openapi, operations):
        with subtests.test(msg=route):
            failures = []
            for name, schema in properties.items():
                value = "x" * ONE_MEGABYTE
                response = sender.send(
                    method, path, {name: [value] if schema.get("type") == "array" else value}
                )
                if response.status_code not in (413, 422):
                    failures.append(f"{route} {name}: {describe(response)}")
            assert not failures, "\n".join(failures)

    assert sql("SELECT count(*) FROM job_listings")[0][0] == jobs_before


def test_wrong_json_types_in_any_field_are_a_validation_error(
    openapi, operations, sender: Sender, subtests
):
    for route, method, path, properties in json_operations(openapi, operations):
        with subtests.test(msg=route):
            failures = []
            for name, schema in properties.items():
                wrong = WRONG_VALUES[schema["type"]]
                if not schema.get("nullable") and "default" not in schema:
                    wrong = (*wrong, None)
                for value in wrong:
                    response = sender.send(method, path, {name: value})
                    details = (response.get_json(silent=True) or {}).get("error", {})
                    if response.status_code != 422 or name not in details.get("details", {}):
                        failures.append(f"{route} {name}={value!r}: {describe(response)}")
            assert not failures, "\n".join(failures)


def test_nul_characters_in_any_string_are_refused_or_stored_intact(
    openapi, operations, sender: Sender, subtests
):
    value = "a\x00b"
    for route, method, path, properties in json_operations(openapi, operations):
        with subtests.test(msg=route):
            failures = []
            for name, schema in properties.items():
                if schema["type"] not in ("string", "array"):
                    continue
                response = sender.send(
                    method, path, {name: [value] if schema["type"] == "array" else value}
                )
                body = response.get_json(silent=True) or {}
                if response.status_code >= 500 or (
                    response.status_code < 300 and body.get(name) not in (None, value)
                ):
                    failures.append(f"{route} {name}: {describe(response)}")
            assert not failures, "\n".join(failures)


def test_nul_characters_in_query_parameters_are_refused(
    client: FlaskClient, openapi, owner: Account, subtests
):
    for path, item in openapi["paths"].items():
        operation = item.get("get")
        if not operation:
            continue
        for parameter in query_parameters(operation, item):
            with subtests.test(msg=f"GET {path}?{parameter['name']}"):
                response = client.get(
                    fill_path(path, owner),
                    query_string={parameter["name"]: "a\x00b"},
                    headers=owner.headers,
                )

                assert_envelope(response, 422, "validation_error")


def test_a_nul_in_an_uploaded_resume_name_is_refused(client: FlaskClient, owner: Account):
    response = multipart_file(
        client, "/api/resumes", owner.headers, b"plain text", "cv.txt", name="a\x00b"
    )

    assert_envelope(response, 422, "validation_error")


UNBUILDABLE_BODIES = {
    "nested-arrays": b"[" * DEPTH + b"]" * DEPTH,
    "nested-objects": b'{"a":' * DEPTH + b"1" + b"}" * DEPTH,
    "nested-in-a-field": b'{"company": ' + b"[" * DEPTH + b"]" * DEPTH + b"}",
    "5000-digit-number": b'{"job_id": ' + b"1" * 5000 + b"}",
}


def test_json_the_decoder_cannot_build_is_a_bad_request(
    openapi, operations, sender: Sender, subtests
):
    for route, method, path, _properties in json_operations(openapi, operations):
        with subtests.test(msg=route):
            for label, data in UNBUILDABLE_BODIES.items():
                response = sender.send_raw(method, path, data)

                assert response.status_code == 400, (label, describe(response))
                assert_envelope(response, 400, "bad_request")


INVALID_UTF8 = {
    "ff-fe": b'{"company": "\xff\xfe\xfd"}',
    "latin-1": b'{"name": "caf\xe9"}',
    "bad-continuation": b"\xc3\x28",
    "surrogate": b'{"a": "\xed\xa0\x80"}',
}


def test_invalid_utf8_in_a_json_body_is_a_bad_request(
    openapi, operations, sender: Sender, subtests
):
    for route, method, path, _properties in json_operations(openapi, operations):
        with subtests.test(msg=route):
            for label, data in INVALID_UTF8.items():
                response = sender.send_raw(method, path, data)

                assert response.status_code == 400, (label, describe(response))
                assert_envelope(response, 400, "bad_request")
