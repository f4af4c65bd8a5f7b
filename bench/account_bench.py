"""Account export and deletion benchmark (not part of the test suite): an account of 10,000
applications (10,000 listings, their history, 2,000 interviews, 5,000 tasks, 1,000
contacts, 10,000 notes, 2,000 analyses, 5 resumes of 200 KB) beside another account as
large. `GET /api/user/export` runs in a fresh process, timed, with its SQL statements
counted and the process's peak RSS read before and after; then `DELETE /api/user` of
that account, timed, with the other account's rows counted before and after.

    python bench/account_bench.py [--admin-url postgresql://postgres@127.0.0.1:5432/postgres]

Writes bench/results/account.json and bench/results/account.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

# `python bench/account_bench.py` puts bench/ first on the path; the package needs the root.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg2

from bench.common import ROOT, migrated_database, run_sql, write_json_result, write_result

PASSWORD = "bench password 123"
EMAILS = ("export-owner@bench.example", "bystander@bench.example")
RESUME_BYTES = 200_000

ACCOUNT_SQL = """
INSERT INTO job_listings (user_id, company, position, description)
SELECT %(owner)s, 'Company ' || (n %% 300), 'Position ' || (n %% 37),
       repeat('Python, Flask and PostgreSQL. ', 20) || n
FROM generate_series(1, 10000) AS n;

INSERT INTO applications (user_id, job_id, status_id, notes, applied_at, tags, source)
SELECT %(owner)s, id, (ARRAY[1, 2, 3, 4, 5, 6])[1 + id %% 6], 'Note ' || id,
       current_date - (id %% 365)::int, ARRAY['python', 'remote'], 'LinkedIn'
FROM job_listings WHERE user_id = %(owner)s;

INSERT INTO application_status_changes (application_id, from_status_id, to_status_id)
SELECT id, NULL, 1 FROM applications WHERE user_id = %(owner)s
UNION ALL
SELECT id, 1, status_id FROM applications WHERE user_id = %(owner)s AND status_id <> 1;

INSERT INTO interviews (user_id, application_id, scheduled_at, notes)
SELECT %(owner)s, id, now() + make_interval(hours => (id %% 1000)::int), 'Prepare ' || id
FROM applications WHERE user_id = %(owner)s AND id %% 5 = 0;

INSERT INTO tasks (user_id, application_id, title, due_at)
SELECT %(owner)s, id, 'Follow up ' || id, now() + make_interval(days => (id %% 30)::int)
FROM applications WHERE user_id = %(owner)s AND id %% 2 = 0;

INSERT INTO contacts (user_id, name, email, company)
SELECT %(owner)s, 'Person ' || n, 'p' || n || '@example.com', 'Company ' || n
FROM generate_series(1, 1000) AS n;

INSERT INTO application_notes (user_id, application_id, body)
SELECT %(owner)s, id, 'Called them about ' || id FROM applications WHERE user_id = %(owner)s;

WITH files AS (
    INSERT INTO resumes (user_id, name, filename, content_type, size_bytes, sha256, text,
                         text_status)
    SELECT %(owner)s, 'Resume ' || n, 'resume-' || n || '.txt', 'text/plain', %(size)s,
           repeat('0', 64), 'Python Flask PostgreSQL', 'ready'
    FROM generate_series(1, 5) AS n
    RETURNING id
)
INSERT INTO resume_files (resume_id, data)
SELECT id, convert_to(repeat('x', %(size)s), 'UTF8') FROM files;

INSERT INTO analyses (id, user_id, resume_id, job_id, status, result, provider, model)
SELECT gen_random_uuid(), %(owner)s, r.id, j.id, 'done',
       jsonb_build_object('score', 70, 'summary', 'A good match', 'matched_keywords',
                          jsonb_build_array('Python'), 'missing_keywords', jsonb_build_array(),
                          'strengths', jsonb_build_array(), 'weaknesses', jsonb_build_array(),
                          'suggestions', jsonb_build_array()),
       'builtin', 'builtin-1'
FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM job_listings
      WHERE user_id = %(owner)s LIMIT 2000) AS j
JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM resumes
      WHERE user_id = %(owner)s) AS r ON r.n = j.n %% 5;
"""

# Run in a fresh interpreter: the export's time, statements and memory, as JSON. The
# peak (VmHWM) is reset just before the export (Linux: "5" in /proc/self/clear_refs), so
# it is the export's own peak, not the imports' or the login's.
CHILD = """
import json, sys, time
from pathlib import Path
from sqlalchemy import event
from jatify import create_app
from jatify.extensions import db

