"""Job listings: CRUD, validation, paging, search, sort, soft delete and ownership."""

from __future__ import annotations

from datetime import datetime

import pytest

JOB = {
    "company": "Acme Corp",
    "position": "Backend Engineer",
    "description": "Python, Flask and PostgreSQL.",
}


@pytest.fixture
def create_job(client, auth_headers):
    """Create a job listing through the API and return it."""

    def create(headers=None, **fields):
        response = client.post("/api/jobs", json={**JOB, **fields}, headers=headers or auth_headers)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return create


def error_of(response, status):
    """The error envelope of `response`, checking its status."""
    assert response.status_code == status, response.get_json()
    return response.get_json()["error"]


def test_create_job_returns_every_field(client, auth_headers):
    body = {
        **JOB,
        "company": "  Acme Corp  ",
        "url": "https://jobs.acme.example/42?ref=board",
        "location": "Berlin",
        "salary": "€70k",
    }
    response = client.post("/api/jobs", json=body, headers=auth_headers)
    assert response.status_code == 201
    job = response.get_json()
    assert set(job) == {
        "id",
        "company",
        "position",
        "description",
        "url",
        "location",
        "salary",
        "posted_at",
        "valid_through",
        "employment_type",
        "posting_status",
        "posting_checked_at",
        "created_at",
        "updated_at",
    }
    assert job["company"] == "Acme Corp"
    assert (job["posting_status"], job["posting_checked_at"]) == ("unknown", None)
    assert job["url"] == "https://jobs.acme.example/42?ref=board"
    assert (job["location"], job["salary"]) == ("Berlin", "€70k")
    assert datetime.fromisoformat(job["created_at"]).utcoffset() is not None
    assert datetime.fromisoformat(job["updated_at"]).utcoffset() is not None
    assert client.get(f"/api/jobs/{job['id']}", headers=auth_headers).get_json() == job


def test_create_job_optional_fields_default_to_null(create_job):
    job = create_job(location="   ")
    assert (job["url"], job["location"], job["salary"]) == (None, None, None)


def test_create_job_requires_company_position_description(client, auth_headers):
    error = error_of(client.post("/api/jobs", json={}, headers=auth_headers), 422)
    assert error["code"] == "validation_error"
    assert set(error["details"]) == {"company", "position", "description"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("company", "   "),
        ("company", "x" * 201),
        ("position", ""),
        ("position", "x" * 201),
        ("description", "x" * 20_001),
        ("location", "x" * 201),
        ("salary", "x" * 201),
        ("url", "ftp://files.example/job"),
        ("url", "javascript:alert(1)"),
        ("url", "not a url"),
        ("url", "https://example.com/" + "a" * 2030),
        ("company", "Acme\x00Corp"),
        ("url", "https://example.com/\x00"),
        ("company", 5),
        ("description", ["a"]),
        ("url", 42),
        ("salary", {"min": 1}),
        ("company", None),
    ],
)
def test_create_job_rejects_invalid_fields(client, auth_headers, field, value):
    response = client.post("/api/jobs", json={**JOB, field: value}, headers=auth_headers)
    assert set(error_of(response, 422)["details"]) == {field}


def test_job_limits_are_inclusive(create_job):
    job = create_job(
        company="c" * 200,
        description="d" * 20_000,
        url="https://example.com/" + "a" * 2028,
    )
    assert len(job["company"]) == 200
    assert len(job["url"]) == 2048


def test_unknown_field_is_rejected(client, auth_headers, create_job):
    response = client.post("/api/jobs", json={**JOB, "user_id": 1}, headers=auth_headers)
    assert "user_id" in error_of(response, 422)["details"]
    job = create_job()
    response = client.patch(f"/api/jobs/{job['id']}", json={"id": 9}, headers=auth_headers)
    assert "id" in error_of(response, 422)["details"]


