"""A person acting through the API: job listings, applications, contacts and notes."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

APPLIED = 1


class Person:
    """A registered account and shortcuts that create its records, checking each answer."""

    def __init__(self, client: FlaskClient, headers: dict[str, str]) -> None:
        self.client = client
        self.headers = headers

    def call(self, method: str, path: str, body: Any = None, **query: Any) -> TestResponse:
        """Send a request as this person (JSON body when given)."""
        options: dict[str, Any] = {"headers": self.headers, "query_string": query}
        if body is not None:
            options["json"] = body
        return self.client.open(path, method=method, **options)

    def ok(self, method: str, path: str, body: Any = None, status: int = 200, **query: Any) -> Any:
        """The JSON of a request that must answer `status`."""
        response = self.call(method, path, body, **query)
        assert response.status_code == status, response.get_json()
        return response.get_json()

    def job(self, **fields: Any) -> int:
        """A new job listing's id."""
        body = {"company": "Acme", "position": "Engineer", "description": "Python", **fields}
        return self.ok("POST", "/api/jobs", body, 201)["id"]

    def application(self, job_id: int | None = None, **fields: Any) -> dict[str, Any]:
        """A new application (to a new job listing unless `job_id` is given)."""
        body = {"job_id": job_id or self.job(), "status_id": APPLIED, **fields}
        return self.ok("POST", "/api/applications", body, 201)

    def contact(self, name: str = "Grace Hopper", **fields: Any) -> dict[str, Any]:
        """A new contact."""
        return self.ok("POST", "/api/contacts", {"name": name, **fields}, 201)

    def note(self, application_id: int, body: str = "Called them", **fields: Any) -> dict:
        """A new note on an application."""
        path = f"/api/applications/{application_id}/notes"
        return self.ok("POST", path, {"body": body, **fields}, 201)

    def link(self, application_id: int, contact_id: int, role: str = "recruiter") -> dict:
        """Link a contact to an application."""
        path = f"/api/applications/{application_id}/contacts/{contact_id}"
        return self.ok("PUT", path, {"role": role})


def error_of(response: TestResponse, status: int) -> dict[str, Any]:
    """The error envelope of `response`, checking its status."""
    assert response.status_code == status, response.get_json()
    return response.get_json()["error"]
