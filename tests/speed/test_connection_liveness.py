"""Pooled connections are checked for life at checkout without a query (jatify.database).

That a connection the server closed is replaced before a request uses it is
tests/api/test_database_outage.py's restart test (it fails without the check)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from jatify.extensions import db


def test_a_live_connection_costs_no_round_trip_at_checkout(
    app: Flask, client: FlaskClient, auth_headers: dict[str, str], monkeypatch
) -> None:
    with app.app_context():
        dialect = db.engine.dialect
    pings: list[object] = []
    real_ping = dialect.do_ping
    monkeypatch.setattr(dialect, "do_ping", lambda conn: pings.append(conn) or real_ping(conn))
    for _ in range(3):
        assert client.get("/api/applications/stats", headers=auth_headers).status_code == 200
    assert pings == []
