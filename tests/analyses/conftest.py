"""Analysis fixtures: the resume fixtures, a realistic resume and job, a fake model endpoint."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from tests.fakes.llm_server import FakeLLM
from tests.resumes import conftest as resume_fixtures

# Fixtures shared with the resume tests.
make_job = resume_fixtures.make_job
run_handler = resume_fixtures.run_handler
upload = resume_fixtures.upload
user_id = resume_fixtures.user_id
worker_connection = resume_fixtures.worker_connection

LLM_KEY = "sk-test-0123456789abcdef-never-in-messages"

JOB = {
    "company": "Acme Payments",
    "position": "Senior Backend Engineer",
    "description": """\
We are looking for a Senior Backend Engineer to build our payments platform.

Requirements:
- 5+ years of experience building backend services in Python
- Strong PostgreSQL and SQL skills; experience with Redis
- Experience designing REST APIs with Flask or Django
- Docker and Kubernetes in production on AWS
- CI/CD and observability (Prometheus, Grafana)

Nice to have: Kafka, Terraform.
""",
}

RESUME_TEXT = """\
Jane Doe - Backend Engineer
jane@example.com

Summary
Backend engineer with 7 years of experience building payment services in Python.

Experience
Senior Software Engineer, Bolt Pay (2018 - 2025)
- Built a billing service in Python and Flask on PostgreSQL serving 2M requests a day
- Cut p99 latency by 40% with Redis caching and rewritten SQL queries
- Moved 30 services to Docker with GitHub Actions CI/CD on AWS
- Designed REST APIs used by 200 merchants

Skills
Python, Flask, Django, PostgreSQL, SQL, Redis, Docker, AWS, REST APIs, Git, Linux
"""


@pytest.fixture
def resume_with_text(
    upload: Callable[..., Any], sql: Callable[..., list[Any]]
) -> Callable[..., int]:
    """Upload a text resume for some headers and mark its text (default: ready)."""

    def resume_with_text(
        headers: dict[str, str],
        text: str = RESUME_TEXT,
        status: str = "ready",
        error: str | None = None,
    ) -> int:
        response = upload(headers, text.encode(), "jane.txt")
        assert response.status_code == 201, response.get_json()
        resume_id = response.get_json()["id"]
        sql(
            "UPDATE resumes SET text = :text, text_status = :status, text_error = :error"
            " WHERE id = :id",
            text=text if status == "ready" else None,
            status=status,
            error=error,
            id=resume_id,
        )
        return resume_id

    return resume_with_text


@pytest.fixture
def realistic_job(make_job: Callable[..., int]) -> Callable[[dict[str, str]], int]:
    """A realistic backend job listing for some headers."""

    def realistic_job(headers: dict[str, str]) -> int:
        return make_job(headers, **JOB)

    return realistic_job


@pytest.fixture
def llm_key() -> str:
    """The API key the fake endpoint is called with; no message may ever show it."""
    return LLM_KEY


@pytest.fixture
def llm_config(app: Flask, fake_llm: FakeLLM, llm_key: str) -> dict[str, Any]:
    """App settings pointing the analyzer at the fake endpoint with short timeouts."""
    return {
        **app.config,
        "ANALYZER": "llm",
        "LLM_API_KEY": llm_key,
        "LLM_BASE_URL": fake_llm.base_url,
        "LLM_MODEL": "fake/model-1",
        "LLM_CONNECT_TIMEOUT_SECONDS": 1.0,
        "LLM_READ_TIMEOUT_SECONDS": 0.5,
    }
