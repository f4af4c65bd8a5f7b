"""The auth benchmark's database: a new migrated database with many login accounts."""

from __future__ import annotations

from bench.common import migrated_database, run_sql

PASSWORD = "bench password 123"
ACCOUNTS = 20_000
# One PBKDF2 round instead of scrypt: the hash check is the same work with and without the
# limiter, and at scrypt's cost (tens of ms) it would drown the difference being measured.
CHEAP_HASH_METHOD = "pbkdf2:sha256:1"


def account_email(number: int) -> str:
    """The email of seeded account `number` (0 to ACCOUNTS - 1)."""
    return f"auth{number}@bench.example"


def prepare_database(admin_url: str, name: str) -> str:
    """A new migrated database holding ACCOUNTS accounts with PASSWORD; its URL."""
    from werkzeug.security import generate_password_hash

    url = migrated_database(admin_url, name)
    run_sql(
        url,
        "INSERT INTO users (email, email_key, name, password_hash) "
        "SELECT 'auth' || n || '@bench.example', 'auth' || n || '@bench.example', 'Bench', %s "
        "FROM generate_series(0, %s) AS n",
        (generate_password_hash(PASSWORD, method=CHEAP_HASH_METHOD), ACCOUNTS - 1),
    )
    run_sql(url, "VACUUM ANALYZE")
    return url