def test_malformed_json_and_wrong_content_type_are_bad_requests(client, auth_headers, create_job):
    headers = {**auth_headers, "Content-Type": "application/json"}
    response = client.post("/api/jobs", data='{"company": ', headers=headers)
    assert error_of(response, 400)["code"] == "bad_request"
    response = client.post("/api/jobs", data="company=Acme", headers=auth_headers)
    assert error_of(response, 400)["code"] == "bad_request"
    job = create_job()
    response = client.put(f"/api/jobs/{job['id']}", data="position=x", headers=auth_headers)
    assert error_of(response, 400)["code"] == "bad_request"
    assert client.get(f"/api/jobs/{job['id']}", headers=auth_headers).get_json() == job


def test_a_body_that_is_not_an_object_is_rejected(client, auth_headers):
    response = client.post("/api/jobs", json=[JOB], headers=auth_headers)
    assert error_of(response, 422)["code"] == "validation_error"


def test_routes_require_a_token(client, create_job):
    job = create_job()
    assert client.get("/api/jobs").status_code == 401
    assert client.post("/api/jobs", json=JOB).status_code == 401
    assert client.get(f"/api/jobs/{job['id']}").status_code == 401
    assert client.delete(f"/api/jobs/{job['id']}").status_code == 401


def test_get_missing_job_is_not_found(client, auth_headers):
    error = error_of(client.get("/api/jobs/12345", headers=auth_headers), 404)
    assert error["code"] == "not_found"
    huge = client.get(f"/api/jobs/{10**30}", headers=auth_headers)
    assert error_of(huge, 404)["code"] == "not_found"


@pytest.mark.parametrize("method", ["put", "patch"])
def test_update_changes_only_the_fields_sent(client, auth_headers, create_job, method):
    job = create_job(url="https://acme.example/1", location="Paris", salary="€1")
    response = getattr(client, method)(
        f"/api/jobs/{job['id']}", json={"position": "Staff Engineer"}, headers=auth_headers
    )
    assert response.status_code == 200, response.get_json()
    updated = response.get_json()
    assert updated["position"] == "Staff Engineer"
    unchanged = {k: v for k, v in updated.items() if k not in ("position", "updated_at")}
    assert unchanged == {k: v for k, v in job.items() if k not in ("position", "updated_at")}
    assert datetime.fromisoformat(updated["updated_at"]) > datetime.fromisoformat(job["updated_at"])
    assert client.get(f"/api/jobs/{job['id']}", headers=auth_headers).get_json() == updated


def test_update_null_clears_optional_fields_but_not_required_ones(client, auth_headers, create_job):
    job = create_job(url="https://acme.example/1", location="Paris", salary="€1")
    url = f"/api/jobs/{job['id']}"
    body = {"url": None, "location": None, "salary": None}
    updated = client.put(url, json=body, headers=auth_headers).get_json()
    assert (updated["url"], updated["location"], updated["salary"]) == (None, None, None)
    for field in ("company", "position", "description"):
        response = client.put(url, json={field: None}, headers=auth_headers)
        assert set(error_of(response, 422)["details"]) == {field}
    assert client.get(url, headers=auth_headers).get_json()["company"] == JOB["company"]


def test_update_with_empty_body_changes_nothing(client, auth_headers, create_job):
    job = create_job()
    response = client.patch(f"/api/jobs/{job['id']}", json={}, headers=auth_headers)
    assert response.status_code == 200
    assert response.get_json() == job


def test_update_rejects_invalid_values_without_writing(client, auth_headers, create_job):
    job = create_job()
    url = f"/api/jobs/{job['id']}"
    response = client.put(url, json={"position": "New", "url": "nope"}, headers=auth_headers)
    assert set(error_of(response, 422)["details"]) == {"url"}
    assert client.get(url, headers=auth_headers).get_json() == job


def test_delete_is_soft_and_hides_the_job(client, auth_headers, create_job):
    kept, gone = create_job(company="Kept"), create_job(company="Gone")
    url = f"/api/jobs/{gone['id']}"
    response = client.delete(url, headers=auth_headers)
    assert response.status_code == 204
    assert response.data == b""
    assert error_of(client.get(url, headers=auth_headers), 404)["code"] == "not_found"
    assert client.put(url, json={"company": "x"}, headers=auth_headers).status_code == 404
    assert client.delete(url, headers=auth_headers).status_code == 404
    listing = client.get("/api/jobs", headers=auth_headers).get_json()
    assert [item["id"] for item in listing["items"]] == [kept["id"]]
    assert listing["total"] == 1


