"""Liveness and readiness probes (outside /api, no authentication)."""

from __future__ import annotations

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Blueprint, current_app
from sqlalchemy.exc import SQLAlchemyError

from jatify.api.errors import envelope
from jatify.extensions import db
from jatify.vocabulary import ErrorCode

blp = Blueprint("health", __name__)


@blp.get("/healthz")
def get_health() -> dict:
    """200 while the process runs."""
    return {"status": "ok"}


@blp.get("/readyz")
def get_readiness() -> object:
    """200 when the database answers and its migrations are current, else 503."""
    try:
        with db.engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_heads()
    except SQLAlchemyError:
        db.session.rollback()
        return envelope(503, ErrorCode.UNAVAILABLE, "The database is not reachable")
    script = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())
    if set(current) != set(script.get_heads()):
        return envelope(503, ErrorCode.UNAVAILABLE, "Database migrations are not current")
    return {"status": "ready", "database": "ok", "migrations": sorted(current)}
