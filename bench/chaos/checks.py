"""What the database says: progress while the run settles, then lost and doubly completed
work; and the recovery's requeue."""

from __future__ import annotations

import time

import psycopg2

from bench.chaos.report import ChaosReport


def fetch(dsn: str, query: str) -> list[tuple]:
    """Rows of `query` on a fresh connection, retried while the database is restarting."""
    for _ in range(150):
        connection = None
        try:
            connection = psycopg2.connect(dsn)
            with connection.cursor() as cursor:
                cursor.execute(query)
                return cursor.fetchall()
        except psycopg2.Error:
            time.sleep(0.2)
        finally:
            if connection is not None:
                connection.close()
    raise RuntimeError("the database did not come back")


def counts(dsn: str) -> dict[str, int]:
    """Analyses per status."""
    return dict(fetch(dsn, "SELECT status, count(*) FROM analyses GROUP BY status"))


def wait_settled(dsn: str, total: int, deadline: float, *, all_done: bool) -> dict[str, int]:
    """Poll until every analysis is done (or done/failed), or the deadline passes."""
    while True:
        status = counts(dsn)
        settled = status.get("done", 0) + (0 if all_done else status.get("failed", 0))
        if settled == total or time.monotonic() > deadline:
            return status
        time.sleep(0.5)


def check(dsn: str, report: ChaosReport) -> None:
    """Lost work, missing error history and double completions, read from the database."""
    with psycopg2.connect(dsn) as connection, connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FILTER (WHERE a.status NOT IN ('done', 'failed')),
                   count(*) FILTER (WHERE a.status = 'failed' AND d.id IS NULL),
                   count(*) FILTER (WHERE a.status = 'failed'
                                    AND jsonb_array_length(j.errors) < j.attempts)
            FROM analyses a
            JOIN queue_jobs j ON j.id = a.queue_job_id
            LEFT JOIN dead_letters d ON d.job_id = j.id AND d.requeued_at IS NULL
            """
        )
        report.stuck, failed_without_letter, report.dead_letters_missing_history = cursor.fetchone()
        report.lost = report.stuck + failed_without_letter
        cursor.execute(
            "SELECT count(*) FROM (SELECT analysis_id FROM chaos_completions"
            " GROUP BY analysis_id HAVING count(*) > 1) twice"
        )
        report.completed_twice = cursor.fetchone()[0]


def requeue_all(dsn: str) -> int:
    """Requeue every open dead letter, as `flask dlq requeue --all` does: how many went
    back (each analysis has its own dedupe key, so none is skipped as a duplicate)."""
    from jatify.queue import dlq

    with psycopg2.connect(dsn) as connection, connection.cursor() as cursor:
        return dlq.requeue(cursor, visible_to=None).requeued
