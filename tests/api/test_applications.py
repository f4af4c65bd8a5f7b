"""Applications: CRUD, references, validation, paging, filters, search, sort and ownership."""

from __future__ import annotations

from datetime import datetime

import pytest

from jatify.extensions import db
from jatify.models import Application, Resume, StatusChange

APPLIED, HR_INTERVIEW, REJECTED, WISHLIST = 1, 2, 6, 9
JOB = {"company": "Acme Corp", "position": "Backend Engineer", "description": "Python."}


@pytest.fixture
def new_job(client, auth_headers):
    """Create a job listing through the API and return it."""

    def create(headers=None, **fields):
        response = client.post("/api/jobs", json={**JOB, **fields}, headers=headers or auth_headers)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return create


@pytest.fixture
def new_application(client, auth_headers, new_job):
    """Create an application (to a new job listing unless `job_id` is given)."""

    def create(headers=None, **fields):
        headers = headers or auth_headers
        body = {"status_id": APPLIED, **fields}
        body.setdefault("job_id", new_job(headers)["id"])
        response = client.post("/api/applications", json=body, headers=headers)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    return create


@pytest.fixture
def new_resume(app, client, auth_headers):
    """Insert a resume row for the account of `headers` and return its id."""

    def create(headers=None, name="My CV"):
        profile = client.get("/api/user/profile", headers=headers or auth_headers).get_json()
        with app.app_context():
            resume = Resume(
                user_id=profile["id"],
                name=name,
                filename="cv.pdf",
                content_type="application/pdf",
                size_bytes=1234,
                sha256="0" * 64,
            )
            db.session.add(resume)
            db.session.commit()
            resume_id = resume.id
            db.session.remove()
        return resume_id

    return create


def error_of(response, status):
    """The error envelope of `response`, checking its status."""
    assert response.status_code == status, response.get_json()
    return response.get_json()["error"]


def test_create_minimal_application(client, auth_headers, new_job):
    job = new_job()
    body = {"job_id": job["id"], "status_id": APPLIED}
    response = client.post("/api/applications", json=body, headers=auth_headers)
    assert response.status_code == 201, response.get_json()
    application = response.get_json()
    assert application["job"] == {
        "id": job["id"],
        "company": "Acme Corp",
        "position": JOB["position"],
    }
    assert application["status"] == {"id": APPLIED, "name": "Applied"}
    assert (application["resume"], application["notes"], application["applied_at"]) == (
        None,
        None,
        None,
    )
    assert datetime.fromisoformat(application["created_at"]).utcoffset() is not None
    [first] = application["status_history"]
    assert first["from_status"] is None
    assert first["to_status"] == {"id": APPLIED, "name": "Applied"}
    assert datetime.fromisoformat(first["changed_at"]).utcoffset() is not None
    fetched = client.get(f"/api/applications/{application['id']}", headers=auth_headers)
    assert fetched.get_json() == application


def test_create_full_application(client, auth_headers, new_job, new_resume):
    job, resume_id = new_job(), new_resume(name="Backend CV")
    body = {
        "job_id": job["id"],
        "status_id": HR_INTERVIEW,
        "resume_id": resume_id,
        "notes": "  Referral from Ana.  ",
        "applied_at": "2024-02-29",
    }
    application = client.post("/api/applications", json=body, headers=auth_headers).get_json()
    assert application["resume"] == {"id": resume_id, "name": "Backend CV"}
    assert application["notes"] == "Referral from Ana."
    assert application["applied_at"] == "2024-02-29"
    assert application["status"] == {"id": HR_INTERVIEW, "name": "HR Interview"}


