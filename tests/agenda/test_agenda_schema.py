"""Migration 0005's constraints and backfills: the database knows exactly the interview
kinds, outcomes and digest states of the code, and the follow-up clock's columns and
medians it fills for existing data equal what the services keep."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from enum import StrEnum

import pytest
from flask import Flask
from sqlalchemy import text

from jatify.config import PROJECT_ROOT
from jatify.extensions import db
from jatify.vocabulary import DigestState, InterviewKind, InterviewOutcome
from tests.agenda.conftest import APPLIED, HR_INTERVIEW, USER_INTERVIEW, WISHLIST, Seeker

CHECKS = [
    ("ck_interviews_kind", InterviewKind),
    ("ck_interviews_outcome", InterviewOutcome),
    ("ck_digest_deliveries_state", DigestState),
]


def migration_0005():
    path = PROJECT_ROOT / "migrations" / "versions" / "0005_interviews_tasks_calendar.py"
    spec = importlib.util.spec_from_file_location("migration_0005", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("name", "states"), CHECKS, ids=[name for name, _ in CHECKS])
def test_each_check_allows_exactly_the_enums_values(app: Flask, name: str, states: type[StrEnum]):
    with app.app_context():
        definition = db.session.scalar(
            text("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = :name"),
            {"name": name},
        )
    assert definition is not None, f"{name} is missing"
    assert set(re.findall(r"'([a-z_]+)'", definition)) == {state.value for state in states}


def test_the_backfills_match_what_the_services_keep(seeker: Seeker, sql: Callable):
    for company in ("Acme", "Acme", "Acme", "Globex", "Initech"):
        application_id = seeker.application(company)
        seeker.move(application_id, HR_INTERVIEW)
        seeker.move(application_id, USER_INTERVIEW)
    planned = seeker.application("Umbrella", status_id=WISHLIST)
    seeker.move(planned, APPLIED)
    clock = "SELECT id, first_change_at, status_changed_at FROM applications ORDER BY id"
    medians = "SELECT user_id, company_key, samples, days FROM follow_up_baselines ORDER BY 1, 2"
    kept = (sql(clock), sql(medians))
    assert len(kept[1]) == 4  # acme, globex, initech and all

    sql("UPDATE applications SET first_change_at = NULL, status_changed_at = NULL")
    sql("DELETE FROM follow_up_baselines")
    migration = migration_0005()
    sql(migration.BACKFILL_CLOCK)
    sql(migration.BACKFILL_BASELINES)

    assert (sql(clock), sql(medians)) == kept