def status_mib(field):
    line = next(l for l in Path("/proc/self/status").read_text().splitlines()
                if l.startswith(field + ":"))
    return round(int(line.split()[1]) / 1024, 1)

url, email, password = sys.argv[1:4]
app = create_app({"DATABASE_URL": url, "JWT_SECRET_KEY": "x" * 40, "LOG_LEVEL": "warning"})
client = app.test_client()
token = client.post("/api/auth/login", json={"email": email, "password": password}).json
headers = {"Authorization": "Bearer " + token["access_token"]}
with app.app_context():
    engine = db.engine
statements = []
event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
Path("/proc/self/clear_refs").write_text("5")
before = status_mib("VmRSS")
started = time.perf_counter()
response = client.get("/api/user/export", headers=headers)
seconds = time.perf_counter() - started
assert response.status_code == 200, response.status_code
print(json.dumps({
    "seconds": round(seconds, 2),
    "zip_bytes": len(response.data),
    "statements": len(statements),
    "rss_before_mib": before,
    "peak_rss_mib": status_mib("VmHWM"),
}))
"""


def prepare_database(admin_url: str, name: str) -> tuple[str, list[int]]:
    """A new migrated database with the two seeded accounts; its URL and their ids."""
    from werkzeug.security import generate_password_hash

    from jatify.fields import email_key

    url = migrated_database(admin_url, name)
    started, password_hash = time.perf_counter(), generate_password_hash(PASSWORD)
    connection = psycopg2.connect(url)
    ids = []
    with connection, connection.cursor() as cursor:
        for email in EMAILS:
            cursor.execute(
                "INSERT INTO users (email, email_key, name, password_hash)"
                " VALUES (%s, %s, 'Bench', %s) RETURNING id",
                (email, email_key(email), password_hash),
            )
            ids.append(cursor.fetchone()[0])
            cursor.execute(ACCOUNT_SQL, {"owner": ids[-1], "size": RESUME_BYTES})
    connection.close()
    run_sql(url, "VACUUM ANALYZE")
    print(f"seeded in {time.perf_counter() - started:.1f}s")
    return url, ids


def measure_export(url: str) -> dict[str, Any]:
    """The export of the large account, in a fresh process."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, url, EMAILS[0], PASSWORD],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def rows_of(url: str, user_id: int) -> int:
    """Rows of the main tables that belong to the account."""
    tables = ("job_listings", "applications", "interviews", "tasks", "application_notes")
    query = " + ".join(f"(SELECT count(*) FROM {t} WHERE user_id = %(id)s)" for t in tables)
    return run_sql(url, f"SELECT {query}", {"id": user_id})[0][0]


def measure_deletion(url: str, ids: list[int]) -> dict[str, Any]:
    """DELETE /api/user of the large account, in process."""
    from jatify import create_app

    app = create_app({"DATABASE_URL": url, "JWT_SECRET_KEY": "x" * 40, "LOG_LEVEL": "warning"})
    client = app.test_client()
    body = {"email": EMAILS[0], "password": PASSWORD}
    token = client.post("/api/auth/login", json=body).json["access_token"]
    bystander = rows_of(url, ids[1])
    started = time.perf_counter()
    response = client.delete(
        "/api/user", json={"password": PASSWORD}, headers={"Authorization": f"Bearer {token}"}
    )
    seconds = time.perf_counter() - started
    assert response.status_code == 204, response.get_data()
    assert rows_of(url, ids[1]) == bystander
    return {"seconds": round(seconds, 2), "left": rows_of(url, ids[0]), "bystander": bystander}


def markdown(results: dict[str, Any]) -> str:
    """The results as a short report."""
    export, deletion = results["export"], results["deletion"]
    return (
        "# Account export and deletion benchmark\n\n"
        f"Export of 10,000 applications: {export['seconds']} s, {export['zip_bytes']:,} bytes "
        f"zipped, {export['statements']} statements; peak RSS {export['peak_rss_mib']} MiB "
        f"(the process was at {export['rss_before_mib']} MiB before).\n\n"
        f"Deletion of that account: {deletion['seconds']} s; rows left {deletion['left']}; "
        f"the other account's {deletion['bystander']:,} rows untouched.\n"
    )


def main() -> None:
    """Seed, measure, write the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--database", default="jatify_account_bench")
    args = parser.parse_args()
    url, ids = prepare_database(args.admin_url, args.database)
    results = {"export": measure_export(url), "deletion": measure_deletion(url, ids)}
    write_json_result("account.json", results)
    write_result("account.md", markdown(results))
    print(markdown(results))


if __name__ == "__main__":
    main()