def test_create_requires_job_and_status(client, auth_headers):
    error = error_of(client.post("/api/applications", json={}, headers=auth_headers), 422)
    assert set(error["details"]) == {"job_id", "status_id"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("job_id", "1"),
        ("job_id", 1.5),
        ("job_id", True),
        ("job_id", 0),
        ("job_id", 2**63),
        ("status_id", None),
        ("status_id", 2**40),
        ("resume_id", "x"),
        ("notes", 12),
        ("notes", "n" * 10_001),
        ("notes", "a\x00b"),
        ("applied_at", "01/02/2024"),
        ("applied_at", "2023-02-29"),
        ("applied_at", "2024-01-01T10:00:00"),
        ("applied_at", 20240101),
        ("bogus", 1),
    ],
)
def test_create_rejects_invalid_fields(client, auth_headers, new_job, field, value):
    body = {"job_id": new_job()["id"], "status_id": APPLIED, field: value}
    response = client.post("/api/applications", json=body, headers=auth_headers)
    assert set(error_of(response, 422)["details"]) == {field}
    assert client.get("/api/applications", headers=auth_headers).get_json()["total"] == 0


def test_create_rejects_jobs_that_are_not_the_callers(client, auth_headers, make_headers, new_job):
    others = new_job(headers=make_headers())
    deleted = new_job()
    client.delete(f"/api/jobs/{deleted['id']}", headers=auth_headers)
    for job_id in (others["id"], deleted["id"], 999_999):
        body = {"job_id": job_id, "status_id": APPLIED}
        response = client.post("/api/applications", json=body, headers=auth_headers)
        error = error_of(response, 422)
        assert error["code"] == "validation_error"
        assert list(error["details"]) == ["job_id"]
    assert client.get("/api/applications", headers=auth_headers).get_json()["total"] == 0


def test_create_rejects_another_users_resume_and_unknown_status(
    client, auth_headers, make_headers, new_job, new_resume
):
    job, theirs = new_job(), new_resume(headers=make_headers())
    body = {"job_id": job["id"], "status_id": APPLIED, "resume_id": theirs}
    response = client.post("/api/applications", json=body, headers=auth_headers)
    assert list(error_of(response, 422)["details"]) == ["resume_id"]
    body = {"job_id": job["id"], "status_id": 11}
    response = client.post("/api/applications", json=body, headers=auth_headers)
    assert list(error_of(response, 422)["details"]) == ["status_id"]
    assert client.get("/api/applications", headers=auth_headers).get_json()["total"] == 0


def test_malformed_json_is_a_bad_request(client, auth_headers, new_application):
    headers = {**auth_headers, "Content-Type": "application/json"}
    response = client.post("/api/applications", data="{job_id: 1}", headers=headers)
    assert error_of(response, 400)["code"] == "bad_request"
    application = new_application()
    url = f"/api/applications/{application['id']}"
    assert client.patch(url, data="not json", headers=headers).status_code == 400
    assert client.patch(url, data="notes=x", headers=auth_headers).status_code == 400


@pytest.mark.parametrize("method", ["put", "patch"])
def test_update_changes_only_the_fields_sent(
    client, auth_headers, new_application, new_job, method
):
    application = new_application(notes="first", applied_at="2024-05-01")
    other_job = new_job(company="Bluefin")
    url = f"/api/applications/{application['id']}"
    body = {"notes": "second", "job_id": other_job["id"]}
    response = getattr(client, method)(url, json=body, headers=auth_headers)
    assert response.status_code == 200, response.get_json()
    updated = response.get_json()
    assert updated["notes"] == "second"
    assert updated["job"]["company"] == "Bluefin"
    assert updated["applied_at"] == "2024-05-01"
    assert updated["status_history"] == application["status_history"]
    assert datetime.fromisoformat(updated["updated_at"]) > datetime.fromisoformat(
        application["updated_at"]
    )
    assert client.get(url, headers=auth_headers).get_json() == updated


def test_update_null_clears_resume_notes_and_applied_at(
    client, auth_headers, new_application, new_resume
):
    application = new_application(resume_id=new_resume(), notes="n", applied_at="2024-01-02")
    url = f"/api/applications/{application['id']}"
    body = {"resume_id": None, "notes": None, "applied_at": None}
    updated = client.put(url, json=body, headers=auth_headers).get_json()
    assert (updated["resume"], updated["notes"], updated["applied_at"]) == (None, None, None)
    for field in ("job_id", "status_id"):
        response = client.put(url, json={field: None}, headers=auth_headers)
        assert list(error_of(response, 422)["details"]) == [field]


