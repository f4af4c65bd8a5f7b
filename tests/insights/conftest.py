"""Accounts with job listings and applications, made through the API or seeded in SQL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from jatify.extensions import db


@dataclass
class Account:
    """A registered user: id, email and Bearer headers."""

    id: int
    email: str
    headers: dict[str, str]


class Tracker:
    """Create job listings and applications for an account through the API."""

    def __init__(self, client: FlaskClient, account: Account) -> None:
        self.client = client
        self.account = account

    def job(self, company: str = "Acme", position: str = "Engineer", **fields: Any) -> int:
        """A new job listing's id."""
        body = {"company": company, "position": position, "description": "Build things"}
        response = self.client.post(
            "/api/jobs", json={**body, **fields}, headers=self.account.headers
        )
        assert response.status_code == 201, response.get_json()
        return response.get_json()["id"]

    def application(self, job_id: int, *statuses: int, **fields: Any) -> int:
        """A new application that went through `statuses` in order; its id."""
        response = self.client.post(
            "/api/applications",
            json={"job_id": job_id, "status_id": statuses[0], **fields},
            headers=self.account.headers,
        )
        assert response.status_code == 201, response.get_json()
        application_id = response.get_json()["id"]
        for status_id in statuses[1:]:
            response = self.client.put(
                f"/api/applications/{application_id}",
                json={"status_id": status_id},
                headers=self.account.headers,
            )
            assert response.status_code == 200, response.get_json()
        return application_id

    def delete_application(self, application_id: int) -> None:
        """Soft-delete an application through the API."""
        response = self.client.delete(
            f"/api/applications/{application_id}", headers=self.account.headers
        )
        assert response.status_code == 204


@pytest.fixture
def make_account(
    client: FlaskClient, register: Callable[..., dict], login: Callable[..., dict]
) -> Callable[..., Account]:
    """Register a new account; return its id, email and headers."""

    def make_account(email: str | None = None) -> Account:
        user = register(email)
        token = login(user["email"])["access_token"]
        return Account(user["id"], user["email"], {"Authorization": f"Bearer {token}"})

    return make_account


@pytest.fixture
def tracker_for(client: FlaskClient) -> Callable[[Account], Tracker]:
    """A `Tracker` for an account."""
    return lambda account: Tracker(client, account)


@pytest.fixture
def set_history(app: Flask) -> Callable[[int, list[datetime]], None]:
    """Date an application's history rows (oldest first) and its creation."""

    def set_history(application_id: int, moments: list[datetime]) -> None:
        with app.app_context():
            ids = db.session.scalars(
                text(
                    "SELECT id FROM application_status_changes "
                    "WHERE application_id = :id ORDER BY id"
                ),
                {"id": application_id},
            ).all()
            assert len(ids) == len(moments)
            for change_id, moment in zip(ids, moments, strict=True):
                db.session.execute(
                    text("UPDATE application_status_changes SET changed_at = :at WHERE id = :id"),
                    {"at": moment, "id": change_id},
                )
            db.session.execute(
                text("UPDATE applications SET created_at = :at WHERE id = :id"),
                {"at": moments[0], "id": application_id},
            )
            db.session.commit()

    return set_history


@pytest.fixture
def seed_applications(app: Flask) -> Callable[[int, int], None]:
    """Insert `count` applications (one job listing each, Applied then HR) for a user in SQL."""

    def seed(user_id: int, count: int) -> None:
        with app.app_context():
            db.session.execute(
                text(
                    """
                    WITH jobs AS (
                        INSERT INTO job_listings (user_id, company, position, description)
                        SELECT :user_id, 'Company ' || n, 'Role ' || n, 'Seeded'
                        FROM generate_series(1, :count) AS n
                        RETURNING id
                    ), apps AS (
                        INSERT INTO applications (user_id, job_id, status_id, applied_at, notes)
                        SELECT :user_id, id, 2, current_date - (id % 60)::int, 'seeded ' || id
                        FROM jobs
                        RETURNING id
                    )
                    INSERT INTO application_status_changes
                        (application_id, from_status_id, to_status_id)
                    SELECT id, NULL, 1 FROM apps
                    UNION ALL
                    SELECT id, 1, 2 FROM apps
                    """
                ),
                {"user_id": user_id, "count": count},
            )
            db.session.commit()

    return seed
