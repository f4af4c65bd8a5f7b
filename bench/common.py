"""What the benchmarks share: where their results go, and one-statement database calls."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg2
from psycopg2.extensions import connection as Connection

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def write_result(name: str, text: str) -> None:
    """Write bench/results/`name` (the folder is created if missing)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / name).write_text(text)


def write_json_result(name: str, data: Any) -> None:
    """Write `data` to bench/results/`name` as indented JSON ending in a newline."""
    write_result(name, json.dumps(data, indent=2) + "\n")


def connect(dsn: str) -> Connection:
    """A connection in autocommit mode: each statement is its own transaction."""
    connection = psycopg2.connect(dsn)
    connection.autocommit = True
    return connection


def run_sql(dsn: str, statement: str, params: Any = None) -> list[tuple]:
    """Run one statement outside a transaction; its rows, if any."""
    connection = connect(dsn)
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall() if cursor.description else []
    finally:
        connection.close()


def migrated_database(admin_url: str, name: str) -> str:
    """A new, empty database `name` (dropped first if it exists) on the server of
    `admin_url`, migrated to the head of Jatify's schema; its URL."""
    from flask_migrate import upgrade
    from psycopg2 import sql

    from jatify import create_app

    admin = connect(admin_url)
    with admin.cursor() as cursor:
        for statement in ("DROP DATABASE IF EXISTS {} WITH (FORCE)", "CREATE DATABASE {}"):
            cursor.execute(sql.SQL(statement).format(sql.Identifier(name)))
    admin.close()
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    with create_app({"DATABASE_URL": url, "JWT_SECRET_KEY": "x" * 40}).app_context():
        upgrade(revision="heads")
    return url