def test_deleted_job_stays_in_the_database(app, client, auth_headers, create_job):
    from jatify.extensions import db
    from jatify.models import JobListing

    job = create_job()
    client.delete(f"/api/jobs/{job['id']}", headers=auth_headers)
    with app.app_context():
        row = db.session.get(JobListing, job["id"])
        assert row is not None
        assert row.deleted_at is not None
        db.session.remove()


def test_list_pages_and_counts(client, auth_headers, create_job):
    ids = [create_job(company=f"Company {n:02}")["id"] for n in range(25)]
    first = client.get("/api/jobs?page_size=10", headers=auth_headers).get_json()
    assert (first["page"], first["page_size"], first["total"], first["pages"]) == (1, 10, 25, 3)
    assert [item["id"] for item in first["items"]] == ids[::-1][:10]
    last = client.get("/api/jobs?page=3&page_size=10", headers=auth_headers).get_json()
    assert [item["id"] for item in last["items"]] == ids[::-1][20:]
    beyond = client.get("/api/jobs?page=4&page_size=10", headers=auth_headers).get_json()
    assert (beyond["items"], beyond["total"]) == ([], 25)
    default = client.get("/api/jobs", headers=auth_headers).get_json()
    assert (default["page_size"], len(default["items"]), default["pages"]) == (20, 20, 2)


def test_empty_list(client, auth_headers):
    body = client.get("/api/jobs", headers=auth_headers).get_json()
    assert body == {"items": [], "page": 1, "page_size": 20, "total": 0, "pages": 0}


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=-1",
        "page=abc",
        "page_size=0",
        "page_size=101",
        "page_size=1.5",
        "sort=id",
        "sort=-position",
        "sort=created_at;DROP TABLE job_listings",
        "sort=company%20DESC",
        "q=" + "x" * 201,
        "q=a%00b",
    ],
)
def test_list_rejects_bad_query_arguments(client, auth_headers, create_job, query):
    create_job()
    response = client.get(f"/api/jobs?{query}", headers=auth_headers)
    assert error_of(response, 422)["code"] == "validation_error"
    assert client.get("/api/jobs", headers=auth_headers).get_json()["total"] == 1


def test_list_page_size_limits_are_inclusive(client, auth_headers):
    assert client.get("/api/jobs?page_size=1", headers=auth_headers).status_code == 200
    assert client.get("/api/jobs?page_size=100", headers=auth_headers).status_code == 200


def test_sort_by_company_ignores_case(client, auth_headers, create_job):
    for company in ("beta", "Alpha", "charlie", "Delta"):
        create_job(company=company)

    def companies(sort):
        body = client.get(f"/api/jobs?sort={sort}", headers=auth_headers).get_json()
        return [item["company"] for item in body["items"]]

    assert companies("company") == ["Alpha", "beta", "charlie", "Delta"]
    assert companies("-company") == ["Delta", "charlie", "beta", "Alpha"]


def test_sort_by_creation_and_update(client, auth_headers, create_job):
    first, second, third = (create_job(company=name) for name in ("one", "two", "three"))
    client.patch(f"/api/jobs/{first['id']}", json={"salary": "more"}, headers=auth_headers)

    def ids(sort):
        body = client.get(f"/api/jobs?sort={sort}", headers=auth_headers).get_json()
        return [item["id"] for item in body["items"]]

    assert ids("-created_at") == [third["id"], second["id"], first["id"]]
    assert ids("created_at") == [first["id"], second["id"], third["id"]]
    assert ids("-updated_at") == [first["id"], third["id"], second["id"]]
    assert ids("updated_at") == [second["id"], third["id"], first["id"]]


