"""The agenda benchmark's database: one large account and 10,000 small opted-in ones."""

from __future__ import annotations

import time
from datetime import date

import psycopg2

from bench.common import migrated_database, run_sql
from jatify.fields import email_key
from jatify.services.follow_ups import BACKFILL_SQL

PASSWORD = "bench password 123"
OWNER = "agenda-owner@bench.example"
EMPTY = "agenda-empty@bench.example"

# 1,000 listings at 300 companies, 10,000 applications with their history (a change two
# to twenty days after creation for those past Applied), 2,000 interviews within 60 days
# either side of now (one in ten cancelled), 5,000 tasks from 30 days back to 60 ahead
# (a third done). The follow-up clock's columns are filled as migration 0005 does.
OWNER_SQL = """
INSERT INTO job_listings (user_id, company, position, description, created_at, updated_at)
SELECT %(owner)s, 'Company ' || (n %% 300), 'Position ' || (n %% 37), 'Description ' || n,
       now() - make_interval(days => n %% 365), now() - make_interval(days => n %% 365)
FROM generate_series(1, 1000) AS n;

INSERT INTO applications (user_id, job_id, status_id, notes, applied_at, created_at, updated_at)
SELECT %(owner)s, j.ids[1 + n %% 1000],
       (ARRAY[1, 1, 1, 2, 2, 3, 4, 5, 6, 6, 7, 8, 9, 10])[1 + n %% 14], 'Note ' || n,
       current_date - (n %% 365), now() - make_interval(mins => n * 50),
       now() - make_interval(mins => n * 50 - 7)
FROM generate_series(1, 10000) AS n
CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM job_listings
            WHERE user_id = %(owner)s) AS j;

INSERT INTO application_status_changes (application_id, from_status_id, to_status_id, changed_at)
SELECT id, NULL, CASE WHEN status_id = 9 THEN 9 ELSE 1 END, created_at FROM applications
WHERE user_id = %(owner)s
UNION ALL
SELECT id, 1, status_id, created_at + make_interval(days => 2 + (id %% 20)::int)
FROM applications WHERE user_id = %(owner)s AND status_id NOT IN (1, 9);

UPDATE applications AS a
SET first_change_at = c.first_change_at, status_changed_at = c.status_changed_at
FROM (
    SELECT application_id,
           min(changed_at) FILTER (WHERE from_status_id <> 9) AS first_change_at,
           max(changed_at) AS status_changed_at
    FROM application_status_changes WHERE from_status_id IS NOT NULL GROUP BY application_id
) AS c
WHERE c.application_id = a.id;

INSERT INTO interviews (user_id, application_id, scheduled_at, duration_minutes, kind, location,
                        interviewers, notes, outcome)
SELECT %(owner)s, a.ids[1 + (n * 7) %% array_length(a.ids, 1)],
       date_trunc('hour', now()) + make_interval(hours => (n * 13) %% 2880 - 1440), 60,
       (ARRAY['phone', 'video', 'onsite', 'technical', 'take_home', 'other'])[1 + n %% 6],
       'https://meet.example/' || n, ARRAY['Dana', 'Fox'], 'Prepare story ' || n,
       CASE WHEN n %% 10 = 0 THEN 'cancelled' ELSE 'pending' END
FROM generate_series(1, 2000) AS n
CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM applications
            WHERE user_id = %(owner)s) AS a;

INSERT INTO tasks (user_id, application_id, title, notes, due_at, done, done_at)
SELECT %(owner)s, a.ids[1 + (n * 11) %% array_length(a.ids, 1)], 'Follow up ' || n,
       'Notes ' || n, date_trunc('hour', now()) + make_interval(hours => (n * 17) %% 2160 - 720),
       n %% 3 = 0, CASE WHEN n %% 3 = 0 THEN now() END
FROM generate_series(1, 5000) AS n
CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM applications
            WHERE user_id = %(owner)s) AS a;
"""

# Accounts that opted in to the digest, each with an interview on %(day)s at 10:00 UTC.
DIGEST_SQL = """
WITH people AS (
    -- The addresses are lower-case ASCII: each is its own email_key.
    INSERT INTO users (email, email_key, name, password_hash, timezone, email_digest)
    SELECT 'digest' || n || '@bench.example', 'digest' || n || '@bench.example',
           'Person ' || n, '!unusable', 'UTC', true
    FROM generate_series(1, %(accounts)s) AS n
    RETURNING id
), jobs AS (
    INSERT INTO job_listings (user_id, company, position, description)
    SELECT id, 'Acme ' || id, 'Engineer', 'Python' FROM people
    RETURNING id, user_id
), sent AS (
    INSERT INTO applications (user_id, job_id, status_id, applied_at)
    SELECT user_id, id, 1, %(day)s::date - 3 FROM jobs
    RETURNING id, user_id
)
INSERT INTO interviews (user_id, application_id, scheduled_at, kind)
SELECT user_id, id, (%(day)s::date + time '10:00') AT TIME ZONE 'UTC', 'video' FROM sent
"""


def prepare_database(admin_url: str, name: str, accounts: int, day: date) -> tuple[str, int]:
    """A new migrated database with the seeded accounts; its URL and the owner's id."""
    from werkzeug.security import generate_password_hash

    url = migrated_database(admin_url, name)
    started, password_hash = time.perf_counter(), generate_password_hash(PASSWORD)
    connection = psycopg2.connect(url)
    with connection, connection.cursor() as cursor:
        ids = []
        for email in (OWNER, EMPTY):
            cursor.execute(
                "INSERT INTO users (email, email_key, name, password_hash)"
                " VALUES (%s, %s, 'Bench', %s) RETURNING id",
                (email, email_key(email), password_hash),
            )
            ids.append(cursor.fetchone()[0])
        cursor.execute(OWNER_SQL, {"owner": ids[0]})
        cursor.execute(DIGEST_SQL, {"accounts": accounts, "day": day})
        cursor.execute(BACKFILL_SQL)  # the follow-up clock's medians, as migration 0005 does
    connection.close()
    run_sql(url, "VACUUM ANALYZE")
    print(f"seeded in {time.perf_counter() - started:.1f}s")
    return url, ids[0]
