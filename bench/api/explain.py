"""EXPLAIN (ANALYZE, BUFFERS) of the list, stats and import duplicate-check queries."""

from __future__ import annotations

from typing import Any

from bench.api.load import LIST_PATH
from bench.api.seed import owner_client
from bench.common import run_sql, write_result


def explain_routes(url: str) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of the statements the app runs for list and stats."""
    from sqlalchemy import event

    from jatify.extensions import db

    app, client, headers = owner_client(url)
    for name, path in (("list", LIST_PATH), ("stats", "/api/applications/stats")):
        captured: list[tuple[str, Any]] = []

        def record(_c: Any, _cur: Any, statement: str, params: Any, *_a: Any) -> None:
            captured.append((statement, params))  # noqa: B023 - one listener per route

        with app.app_context():
            event.listen(db.engine, "before_cursor_execute", record)
            assert client.get(path, headers=headers).status_code == 200
            event.remove(db.engine, "before_cursor_execute", record)
        plans = [explain(url, statement, params) for statement, params in captured
                 if "FROM applications" in statement or "FROM (SELECT" in statement]  # fmt: skip
        write_result(f"explain_{name}.txt", "\n".join(plans))


def explain(url: str, statement: str, params: Any) -> str:
    """The statement, its parameters and its EXPLAIN (ANALYZE, BUFFERS)."""
    rows = run_sql(url, "EXPLAIN (ANALYZE, BUFFERS) " + statement, params)
    plan = "\n".join(row[0] for row in rows)
    shown = {k: f"<{len(v)} values>" if isinstance(v, list) and len(v) > 10 else v
             for k, v in (params or {}).items()}  # fmt: skip
    return f"-- statement\n{statement.strip()}\n-- parameters: {shown}\n{plan}\n"


def explain_duplicate_check(url: str, user_id: int, label: str) -> str:
    """EXPLAIN of the import's duplicate check for 1,000 keys of a 100,000-row account."""
    from sqlalchemy.dialects import postgresql

    from jatify.services.transfer.importer import EXISTING_KEYS_SQL

    rows = run_sql(url, "SELECT job_id, applied_at, status_id, md5(COALESCE(notes, '')) "
                   "FROM applications WHERE user_id = %s ORDER BY id LIMIT 1000 OFFSET 50000",
                   (user_id,))  # fmt: skip
    columns = list(zip(*rows, strict=True))
    params = {"user_id": user_id, "job_ids": list(columns[0]), "applied": list(columns[1]),
              "status_ids": list(columns[2]), "notes_md5": list(columns[3])}  # fmt: skip
    statement = str(EXISTING_KEYS_SQL.compile(dialect=postgresql.dialect()))
    return f"-- {label}\n" + explain(url, statement, params)


def explain_import_duplicates(url: str, user_id: int) -> None:
    """The duplicate check's plans for `user_id` before and after ANALYZE; written to
    explain_import_duplicates.txt."""
    # First with the statistics the imports planned with (taken before they ran).
    label = "before ANALYZE: statistics from before the imports"
    plans = [explain_duplicate_check(url, user_id, label)]
    run_sql(url, "ANALYZE applications")
    plans.append(explain_duplicate_check(url, user_id, "current indexes"))
    write_result("explain_import_duplicates.txt", "\n".join(plans))