def test_update_with_empty_body_changes_nothing(client, auth_headers, new_application):
    application = new_application()
    url = f"/api/applications/{application['id']}"
    assert client.patch(url, json={}, headers=auth_headers).get_json() == application


def test_update_rejects_foreign_references_without_writing(
    client, auth_headers, make_headers, new_application, new_job, new_resume
):
    application = new_application(notes="keep")
    other = make_headers()
    url = f"/api/applications/{application['id']}"
    body = {"notes": "lost", "job_id": new_job(headers=other)["id"]}
    assert list(error_of(client.put(url, json=body, headers=auth_headers), 422)["details"]) == [
        "job_id"
    ]
    body = {"notes": "lost", "resume_id": new_resume(headers=other)}
    response = client.patch(url, json=body, headers=auth_headers)
    assert list(error_of(response, 422)["details"]) == ["resume_id"]
    assert client.get(url, headers=auth_headers).get_json() == application


def test_update_keeps_a_deleted_job_that_is_sent_back_unchanged(
    client, auth_headers, new_application
):
    application = new_application()
    job_id = application["job"]["id"]
    client.delete(f"/api/jobs/{job_id}", headers=auth_headers)
    url = f"/api/applications/{application['id']}"
    response = client.put(url, json={"job_id": job_id, "notes": "still here"}, headers=auth_headers)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["job"] == application["job"]


def test_applications_keep_showing_a_deleted_job(client, auth_headers, new_application):
    application = new_application()
    assert (
        client.delete(f"/api/jobs/{application['job']['id']}", headers=auth_headers).status_code
        == 204
    )
    fetched = client.get(f"/api/applications/{application['id']}", headers=auth_headers)
    assert fetched.get_json()["job"] == application["job"]
    [item] = client.get("/api/applications", headers=auth_headers).get_json()["items"]
    assert item["job"] == application["job"]


def test_delete_is_soft(app, client, auth_headers, new_application):
    kept, gone = new_application(), new_application()
    url = f"/api/applications/{gone['id']}"
    response = client.delete(url, headers=auth_headers)
    assert (response.status_code, response.data) == (204, b"")
    assert error_of(client.get(url, headers=auth_headers), 404)["code"] == "not_found"
    assert client.patch(url, json={"notes": "x"}, headers=auth_headers).status_code == 404
    assert client.delete(url, headers=auth_headers).status_code == 404
    listing = client.get("/api/applications", headers=auth_headers).get_json()
    assert ([item["id"] for item in listing["items"]], listing["total"]) == ([kept["id"]], 1)
    with app.app_context():
        assert db.session.get(Application, gone["id"]).deleted_at is not None
        history = db.session.scalars(
            db.select(StatusChange).where(StatusChange.application_id == gone["id"])
        ).all()
        assert len(history) == 1
        db.session.remove()


def test_deleting_the_resume_leaves_the_application_without_one(
    app, client, auth_headers, new_application, new_resume
):
    resume_id = new_resume()
    application = new_application(resume_id=resume_id)
    with app.app_context():
        db.session.delete(db.session.get(Resume, resume_id))
        db.session.commit()
        db.session.remove()
    fetched = client.get(f"/api/applications/{application['id']}", headers=auth_headers)
    assert fetched.get_json()["resume"] is None


def test_another_users_application_is_not_found(
    client, auth_headers, make_headers, new_application
):
    application = new_application(notes="mine")
    other = make_headers()
    url = f"/api/applications/{application['id']}"
    assert error_of(client.get(url, headers=other), 404)["code"] == "not_found"
    assert client.put(url, json={"notes": "theirs"}, headers=other).status_code == 404
    assert client.patch(url, json={"status_id": REJECTED}, headers=other).status_code == 404
    assert client.delete(url, headers=other).status_code == 404
    job_filter = f"/api/applications?job_id={application['job']['id']}"
    assert client.get(job_filter, headers=other).get_json()["total"] == 0
    assert client.get(url, headers=auth_headers).get_json() == application


