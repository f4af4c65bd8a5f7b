"""The run's world: its parameters, the database (migrated, audited, seeded) and the
environment the workers start in."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import psycopg2
from flask import Flask

from jatify import create_app
from jatify.development import embedded_db
from tests.fakes.llm_server import FakeLLM

SECRET = "chaos-run-signing-key-0123456789-0123456789"
FAILURE_RATES = {"500": 0.10, "timeout": 0.05, "malformed": 0.03}

AUDIT_SQL = """
CREATE TABLE IF NOT EXISTS chaos_completions (
    analysis_id uuid NOT NULL,
    at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE OR REPLACE FUNCTION chaos_record_completion() RETURNS trigger AS $$
BEGIN
    INSERT INTO chaos_completions (analysis_id) VALUES (NEW.id);
    RETURN NEW;
END $$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS chaos_completion ON analyses;
CREATE TRIGGER chaos_completion AFTER UPDATE ON analyses
    FOR EACH ROW WHEN (NEW.status = 'done') EXECUTE FUNCTION chaos_record_completion();
"""


@dataclass
class ChaosParams:
    """What one run does."""

    analyses: int = 3000
    workers: int = 4
    kill_every_seconds: float = 1.0
    restart_database: bool = True
    max_attempts: int = 4
    time_limit_seconds: float = 600.0
    seed: int = 7


def prepare_database(params: ChaosParams, data_dir: Path) -> tuple[str, str]:
    """An embedded PostgreSQL in `data_dir`, migrated, with the completion audit trigger
    and `params.analyses` analyses requested; its URL and its DSN."""
    database_url = embedded_db.start(data_dir, "chaos", delete_on_exit=True)
    app = create_app(
        {
            "JATIFY_ENV": "testing",
            "DATABASE_URL": database_url,
            "JWT_SECRET_KEY": SECRET,
            "QUEUE_MAX_ATTEMPTS": params.max_attempts,
            # One account asks for thousands of analyses: the run is about the queue.
            "QUOTA_ANALYSES_PER_DAY": 0,
            "LOG_LEVEL": "warning",
        }
    )
    dsn = app.config["DATABASE_DSN"]
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    with psycopg2.connect(dsn) as connection, connection.cursor() as cursor:
        cursor.execute(AUDIT_SQL)
    seed(app, params.analyses)
    return database_url, dsn


def seed(app: Flask, count: int) -> None:
    """One user with enough resumes (text ready) and job listings for `count` pairs."""
    from jatify.extensions import db
    from jatify.models import JobListing, Resume, User
    from jatify.services.analyses import request_analysis

    jobs_count = 50
    resumes_count = -(-count // jobs_count)
    with app.app_context():
        user = User(email="chaos@example.com", name="Chaos", password_hash="x")
        db.session.add(user)
        db.session.flush()
        jobs = [
            JobListing(
                user_id=user.id,
                company=f"Company {n}",
                position="Backend Engineer",
                description="Python, PostgreSQL, Flask, Docker, Kubernetes and REST APIs.",
            )
            for n in range(jobs_count)
        ]
        resumes = [
            Resume(
                user_id=user.id,
                name=f"Resume {n}",
                filename=f"resume-{n}.txt",
                content_type="text/plain",
                size_bytes=100,
                sha256="0" * 64,
                text="Backend engineer: Python, Flask, PostgreSQL, Docker. Cut latency 40%.",
                text_status="ready",
            )
            for n in range(resumes_count)
        ]
        db.session.add_all(jobs + resumes)
        db.session.commit()
        pairs = [(r.id, j.id) for r in resumes for j in jobs][:count]
        user_id = user.id
        for resume_id, job_id in pairs:
            request_analysis(user_id, resume_id, job_id)
        db.session.remove()


def worker_env(database_url: str, fake: FakeLLM, params: ChaosParams) -> dict[str, str]:
    """The environment of worker.py for the run: short leases, fast retries."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        JATIFY_ENV="testing",
        JWT_SECRET_KEY=SECRET,
        WORKER_PROCESSES=str(params.workers),
        WORKER_POLL_SECONDS="1",
        WORKER_SHUTDOWN_GRACE="5",
        QUEUE_LEASE_SECONDS="3",
        QUEUE_RETRY_BASE_SECONDS="0.2",
        QUEUE_RETRY_MAX_SECONDS="2",
        QUEUE_MAX_ATTEMPTS=str(params.max_attempts),
        ANALYZER="llm",
        LLM_API_KEY="chaos-key",
        LLM_BASE_URL=fake.base_url,
        LLM_CONNECT_TIMEOUT_SECONDS="1",
        LLM_READ_TIMEOUT_SECONDS="1",
        LOG_LEVEL="warning",
    )
    return env
