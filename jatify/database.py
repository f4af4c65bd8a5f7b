"""The app's pooled database connections, checked for life without a round trip.

SQLAlchemy's `pool_pre_ping` sends a `SELECT 1` on every checkout: a round trip on
every request. Instead, a connection is looked at when it leaves the pool: a server
that restarted or ended the backend has closed its end, so the socket is readable (EOF
or the server's goodbye) although no query is pending. Such a connection is discarded
and the pool hands out a new one; a live idle one costs a `select()` call and nothing
on the wire.
"""

from __future__ import annotations

import select
from typing import Any

from flask import Flask
from sqlalchemy import event, exc

from jatify.extensions import db


def closed_by_server(dbapi_connection: Any) -> bool:
    """Whether an idle psycopg2 connection was closed, or has input it never asked for."""
    if dbapi_connection.closed:
        return True
    readable, _, _ = select.select([dbapi_connection.fileno()], [], [], 0)
    return bool(readable)


def _check_alive(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    if closed_by_server(dbapi_connection):
        # The pool discards this connection and checks out a fresh one.
        raise exc.DisconnectionError("The database server closed this connection")


def init_app(app: Flask) -> None:
    """Check every connection the app's engine hands out."""
    with app.app_context():
        event.listen(db.engine, "checkout", _check_alive)
