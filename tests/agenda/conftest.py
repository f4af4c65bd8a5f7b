"""Fixtures for interviews, tasks, the follow-up clock, the agenda and the calendar feed:
a job seeker acting through the API, who can also move their records back in time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from jatify.services.follow_ups import REFRESH_STATEMENTS

APPLIED = 1
HR_INTERVIEW = 2
USER_INTERVIEW = 3
REJECTED = 6
WISHLIST = 9


class Seeker:
    """One account: API calls with its token, and SQL to put its history in the past."""

    def __init__(self, client: FlaskClient, headers: dict[str, str], sql: Callable) -> None:
        self.client = client
        self.headers = headers
        self.sql = sql
        self.jobs: dict[str, int] = {}

    def call(self, method: str, path: str, body: Any = None, **query: Any) -> TestResponse:
        """One request as this account."""
        options: dict[str, Any] = {"headers": self.headers, "query_string": query or None}
        if body is not None:
            options["json"] = body
        return self.client.open(path, method=method, **options)

    def ok(self, method: str, path: str, body: Any = None, expect: int = 200, **query: Any) -> Any:
        """The JSON answer of a request that must answer `expect`."""
        response = self.call(method, path, body, **query)
        answer = response.get_json(silent=True)
        assert response.status_code == expect, (response.status_code, answer)
        return answer

    def job(self, company: str = "Acme", position: str = "Engineer") -> int:
        """A job listing at `company` (one per company and position)."""
        key = f"{company}/{position}"
        if key not in self.jobs:
            body = {"company": company, "position": position, "description": "Python"}
            self.jobs[key] = self.ok("POST", "/api/jobs", body, 201)["id"]
        return self.jobs[key]

    def application(
        self,
        company: str = "Acme",
        status_id: int = APPLIED,
        applied_at: date | None = None,
        position: str = "Engineer",
    ) -> int:
        """A new application; its id."""
        body: dict[str, Any] = {"job_id": self.job(company, position), "status_id": status_id}
        if applied_at is not None:
            body["applied_at"] = applied_at.isoformat()
        return self.ok("POST", "/api/applications", body, 201)["id"]

    def answered(self, company: str, wait_days: int, ago_days: int = 30) -> int:
        """An application that had its first change `wait_days` after applying, and both
        lie `ago_days` (or more) in the past."""
        application_id = self.application(company, applied_at=today() - timedelta(wait_days))
        self.move(application_id, HR_INTERVIEW)
        self.shift(application_id, ago_days)
        return application_id

    def move(self, application_id: int, status_id: int) -> dict[str, Any]:
        """Change the application's status."""
        return self.ok("PUT", f"/api/applications/{application_id}", {"status_id": status_id})

    def shift(self, application_id: int, days: int) -> None:
        """Move every date and time of an application `days` days back."""
        back = timedelta(days=days)
        self.sql(
            "UPDATE applications SET created_at = created_at - :back, "
            "updated_at = updated_at - :back, applied_at = applied_at - :days, "
            "first_change_at = first_change_at - :back, "
            "status_changed_at = status_changed_at - :back WHERE id = :id",
            back=back,
            days=days,
            id=application_id,
        )
        self.sql(
            "UPDATE application_status_changes SET changed_at = changed_at - :back "
            "WHERE application_id = :id",
            back=back,
            id=application_id,
        )
        user_id = self.ok("GET", "/api/user/profile")["id"]
        for statement in REFRESH_STATEMENTS:  # as the services do with each change
            self.sql(str(statement), user_id=user_id)

    def follow_up(self, application_id: int) -> dict[str, Any] | None:
        """The application's follow-up, as its single answer has it."""
        return self.ok("GET", f"/api/applications/{application_id}")["follow_up"]

    def interview(self, application_id: int, **fields: Any) -> dict[str, Any]:
        """A new interview of the application (tomorrow at 10:00 UTC unless told)."""
        body = {"scheduled_at": at(days=1, hour=10), **fields}
        return self.ok("POST", f"/api/applications/{application_id}/interviews", body, 201)

    def task(self, application_id: int, **fields: Any) -> dict[str, Any]:
        """A new task of the application (due tomorrow at 17:00 UTC unless told)."""
        body = {"title": "Send a thank-you note", "due_at": at(days=1, hour=17), **fields}
        return self.ok("POST", f"/api/applications/{application_id}/tasks", body, 201)


def today() -> date:
    """Today in UTC (the accounts' default time zone)."""
    return datetime.now(UTC).date()


def at(days: int = 0, hour: int = 12, minute: int = 0) -> str:
    """An ISO instant `days` from today at `hour`:`minute` UTC."""
    moment = datetime.combine(today() + timedelta(days=days), datetime.min.time(), UTC)
    return moment.replace(hour=hour, minute=minute).isoformat()


@pytest.fixture
def seeker(client: FlaskClient, quick_headers: Callable, sql: Callable) -> Seeker:
    """A fresh account acting through the API."""
    return Seeker(client, quick_headers(), sql)


@pytest.fixture
def other(client: FlaskClient, quick_headers: Callable, sql: Callable) -> Seeker:
    """A second account, to check that the first one's records stay out of its reach."""
    return Seeker(client, quick_headers(), sql)
