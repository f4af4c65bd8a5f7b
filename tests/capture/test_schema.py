"""The capture tables as migration 0006 made them: the models' columns and indexes, and
CHECKs that allow exactly the vocabulary's states."""

from __future__ import annotations

import re
from enum import StrEnum

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from sqlalchemy import text

from jatify.extensions import db
from jatify.vocabulary import (
    CaptureError,
    CaptureMethod,
    CaptureSource,
    CaptureState,
    PostingStatus,
)

CHECKS = [
    ("ck_captures_status", CaptureState),
    ("ck_captures_error", CaptureError),
    ("ck_captures_method", CaptureMethod),
    ("ck_captures_source", CaptureSource),
    ("ck_job_listings_posting_status", PostingStatus),
]
OWN_TABLES = {"captures", "posting_snapshots"}
OWN_COLUMNS = {
    "posted_at",
    "valid_through",
    "employment_type",
    "posting_status",
    "posting_checked_at",
    "canonical_url",
}


@pytest.mark.parametrize(("name", "states"), CHECKS, ids=[name for name, _ in CHECKS])
def test_each_check_allows_exactly_the_enums_values(app: Flask, name: str, states: type[StrEnum]):
    with app.app_context():
        definition = db.session.scalar(
            text("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = :name"),
            {"name": name},
        )
    assert definition is not None, f"{name} is missing"
    assert set(re.findall(r"'([a-z_-]+)'", definition)) == {state.value for state in states}


def _mine(diff: tuple) -> bool:
    """Whether an autogenerate difference is about the capture tables or columns."""
    for item in diff if isinstance(diff, list) else [diff]:
        for part in item:
            table = getattr(part, "table", None)
            name = getattr(part, "name", None)
            if (
                getattr(part, "name", None) in OWN_TABLES
                or getattr(table, "name", None) in OWN_TABLES
            ):
                return True
            if name in OWN_COLUMNS or (isinstance(part, str) and part in OWN_COLUMNS):
                return True
            if isinstance(name, str) and ("canonical_url" in name or "posting_watch" in name):
                return True
    return False


def test_the_migration_builds_what_the_models_describe(app: Flask):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = [diff for diff in compare_metadata(context, db.metadata) if _mine(diff)]
    assert differences == []