def test_list_items_embed_job_status_and_resume(client, auth_headers, new_application, new_resume):
    resume_id = new_resume(name="CV 2024")
    application = new_application(resume_id=resume_id, notes="hello", applied_at="2024-03-03")
    body = client.get("/api/applications", headers=auth_headers).get_json()
    assert (body["total"], body["pages"], body["page"], body["page_size"]) == (1, 1, 1, 20)
    [item] = body["items"]
    assert "status_history" not in item
    assert "contacts" not in item
    assert item == {k: v for k, v in application.items() if k not in {"status_history", "contacts"}}
    assert item["resume"] == {"id": resume_id, "name": "CV 2024"}


def test_list_items_are_the_single_record_without_its_history(
    client, auth_headers, new_job, new_application, new_resume
):
    # The list serialises rows directly (for speed) while the single record goes through
    # ApplicationDetailSchema: both must give the same JSON for every kind of application.
    resume_id = new_resume(name="Résumé «2024»")
    deleted_job = new_job(company="Gone Ltd")["id"]
    new_application(job_id=deleted_job, notes="job deleted later")
    client.delete(f"/api/jobs/{deleted_job}", headers=auth_headers)
    new_application()
    new_application(resume_id=resume_id, notes="Line 1\nLine 2 \u2014 ok", applied_at="2024-02-29")
    changed = new_application(status_id=WISHLIST)
    client.put(
        f"/api/applications/{changed['id']}", json={"status_id": REJECTED}, headers=auth_headers
    )

    items = client.get("/api/applications", headers=auth_headers).get_json()["items"]

    assert len(items) == 4
    for item in items:
        single = client.get(f"/api/applications/{item['id']}", headers=auth_headers).get_json()
        del single["status_history"], single["contacts"]
        assert item == single


def test_list_pages(client, auth_headers, new_job, new_application):
    job_id = new_job()["id"]
    ids = [new_application(job_id=job_id)["id"] for _ in range(7)]
    page = client.get("/api/applications?page=2&page_size=3", headers=auth_headers).get_json()
    assert (page["total"], page["pages"]) == (7, 3)
    assert [item["id"] for item in page["items"]] == ids[::-1][3:6]


@pytest.mark.parametrize(
    "query",
    [
        "page=0",
        "page=abc",
        "page_size=101",
        "page_size=0",
        "status_id=abc",
        "status_id=0",
        "job_id=-1",
        "job_id=1.5",
        "sort=status_id",
        "sort=applied_at%20NULLS%20FIRST",
        "sort=-created_at,id",
        "q=" + "q" * 201,
    ],
)
def test_list_rejects_bad_query_arguments(client, auth_headers, query):
    response = client.get(f"/api/applications?{query}", headers=auth_headers)
    assert error_of(response, 422)["code"] == "validation_error"


def test_list_filters_by_status_and_job(client, auth_headers, new_job, new_application):
    job_a, job_b = new_job(company="A")["id"], new_job(company="B")["id"]
    a_applied = new_application(job_id=job_a)
    a_rejected = new_application(job_id=job_a, status_id=REJECTED)
    b_applied = new_application(job_id=job_b)

    def ids(query):
        body = client.get(f"/api/applications?{query}", headers=auth_headers).get_json()
        return sorted(item["id"] for item in body["items"])

    assert ids(f"status_id={APPLIED}") == sorted([a_applied["id"], b_applied["id"]])
    assert ids(f"job_id={job_a}") == sorted([a_applied["id"], a_rejected["id"]])
    assert ids(f"job_id={job_a}&status_id={REJECTED}") == [a_rejected["id"]]
    assert ids(f"status_id={WISHLIST}") == []
    assert ids("job_id=999999") == []


