"""The database knows exactly the states the code knows (migration 0002's CHECKs)."""

from __future__ import annotations

import re
from enum import StrEnum

import pytest
from flask import Flask
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from jatify.extensions import db
from jatify.vocabulary import (
    AnalysisState,
    ContactRole,
    ImportState,
    JobState,
    TextError,
    TextState,
)

CHECKS = [
    ("ck_analyses_status", AnalysisState),
    ("ck_resumes_text_status", TextState),
    ("ck_resumes_text_error", TextError),
    ("ck_queue_jobs_status", JobState),
    ("ck_imports_status", ImportState),
    ("ck_application_contacts_role", ContactRole),
]


@pytest.mark.parametrize(("name", "states"), CHECKS, ids=[name for name, _ in CHECKS])
def test_each_check_allows_exactly_the_enums_values(app: Flask, name: str, states: type[StrEnum]):
    with app.app_context():
        definition = db.session.scalar(
            text("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = :name"),
            {"name": name},
        )
    assert definition is not None, f"{name} is missing"
    assert set(re.findall(r"'([a-z_]+)'", definition)) == {state.value for state in states}


def test_an_unknown_state_is_refused(app: Flask):
    with app.app_context():
        with pytest.raises(IntegrityError, match="ck_queue_jobs_status"):
            db.session.execute(
                text("INSERT INTO queue_jobs (kind, status) VALUES ('resume.extract', 'lost')")
            )
        db.session.rollback()