def test_search_matches_company_or_position_case_insensitively(client, auth_headers, create_job):
    create_job(company="Northwind", position="Data Engineer")
    create_job(company="Bluefin", position="Platform ENGINEER")
    create_job(company="Engine Works", position="Designer")
    create_job(company="Helio", position="Analyst")

    def companies(q):
        body = client.get("/api/jobs", query_string={"q": q}, headers=auth_headers).get_json()
        return sorted(item["company"] for item in body["items"])

    assert companies("engine") == ["Bluefin", "Engine Works", "Northwind"]
    assert companies("NORTH") == ["Northwind"]
    assert companies("analyst") == ["Helio"]
    assert companies("nothing like it") == []
    assert len(companies("")) == 4


def test_search_takes_wildcards_and_sql_literally(client, auth_headers, create_job):
    create_job(company="100% Remote Ltd")
    create_job(company="Snake_Case GmbH")
    create_job(company="Plain Co")
    create_job(company="Back\\slash Inc")

    def companies(q):
        body = client.get("/api/jobs", query_string={"q": q}, headers=auth_headers).get_json()
        return sorted(item["company"] for item in body["items"])

    assert companies("%") == ["100% Remote Ltd"]
    assert companies("_") == ["Snake_Case GmbH"]
    assert companies("\\") == ["Back\\slash Inc"]
    assert companies("' OR '1'='1") == []
    assert companies("'; DROP TABLE job_listings; --") == []
    assert len(companies("c")) == 4


def test_another_users_job_is_not_found(client, auth_headers, make_headers, create_job):
    job = create_job()
    other = make_headers()
    url = f"/api/jobs/{job['id']}"
    assert error_of(client.get(url, headers=other), 404)["code"] == "not_found"
    assert client.put(url, json={"company": "Mine"}, headers=other).status_code == 404
    assert client.patch(url, json={"company": "Mine"}, headers=other).status_code == 404
    assert client.delete(url, headers=other).status_code == 404
    assert client.get("/api/jobs", headers=other).get_json()["total"] == 0
    assert client.get(url, headers=auth_headers).get_json() == job


def test_not_found_message_is_the_same_for_others_and_missing(client, make_headers, create_job):
    job = create_job()
    other = make_headers()
    mine = create_job(headers=other)
    theirs = client.get(f"/api/jobs/{job['id']}", headers=other).get_json()
    missing_id = mine["id"] + 1000
    missing = client.get(f"/api/jobs/{missing_id}", headers=other).get_json()
    assert theirs["error"]["message"].replace(str(job["id"]), "N") == missing["error"][
        "message"
    ].replace(str(missing_id), "N")


def test_list_costs_the_same_queries_whatever_the_page_size(
    client, auth_headers, create_job, count_queries
):
    for n in range(50):
        create_job(company=f"Company {n}")
    with count_queries() as small:
        body = client.get("/api/jobs?page_size=1", headers=auth_headers).get_json()
        assert len(body["items"]) == 1
    with count_queries() as large:
        body = client.get("/api/jobs?page_size=50&q=company", headers=auth_headers).get_json()
        assert len(body["items"]) == 50
    assert small.count == large.count
    assert large.count <= 5


def test_openapi_documents_the_job_routes(client):
    spec = client.get("/api/openapi.json").get_json()
    collection, record = spec["paths"]["/api/jobs"], spec["paths"]["/api/jobs/{job_id}"]
    assert {"get", "post"} <= set(collection)
    assert {"get", "put", "patch", "delete"} <= set(record)
    create_body = collection["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert create_body["$ref"].endswith("/JobCreate")
    schemas = spec["components"]["schemas"]
    assert set(schemas["JobCreate"]["required"]) == {"company", "position", "description"}
    assert schemas["JobCreate"]["properties"]["company"]["maxLength"] == 200
    assert "201" in collection["post"]["responses"]
    assert set(schemas["Job"]["properties"]) >= {"id", "company", "url", "updated_at"}
    parameters = {p["name"] for p in collection["get"]["parameters"]}
    assert {"page", "page_size", "q", "sort"} <= parameters
    put_body = record["put"]["requestBody"]["content"]["application/json"]["schema"]
    assert put_body["$ref"].endswith("/JobUpdate")
    assert "204" in record["delete"]["responses"]
