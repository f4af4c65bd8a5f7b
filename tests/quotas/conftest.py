"""Quota fixtures: an app with small quotas (and one with none), accounts and their records.

The apps share the suite's database; accounts are made by the suite's `quick_headers`.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server
from werkzeug.test import TestResponse

from jatify import create_app
from tests.resumes import conftest as resume_fixtures

make_job = resume_fixtures.make_job
user_id = resume_fixtures.user_id

QUOTAS = {"QUOTA_ANALYSES_PER_DAY": 2, "QUOTA_STORAGE_BYTES": 1000, "QUOTA_CAPTURES_PER_DAY": 1}
NO_QUOTAS = dict.fromkeys(QUOTAS, 0)
POSTING = "Backend Engineer at Acme Payments. Python, PostgreSQL and Flask; remote in Europe."


def text_file(size: int) -> bytes:
    """A plain-text resume of exactly `size` bytes."""
    return ("Jane Doe, backend engineer: Python, Flask, PostgreSQL. " * (size // 50 + 1))[
        :size
    ].encode()


@pytest.fixture(scope="module")
def quota_app(app: Flask, app_config: dict[str, Any]) -> Flask:
    """The app with 2 analyses and 1 capture a day, and 1000 bytes of resumes."""
    return create_app({**app_config, **QUOTAS})


@pytest.fixture(scope="module")
def unlimited_app(app: Flask, app_config: dict[str, Any]) -> Flask:
    """The app with every quota off (0)."""
    return create_app({**app_config, **NO_QUOTAS})


@pytest.fixture
def quota_client(quota_app: Flask) -> FlaskClient:
    """A test client of the small-quota app."""
    return quota_app.test_client()


@pytest.fixture(scope="module")
def quota_server(quota_app: Flask) -> Iterator[str]:
    """The small-quota app over real HTTP, one thread per request (concurrency tests)."""
    server = make_server("127.0.0.1", 0, quota_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def upload_to() -> Callable[..., TestResponse]:
    """POST a plain-text resume of `size` bytes through a client."""

    def upload_to(client: FlaskClient, headers: dict[str, str], size: int) -> TestResponse:
        body = {"file": (io.BytesIO(text_file(size)), "resume.txt")}
        return client.post(
            "/api/resumes", data=body, headers=headers, content_type="multipart/form-data"
        )

    return upload_to


@pytest.fixture
def analyze(quota_client: FlaskClient) -> Callable[..., TestResponse]:
    """Ask the small-quota app for an analysis of a resume against a job listing."""

    def analyze(headers: dict[str, str], resume_id: int, job_id: int) -> TestResponse:
        return quota_client.post(
            f"/api/resumes/{resume_id}/analyze", json={"job_id": job_id}, headers=headers
        )

    return analyze


@pytest.fixture
def resume_of(upload_to: Callable[..., TestResponse]) -> Callable[..., int]:
    """A small resume of the account behind some headers, uploaded through `client`."""

    def resume_of(client: FlaskClient, headers: dict[str, str]) -> int:
        response = upload_to(client, headers, 300)
        assert response.status_code == 201, response.get_json()
        return response.get_json()["id"]

    return resume_of


@pytest.fixture
def add_analysis(sql: Callable[..., list[Any]]) -> Callable[..., None]:
    """Insert a finished analysis as a model would leave it (or as told), made `ago`."""

    def add_analysis(
        user_id: int,
        resume_id: int,
        job_id: int,
        *,
        provider: str = "openrouter",
        tokens: tuple[int | None, int | None] = (1000, 200),
        cost: str | None = "0.25",
        ago: str = "0 seconds",
    ) -> None:
        sql(
            "INSERT INTO analyses (id, user_id, resume_id, job_id, status, provider, model,"
            " prompt_tokens, completion_tokens, cost_usd, created_at, finished_at)"
            " VALUES (gen_random_uuid(), :user_id, :resume_id, :job_id, 'done', :provider, 'm',"
            " :prompt, :completion, CAST(:cost AS numeric), now() - CAST(:ago AS interval),"
            " now() - CAST(:ago AS interval))",
            user_id=user_id,
            resume_id=resume_id,
            job_id=job_id,
            provider=provider,
            prompt=tokens[0],
            completion=tokens[1],
            cost=cost,
            ago=ago,
        )

    return add_analysis


def assert_quota_exceeded(response: TestResponse, quota: str, limit: int, used: int) -> None:
    """429 quota_exceeded with the quota's details."""
    assert response.status_code == 429, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "quota_exceeded"
    assert error["details"] == {"quota": quota, "limit": limit, "used": used}
    assert error["message"]
