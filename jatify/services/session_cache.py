"""A per-process memory of live login sessions, so most requests check their token's
session without a database round trip, and logout still ends it everywhere at once.

Every change that ends a session (revoking it, deleting it or its account, truncating the
table) fires `pg_notify('jatify_sessions', ...)` from a trigger (migration 0007), so no
code path can forget to. Each process keeps one LISTEN connection and, before trusting
its memory, drains the notifications already waiting on that socket (a non-blocking
read, no round trip) and forgets the sessions they name. Only live sessions are
remembered. While the listener is not connected (not yet, or lost), nothing is trusted:
every check reads the database, and the memory is emptied when the listener reconnects,
since notifications may have been missed meanwhile.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import time
import uuid
from collections.abc import Callable
from typing import Any

import psycopg2

log = logging.getLogger(__name__)

CHANNEL = "jatify_sessions"
# The payload that empties every process's memory (TRUNCATE, or more sessions than one
# notification each).
EVERYONE = "*"
MAX_ENTRIES = 50_000
RECONNECT_SECONDS = 2.0


class SessionCache:
    """The live sessions this process has seen, kept true by NOTIFY."""

    def __init__(self, dsn: str) -> None:
        self._dsn = dsn
        self._live: dict[uuid.UUID, int] = {}
        self._connection: Any = None
        self._pid = 0
        self._next_attempt = 0.0

    def is_live(
        self, session_id: uuid.UUID, user_id: int, load: Callable[[uuid.UUID, int], bool]
    ) -> bool:
        """Whether the session is live: from memory when the listener vouches for it, else
        from `load` (the database), remembering a live answer."""
        listening, _ = self._drain()
        if listening and self._live.get(session_id) == user_id:
            return True
        live = load(session_id, user_id)
        if not (live and listening):
            return live
        # A notification that arrived while `load` ran may concern this very session: its
        # revocation may have committed after `load` read it as live.
        still_listening, seen = self._drain()
        if still_listening and not seen & {str(session_id), EVERYONE}:
            if len(self._live) >= MAX_ENTRIES:
                self._live.clear()
            self._live[session_id] = user_id
        return live

    def wait_until_ended(self, session_id: uuid.UUID, timeout_seconds: float = 0.5) -> None:
        """After ending a session, wait (briefly) for its notification to come back here.

        Every process listening is signalled at the same commit, so once this one has it,
        the others have it too, or within a moment: the caller's next request, on any
        process, finds the session forgotten.
        """
        deadline = time.monotonic() + timeout_seconds
        wanted = {str(session_id), EVERYONE}
        while True:
            listening, seen = self._drain()
            remaining = deadline - time.monotonic()
            if not listening or seen & wanted or remaining <= 0:
                return
            select.select([self._connection], [], [], remaining)

    def _drain(self) -> tuple[bool, set[str]]:
        """Apply the notifications waiting on the listener: (listening, payloads seen)."""
        if self._pid != os.getpid():
            # A forked child (a gunicorn worker) never shares its parent's connection.
            self._connection, self._pid, self._live = None, os.getpid(), {}
        if self._connection is None and not self._connect():
            return False, set()
        seen = set()
        try:
            self._connection.poll()
            notifies = self._connection.notifies
            while notifies:
                payload = notifies.pop(0).payload
                seen.add(payload)
                self._forget(payload)
        except (psycopg2.Error, OSError) as error:
            log.warning("session listener lost (%s); checking sessions in the database", error)
            self._disconnect()
            return False, seen
        return True, seen

    def _forget(self, payload: str) -> None:
        try:
            self._live.pop(uuid.UUID(payload), None)
        except ValueError:
            self._live.clear()  # EVERYONE, or anything else unexpected

    def _connect(self) -> bool:
        now = time.monotonic()
        if now < self._next_attempt:
            return False
        self._next_attempt = now + RECONNECT_SECONDS
        try:
            connection = psycopg2.connect(
                self._dsn,
                connect_timeout=2,
                application_name="jatify-session-listener",
                keepalives=1,
                keepalives_idle=10,
                keepalives_interval=5,
                keepalives_count=3,
            )
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(f"LISTEN {CHANNEL}")
        except psycopg2.Error as error:
            log.warning("session listener cannot connect (%s)", str(error).strip())
            return False
        self._connection = connection
        self._live.clear()
        return True

    def _disconnect(self) -> None:
        connection, self._connection = self._connection, None
        self._live.clear()
        if connection is not None:
            with contextlib.suppress(psycopg2.Error):
                connection.close()
