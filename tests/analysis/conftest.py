"""Fixtures of the analysis tests: a fake model endpoint, a job listing and a resume."""

from __future__ import annotations

import pytest

from jatify.analysis import ChatCompletionsAnalyzer, JobPosting
from tests.fakes.llm_server import FakeLLM

API_KEY = "sk-or-v1-test-0123456789abcdef-never-shown"

JOB_DESCRIPTION = """\
About Acme
Acme builds payment infrastructure for small businesses. Our payments platform processes \
millions of payments every day.

What you'll do:
- Design and build backend services in Python and Go that move money reliably
- Own our PostgreSQL schemas and queries; keep payments latency low
- Run services on Kubernetes in AWS, with Terraform for infrastructure
- Work with Product and Design on new payments features

Requirements:
- 5+ years of professional software engineering experience
- Strong Python and SQL skills
- Experience with Postgres, Redis and REST APIs
- Experience with k8s and Docker
- Familiarity with CI/CD and observability (Prometheus, Grafana)
- Strong communication skills

Nice to have:
- Experience with Kafka or RabbitMQ
- Knowledge of GraphQL
- Experience with Stripe or Adyen

Benefits:
- Remote-friendly, 30 days PTO, Berlin office
"""

RESUME_TEXT = """\
Jane Doe
Backend Engineer - jane@example.com - +1 555 010 2030

Summary
Backend engineer with 6 years of experience building payment and billing services in Python.

Experience
Payments Engineer, Bolt Pay (2019 - 2024)
- Built a billing service in Python and Django on PostgreSQL serving 2M requests a day
- Cut p99 API latency by 40% by adding Redis caching and rewriting hot SQL queries
- Moved 30 services to Docker and GitHub Actions CI/CD, cutting deploy time from 40 to 8 minutes
- Mentored 3 junior engineers

Software Engineer, Shopfront (2017 - 2019)
- Wrote REST APIs in Flask and JavaScript dashboards with React
- Ran on-call for a team of 6

Skills
Python, Django, Flask, PostgreSQL, Redis, SQL, Docker, GitHub Actions, JavaScript, React, Git
"""


@pytest.fixture
def api_key() -> str:
    """The key the analyzer sends; it must never show up in a message, repr or log."""
    return API_KEY


@pytest.fixture
def job() -> JobPosting:
    """A realistic backend job listing with required and nice-to-have sections."""
    return JobPosting("Acme", "Senior Backend Engineer", JOB_DESCRIPTION)


@pytest.fixture
def resume_text() -> str:
    """A realistic resume that covers part of the listing."""
    return RESUME_TEXT


@pytest.fixture
def analyzer(fake_llm: FakeLLM) -> ChatCompletionsAnalyzer:
    """A model analyzer pointed at the fake endpoint, with short timeouts."""
    return ChatCompletionsAnalyzer(
        fake_llm.base_url,
        API_KEY,
        "fake/resume-model",
        connect_timeout=1,
        read_timeout=2,
        max_tokens=700,
    )
