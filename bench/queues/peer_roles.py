"""The peer side: one role of procrastinate or pgqueuer, run by the peer virtualenv's python.

    <peer python> -m bench.queues.peer_roles SYSTEM ROLE DSN COUNT   (from the project root)

Imports nothing but the standard library and the peer's own packages: the peer
virtualenv has neither psycopg2 nor Jatify's requirements.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time


def peer_main(system: str, role: str, dsn: str, count: int) -> None:
    """One role of a peer system (setup, bulk enqueue, worker, latency enqueuer)."""
    if system == "procrastinate":
        asyncio.run(procrastinate_role(role, dsn, count))
    else:
        asyncio.run(pgqueuer_role(role, dsn, count))


async def procrastinate_role(role: str, dsn: str, count: int) -> None:
    """procrastinate: set up with `count` jobs, enqueue for latency, or work (drain or wait)."""
    import procrastinate

    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=dsn))

    @app.task(name="noop")
    async def noop() -> None:
        return None

    async with app.open_async():
        if role == "setup":
            connector = app.connector
            tables = await connector.execute_query_one_async(
                "SELECT to_regclass('procrastinate_jobs') IS NOT NULL AS present"
            )
            if not tables["present"]:
                await app.schema_manager.apply_schema_async()
            await connector.execute_query_async(
                "TRUNCATE procrastinate_jobs, procrastinate_events, procrastinate_workers CASCADE"
            )
            if count:
                for start in range(0, count, 1000):
                    await noop.batch_defer_async(*[{}] * min(1000, count - start))
        elif role == "latency":
            await enqueue_one_at_a_time(noop.defer_async, count)
        else:
            await app.run_worker_async(concurrency=1, wait=role == "worker", delete_jobs=None)


async def pgqueuer_role(role: str, dsn: str, count: int) -> None:
    """pgqueuer: set up with `count` jobs, enqueue for latency, or work (drain or wait,
    claiming 1 or, with a "-batched" role, 10 jobs at a time)."""
    import psycopg
    from pgqueuer import QueueManager
    from pgqueuer.db import PsycopgDriver
    from pgqueuer.queries import Queries
    from pgqueuer.types import QueueExecutionMode

    connection = await psycopg.AsyncConnection.connect(dsn, autocommit=True)
    driver = PsycopgDriver(connection)
    queries = Queries(driver)
    if role == "setup":
        installed = await connection.execute("SELECT to_regclass('pgqueuer') IS NOT NULL")
        if not (await installed.fetchone())[0]:
            await queries.install()
        await connection.execute("TRUNCATE pgqueuer, pgqueuer_log, pgqueuer_statistics")
        for start in range(0, count, 1000):
            size = min(1000, count - start)
            await queries.enqueue(["noop"] * size, [None] * size, [0] * size)
        return
    if role == "latency":

        async def enqueue_one() -> int:
            return (await queries.enqueue("noop", None))[0]

        await enqueue_one_at_a_time(enqueue_one, count)
        return
    manager = QueueManager(queries)

    @manager.entrypoint("noop")
    async def noop(_job: object) -> None:
        return None

    batch = 10 if role.endswith("batched") else 1
    mode = QueueExecutionMode.drain if role.startswith("drain") else QueueExecutionMode.continuous
    await manager.run(batch_size=batch, mode=mode)


async def enqueue_one_at_a_time(enqueue_one: object, count: int) -> None:
    """Enqueue `count` jobs 20 ms apart (idle workers each time); print [id, committed]."""
    samples = []
    for _ in range(count):
        job_id = await enqueue_one()
        samples.append([str(job_id), time.time()])
        await asyncio.sleep(0.02)
    print(json.dumps(samples))


if __name__ == "__main__":
    peer_main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))