def test_list_searches_company_position_and_notes(client, auth_headers, new_job, new_application):
    north = new_application(job_id=new_job(company="Northwind", position="Data Engineer")["id"])
    blue = new_application(job_id=new_job(company="Bluefin", position="SRE")["id"], notes="ENGINE")
    new_application(job_id=new_job(company="Helio", position="Analyst")["id"], notes="100% fit")

    def ids(q):
        response = client.get("/api/applications", query_string={"q": q}, headers=auth_headers)
        return sorted(item["id"] for item in response.get_json()["items"])

    assert ids("engine") == sorted([north["id"], blue["id"]])
    assert ids("bluefin") == [blue["id"]]
    assert ids("data eng") == [north["id"]]
    assert len(ids("%")) == 1
    assert ids("_") == []
    assert ids("' OR 1=1 --") == []


def test_list_sorts(client, auth_headers, new_job, new_application):
    job_id = new_job()["id"]
    late = new_application(job_id=job_id, applied_at="2024-06-01")
    undated = new_application(job_id=job_id)
    early = new_application(job_id=job_id, applied_at="2024-01-15")
    client.patch(f"/api/applications/{late['id']}", json={"notes": "x"}, headers=auth_headers)

    def ids(sort):
        body = client.get(f"/api/applications?sort={sort}", headers=auth_headers).get_json()
        return [item["id"] for item in body["items"]]

    assert ids("-created_at") == [early["id"], undated["id"], late["id"]]
    assert ids("created_at") == [late["id"], undated["id"], early["id"]]
    assert ids("-updated_at")[0] == late["id"]
    assert ids("updated_at")[-1] == late["id"]
    assert ids("applied_at") == [early["id"], late["id"], undated["id"]]
    assert ids("-applied_at") == [late["id"], early["id"], undated["id"]]


def test_list_costs_the_same_queries_whatever_the_page_size(
    client, auth_headers, new_job, new_application, new_resume, count_queries
):
    resume_id = new_resume()
    for n in range(50):
        job_id = new_job(company=f"Company {n}")["id"]
        new_application(job_id=job_id, resume_id=resume_id if n % 2 else None, notes=f"n{n}")
    with count_queries() as small:
        body = client.get("/api/applications?page_size=1", headers=auth_headers).get_json()
        assert len(body["items"]) == 1
    with count_queries() as large:
        response = client.get(
            "/api/applications?page_size=50&q=company&status_id=1&sort=-applied_at",
            headers=auth_headers,
        )
        items = response.get_json()["items"]
        assert len(items) == 50
        assert {item["resume"]["id"] for item in items if item["resume"]} == {resume_id}
    assert small.count == large.count
    assert large.count <= 5


def test_single_application_costs_a_constant_number_of_queries(
    client, auth_headers, new_application, count_queries
):
    application = new_application()
    url = f"/api/applications/{application['id']}"
    with count_queries() as short:
        client.get(url, headers=auth_headers)
    for status_id in (2, 3, 5, 7):
        client.patch(url, json={"status_id": status_id}, headers=auth_headers)
    with count_queries() as long:
        assert len(client.get(url, headers=auth_headers).get_json()["status_history"]) == 5
    assert short.count == long.count


def test_openapi_documents_the_application_routes(client):
    spec = client.get("/api/openapi.json").get_json()
    collection = spec["paths"]["/api/applications"]
    record = spec["paths"]["/api/applications/{application_id}"]
    assert {"get", "post"} <= set(collection)
    assert {"get", "put", "patch", "delete"} <= set(record)
    schemas = spec["components"]["schemas"]
    create_ref = collection["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert create_ref["$ref"].endswith("/ApplicationCreate")
    assert set(schemas["ApplicationCreate"]["required"]) == {"job_id", "status_id"}
    assert schemas["ApplicationCreate"]["properties"]["applied_at"]["format"] == "date"
    assert "status_history" in schemas["ApplicationDetail"]["properties"]
    assert {"job", "status", "resume"} <= set(schemas["Application"]["properties"])
    parameters = {p["name"] for p in collection["get"]["parameters"]}
    assert {"page", "page_size", "status_id", "job_id", "q", "sort"} <= parameters
    assert "201" in collection["post"]["responses"]
    assert "204" in record["delete"]["responses"]
