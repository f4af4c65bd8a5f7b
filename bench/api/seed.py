"""The benchmark's database: a new migrated database with three large seeded accounts."""

from __future__ import annotations

import time

import psycopg2
from flask import Flask
from flask.testing import FlaskClient

from bench.common import migrated_database, run_sql
from jatify.fields import email_key

PASSWORD = "bench password 123"
SEEDED = ("owner@bench.example", "writer@bench.example", "other@bench.example")
IMPORTERS = ("import-small@bench.example", "import@bench.example", "import-idx@bench.example")

SEED_SQL = """
INSERT INTO job_listings (user_id, company, position, description, url, location, salary,
                          created_at, updated_at)
SELECT u.id, 'Company ' || n, 'Position ' || (n %% 37),
       'Description of job ' || n || repeat(' lorem ipsum', 40),
       'https://jobs.example/' || u.id || '/' || n, 'City ' || (n %% 20), (n %% 90) || 'k',
       now() - make_interval(days => n %% 365), now() - make_interval(days => n %% 365)
FROM generate_series(1, 1000) AS n CROSS JOIN unnest(%(users)s::bigint[]) AS u(id)
ORDER BY n, u.id;

INSERT INTO applications (user_id, job_id, status_id, notes, applied_at, created_at, updated_at)
SELECT u.id, j.ids[1 + n %% 1000],
       (ARRAY[1, 1, 1, 2, 2, 3, 4, 5, 6, 6, 7, 8, 9, 10])[1 + n %% 14],
       'Application note ' || n, current_date - (n %% 365),
       now() - make_interval(mins => n * 50), now() - make_interval(mins => n * 50 - 7)
FROM generate_series(1, 10000) AS n
CROSS JOIN unnest(%(users)s::bigint[]) AS u(id)
JOIN LATERAL (SELECT array_agg(id ORDER BY id) AS ids FROM job_listings
              WHERE user_id = u.id) AS j ON true
ORDER BY n, u.id;

INSERT INTO application_status_changes (application_id, from_status_id, to_status_id, changed_at)
SELECT id, NULL, CASE WHEN status_id = 9 THEN 9 ELSE 1 END, created_at FROM applications
UNION ALL
SELECT id, 1, status_id, created_at + make_interval(days => 2 + (id %% 20)::int)
FROM applications WHERE status_id NOT IN (1, 9)
ORDER BY 1, 2 NULLS FIRST;
"""


def prepare_database(admin_url: str, name: str) -> tuple[str, dict[str, int]]:
    """A new migrated database with the seeded accounts; its URL and user ids by email."""
    from werkzeug.security import generate_password_hash

    url = migrated_database(admin_url, name)
    started, password_hash = time.perf_counter(), generate_password_hash(PASSWORD)
    connection = psycopg2.connect(url)
    with connection, connection.cursor() as cursor:
        users = {}
        for email in SEEDED + IMPORTERS:
            cursor.execute(
                "INSERT INTO users (email, email_key, name, password_hash)"
                " VALUES (%s, %s, 'Bench', %s) RETURNING id",
                (email, email_key(email), password_hash),
            )
            users[email] = cursor.fetchone()[0]
        cursor.execute(SEED_SQL, {"users": [users[email] for email in SEEDED]})
    run_sql(url, "VACUUM ANALYZE")
    print(f"seeded in {time.perf_counter() - started:.1f}s")
    return url, users


def owner_client(url: str) -> tuple[Flask, FlaskClient, dict[str, str]]:
    """An in-process app on `url`, its test client and the seeded owner's auth headers."""
    from jatify import create_app

    app = create_app({"DATABASE_URL": url, "JWT_SECRET_KEY": "x" * 40, "LOG_LEVEL": "warning"})
    client = app.test_client()
    body = {"email": SEEDED[0], "password": PASSWORD}
    token = client.post("/api/auth/login", json=body).json["access_token"]
    return app, client, {"Authorization": f"Bearer {token}"}
