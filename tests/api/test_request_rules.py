"""Rules every route applies and the OpenAPI document states: no repeated scalar query
parameter, no NUL in text, URLs of the accepted shape.

Issue #11, defect 11: `page`/`page_size` given twice (as arrays) were accepted, and the
document did not state the NUL rule or the URL format, so schema-valid requests were
refused.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import marshmallow as ma
import pytest

from jatify.api.input_rules import HTTP_URL_PATTERN, NO_NUL_PATTERN, NOT_BLANK_PATTERN
from jatify.fields import MAX_URL, HttpUrl

URLS = (
    "http://a",
    "https://example.com/jobs/1?a=1&b=2",
    "HTTPS://EXAMPLE.COM",
    "http://localhost:8000/",
    "http://[::1]:8080/x",
    "http://10.0.0.1",
    "https://user:pa%20ss@jobs.example.org/p#top",
    "http://zürich.example/",
    "http://a.b.c.d.e.f.example/",
    "http://a/",
    "ftp://example.com",
    "http://",
    "http://a?",
    "http://a b",
    "http:/a",
    "javascript:alert(1)",
    "http://a/\x00",
    "//example.com",
    "http://-a.example",
)


def query_parameters(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(path, name, schema) of every query parameter of a GET operation."""
    return [
        (path, parameter["name"], parameter["schema"])
        for path, item in document["paths"].items()
        if "get" in item
        for parameter in item["get"].get("parameters", []) + item.get("parameters", [])
        if parameter["in"] == "query"
    ]


def filled(document: dict[str, Any], path: str) -> str:
    """`path` with each path parameter given a well-formed value (no record needs to exist:
    the query is read before the record is looked up)."""
    item = document["paths"][path]
    parameters = item["get"].get("parameters", []) + item.get("parameters", [])
    for parameter in parameters:
        if parameter["in"] == "path":
            schema = parameter["schema"]
            value = {"uuid": str(uuid.uuid4())}.get(schema.get("format"), "1")
            path = path.replace("{" + parameter["name"] + "}", value)
    return path


def request_schemas(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every schema an operation takes as its body, by component name."""
    found = {}
    for item in document["paths"].values():
        for method, operation in item.items():
            if method == "parameters":
                continue
            content = (operation.get("requestBody") or {}).get("content", {})
            for media in content.values():
                reference = media["schema"].get("$ref", "")
                name = reference.rsplit("/", 1)[-1]
                if name:
                    found[name] = document["components"]["schemas"][name]
    return found


def undocumented_strings(properties: dict[str, Any]) -> list[str]:
    """The string properties (or string items) that state no pattern, format or enum."""
    loose = []
    for name, prop in properties.items():
        prop = prop.get("items", prop) if prop.get("type") == "array" else prop
        if prop.get("type") == "string" and not {"pattern", "format", "enum"} & set(prop):
            loose.append(name)
    return loose


@pytest.fixture(scope="module")
def document(app) -> dict[str, Any]:
    return app.test_client().get("/api/openapi.json").get_json()


def test_every_scalar_query_parameter_given_twice_is_refused(
    client, document, quick_headers, subtests
):
    headers = quick_headers()
    scalars = [entry for entry in query_parameters(document) if entry[2].get("type") != "array"]
    assert {"page", "page_size"} <= {name for path, name, _ in scalars if path == "/api/jobs"}
    for path, name, _schema in scalars:
        with subtests.test(msg=f"GET {path}?{name}"):
            response = client.get(
                filled(document, path), query_string=[(name, "1"), (name, "2")], headers=headers
            )
            assert response.status_code == 422, response.get_json()
            error = response.get_json()["error"]
            assert error["code"] == "validation_error"
            assert error["details"][name] == ["Give this parameter once."]


def test_a_list_parameter_may_be_repeated(client, quick_headers):
    response = client.get("/api/applications?tag=remote&tag=python", headers=quick_headers())
    assert response.status_code == 200, response.get_json()


def test_a_single_page_parameter_is_still_served(client, quick_headers):
    response = client.get("/api/jobs?page=2&page_size=5", headers=quick_headers())
    assert (response.status_code, response.get_json()["page"]) == (200, 2)


def test_every_string_a_request_takes_documents_its_rules(document):
    loose = [
        f"{name}.{field}"
        for name, schema in request_schemas(document).items()
        for field in undocumented_strings(schema.get("properties", {}))
    ]
    parameters = {f"{path}?{name}": schema for path, name, schema in query_parameters(document)}
    loose += [f"GET {name}" for name in undocumented_strings(parameters)]
    assert loose == []


def test_the_job_url_is_documented_as_an_http_url(document):
    job = document["components"]["schemas"]["JobCreate"]["properties"]["url"]
    assert (job["pattern"], job["maxLength"]) == (HTTP_URL_PATTERN, MAX_URL)
    assert job.get("format") != "uri"  # IRIs such as http://zürich.example/ are accepted


@pytest.mark.parametrize("url", URLS)
def test_the_documented_url_pattern_is_the_rule_the_server_applies(url):
    field = HttpUrl(MAX_URL)
    try:
        field.deserialize(url)
        accepted = True
    except ma.ValidationError:
        accepted = False
    assert (re.search(HTTP_URL_PATTERN, url) is not None) == accepted


@pytest.mark.parametrize(
    ("pattern", "value", "matches"),
    [
        (NO_NUL_PATTERN, "plain text", True),
        (NO_NUL_PATTERN, "", True),
        (NO_NUL_PATTERN, "a\x00b", False),
        (NOT_BLANK_PATTERN, " a ", True),
        (NOT_BLANK_PATTERN, "   ", False),
        (NOT_BLANK_PATTERN, "a\x00", False),
    ],
)
def test_the_text_patterns(pattern, value, matches):
    assert (re.search(pattern, value) is not None) == matches


def test_the_document_introduction_states_the_rules(document):
    description = document["info"]["description"]
    assert "NUL" in description and "surrogates" in description
    assert "given once" in description
