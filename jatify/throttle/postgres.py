"""A storage backend for the `limits` library in PostgreSQL's UNLOGGED table rate_limits.

Every web process of every host counts in the same rows, so a limit holds however many
gunicorn workers answer. Each counter is one row `(key, count, expires_at)`: a fixed
window that starts with its first hit. The statements run on connections of their own
(autocommit), never in a request's transaction, so a hit counts even when the request's
work is rolled back. Expired rows are deleted now and then, a bounded batch at a time.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Mapping
from typing import Any

import psycopg2
from limits.storage import Storage
from psycopg2.extensions import connection as Connection

# Add `amount` to the counter of `key`, or start it afresh when its window has run out,
# in one statement: concurrent hits wait on the row's lock and each counts exactly once.
INCREMENT = """
INSERT INTO rate_limits AS counter (key, count, expires_at)
VALUES (%(key)s, %(amount)s, now() + make_interval(secs => %(expiry)s))
ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN counter.expires_at > now()
                 THEN counter.count + EXCLUDED.count ELSE EXCLUDED.count END,
    expires_at = CASE WHEN counter.expires_at > now()
                      THEN counter.expires_at ELSE EXCLUDED.expires_at END
RETURNING count
"""
# The count of a live window (an expired row counts as nothing).
COUNT = "SELECT count FROM rate_limits WHERE key = %(key)s AND expires_at > now()"
# When a live window ends, in seconds since the epoch.
EXPIRY = """
SELECT extract(epoch FROM expires_at) FROM rate_limits
WHERE key = %(key)s AND expires_at > now()
"""
CLEAR = "DELETE FROM rate_limits WHERE key = %(key)s"
CLEAR_ALL = "DELETE FROM rate_limits"
# Up to `batch` expired rows. The outer condition is checked again on a row that an
# INCREMENT renewed meanwhile, so a counter restarted by a concurrent hit is kept.
SWEEP = """
DELETE FROM rate_limits WHERE expires_at <= now() AND key IN (
    SELECT key FROM rate_limits WHERE expires_at <= now() LIMIT %(batch)s
)
"""

POOL_SIZE = 4
CONNECT_TIMEOUT_SECONDS = 5
APPLICATION_NAME = "jatify-throttle"
SWEEP_EVERY_SECONDS = 60.0
SWEEP_BATCH = 1000


class ConnectionPool:
    """Up to POOL_SIZE autocommit connections to one database, shared by a process's
    threads; a caller waits for a free one rather than failing."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self.pid = os.getpid()
        self._slots = threading.BoundedSemaphore(POOL_SIZE)
        self._lock = threading.Lock()
        self._idle: list[Connection] = []

    def run(self, statement: str, params: Mapping[str, Any]) -> tuple[list[tuple], int]:
        """Run one statement: its rows (if any) and the number of rows it touched.

        An idle connection may have died with a database restart; the statement is then
        tried once more on a new connection.
        """
        with self._slots:
            with self._lock:
                connection = self._idle.pop() if self._idle else None
            reused = connection is not None
            if connection is None:
                connection = self._connect()
            try:
                result = _execute(connection, statement, params)
            except (psycopg2.OperationalError, psycopg2.InterfaceError):
                connection.close()
                if not reused:
                    raise
                connection = self._connect()
                try:
                    result = _execute(connection, statement, params)
                except psycopg2.Error:
                    connection.close()
                    raise
            except psycopg2.Error:
                connection.close()
                raise
            with self._lock:
                self._idle.append(connection)
            return result

    def _connect(self) -> Connection:
        connection = psycopg2.connect(
            self.dsn, connect_timeout=CONNECT_TIMEOUT_SECONDS, application_name=APPLICATION_NAME
        )
        connection.autocommit = True
        return connection


def _execute(
    connection: Connection, statement: str, params: Mapping[str, Any]
) -> tuple[list[tuple], int]:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return (cursor.fetchall() if cursor.description else []), cursor.rowcount


_pools: dict[str, ConnectionPool] = {}
_pools_lock = threading.Lock()


def pool_for(dsn: str) -> ConnectionPool:
    """This process's pool for `dsn`, made on first use; a forked child makes its own
    (the parent's sockets are left alone, never closed from the child)."""
    with _pools_lock:
        pool = _pools.get(dsn)
        if pool is None or pool.pid != os.getpid():
            pool = _pools[dsn] = ConnectionPool(dsn)
        return pool


class PostgresStorage(Storage):
    """Fixed-window counters in rate_limits, for `limits` and flask-limiter.

    Its URI is `jatify+postgresql://`; the database comes as the `dsn` option (a libpq URL
    or key=value string), so a DSN that is no URL works too.
    """

    STORAGE_SCHEME = ["jatify+postgresql"]

    def __init__(
        self, uri: str | None = None, wrap_exceptions: bool = False, *, dsn: str, **_: Any
    ) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions)
        self._dsn = dsn
        self._next_sweep = time.monotonic() + SWEEP_EVERY_SECONDS

    @property
    def base_exceptions(self) -> type[Exception]:
        """What the driver raises, wrapped in limits' StorageError when asked to."""
        return psycopg2.Error

    def _run(self, statement: str, **params: Any) -> tuple[list[tuple], int]:
        return pool_for(self._dsn).run(statement, params)

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        """Add `amount` to the counter, starting a window of `expiry` seconds when there is
        none; the new count."""
        rows, _ = self._run(INCREMENT, key=key, amount=amount, expiry=float(expiry))
        if time.monotonic() >= self._next_sweep:
            self._next_sweep = time.monotonic() + SWEEP_EVERY_SECONDS
            self._run(SWEEP, batch=SWEEP_BATCH)
        return int(rows[0][0])

    def get(self, key: str) -> int:
        """The counter's value in its live window, 0 when there is none."""
        rows, _ = self._run(COUNT, key=key)
        return int(rows[0][0]) if rows else 0

    def get_expiry(self, key: str) -> float:
        """When the counter's window ends (now when there is none), in epoch seconds."""
        rows, _ = self._run(EXPIRY, key=key)
        return float(rows[0][0]) if rows else time.time()

    def check(self) -> bool:
        """Whether the database answers."""
        try:
            self._run("SELECT 1")
        except psycopg2.Error:
            return False
        return True

    def reset(self) -> int | None:
        """Forget every counter; how many there were."""
        _, deleted = self._run(CLEAR_ALL)
        return deleted

    def clear(self, key: str) -> None:
        """Forget one counter."""
        self._run(CLEAR, key=key)
