"""The follow-up clock: by when each active application should have had an answer.

Every application in a status that is neither terminal nor Wishlist carries a follow-up;
the others carry null. Its *expected wait* comes from the person's own history:

- a *sample* is one of the account's live applications that has had its first change
  (`first_change_at`: the first status change after creation that is not the sending
  itself, i.e. not a move out of Wishlist), and its *wait* is the whole days (UTC, as in
  the dashboard's statistics) from the applied date (`applied_at`, else the creation
  date) to that change, never below 0;
- the expected wait is the median wait, rounded up, of the samples of the same company
  (compared without case) when there are at least 3 (`basis: company`), else of all
  samples when there are at least 5 (`history`), else 14 days (`default`);
- the clock runs from the latest status change after creation (`status_changed_at`), or
  from the applied date when the status never changed: `expected_response_by` is that
  date plus the expected wait, and the follow-up is `overdue` once today is later;
  these dates are calendar days in the account's `timezone`.

The medians live in `follow_up_baselines` (per company, and '' for all), recomputed by
`refresh_baselines` in the transaction of every write that changes a sample, so a page
of applications reads two rows of it per application instead of every sample: the
clock costs no statement of its own (`FOLLOW_UP`, `account_clock`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Date,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    not_,
    select,
    text,
)
from sqlalchemy.orm import aliased

from jatify.extensions import db
from jatify.models import Application, FollowUpBaseline, JobListing, Status, User
from jatify.vocabulary import FollowUpBasis, StatusId

DEFAULT_WAIT_DAYS = 14
COMPANY_SAMPLES = 3
HISTORY_SAMPLES = 5
ALL_COMPANIES = ""
# pg_advisory_xact_lock's first key: this module's lock space.
LOCK_SPACE = 0x46555550

# Recomputing one account's medians (`refresh_baselines`), and migration 0005's backfill
# of every account's: each sample counts for its company and for '' (all companies).
_MEDIANS = """
SELECT {user}, groups.company_key, count(*),
       ceil(percentile_cont(0.5) WITHIN GROUP (ORDER BY samples.wait))::int
FROM (
    SELECT a.user_id, lower(j.company) AS company_key,
           GREATEST((a.first_change_at AT TIME ZONE 'UTC')::date
                    - COALESCE(a.applied_at, (a.created_at AT TIME ZONE 'UTC')::date), 0) AS wait
    FROM applications AS a JOIN job_listings AS j ON j.id = a.job_id
    WHERE a.deleted_at IS NULL AND a.first_change_at IS NOT NULL {only}
) AS samples
CROSS JOIN LATERAL (VALUES (samples.company_key), ('')) AS groups(company_key)
GROUP BY {group}
"""
REFRESH_STATEMENTS = (
    text("DELETE FROM follow_up_baselines WHERE user_id = :user_id"),
    text(
        "INSERT INTO follow_up_baselines (user_id, company_key, samples, days) "
        + _MEDIANS.format(
            user=":user_id", only="AND a.user_id = :user_id", group="groups.company_key"
        )
    ),
)
BACKFILL_SQL = "INSERT INTO follow_up_baselines (user_id, company_key, samples, days) " + (
    _MEDIANS.format(user="samples.user_id", only="", group="samples.user_id, groups.company_key")
)


def refresh_baselines(user_id: int) -> None:
    """Recompute the account's medians in the caller's transaction (no commit).

    A per-account advisory lock makes concurrent refreshes take turns; each then reads the
    samples committed so far, plus its own transaction's changes.
    """
    db.session.execute(
        select(func.pg_advisory_xact_lock(LOCK_SPACE, cast(user_id % 2**31, Integer)))
    )
    for statement in REFRESH_STATEMENTS:
        db.session.execute(statement, {"user_id": user_id})


# The clock's statements take the account as this bound parameter (and the digest's day
# as TODAY): they are built once, since building them costs more than running them.
ACCOUNT = bindparam("clock_user_id", type_=BigInteger)
TODAY = bindparam("clock_today", type_=Date)


def clock_params(user_id: int, today: date | None = None) -> dict[str, Any]:
    """The parameters of a statement carrying the clock."""
    params: dict[str, Any] = {"clock_user_id": user_id}
    if today is not None:
        params["clock_today"] = today
    return params


def account_zone(user: Any) -> ColumnElement[str]:
    """The account's time zone, as a scalar subquery (one primary-key read per statement)."""
    return select(User.timezone).where(User.id == user).scalar_subquery()


def local_date(instant: Any, zone: Any) -> ColumnElement[Any]:
    """The calendar day of a timestamptz in `zone`."""
    return cast(func.timezone(zone, instant), Date)


def today_in(zone: Any) -> ColumnElement[Any]:
    """Today's date in `zone`."""
    return local_date(func.now(), zone)


@dataclass(frozen=True)
class Clock:
    """The follow-up of one row, as SQL expressions over the columns it is given."""

    status_id: Any
    terminal: Any
    changed_at: Any
    applied_at: Any
    created_at: Any
    company_days: Any
    history_days: Any
    zone: Any
    today: Any

    @property
    def active(self) -> ColumnElement[bool]:
        """Whether the application has a follow-up (neither terminal nor Wishlist)."""
        return and_(not_(self.terminal), self.status_id != int(StatusId.WISHLIST))

    @property
    def days(self) -> ColumnElement[Any]:
        """The expected wait in days."""
        return func.coalesce(self.company_days, self.history_days, DEFAULT_WAIT_DAYS)

    @property
    def basis(self) -> ColumnElement[Any]:
        """Where the expected wait comes from."""
        return case(
            (self.company_days.is_not(None), literal(FollowUpBasis.COMPANY.value)),
            (self.history_days.is_not(None), literal(FollowUpBasis.HISTORY.value)),
            else_=literal(FollowUpBasis.DEFAULT.value),
        )

    @property
    def expected(self) -> ColumnElement[Any]:
        """The date by which an answer is expected."""
        since = func.coalesce(
            local_date(self.changed_at, self.zone),
            self.applied_at,
            local_date(self.created_at, self.zone),
        )
        return cast(since + self.days, Date)

    @property
    def json(self) -> ColumnElement[Any]:
        """The `follow_up` object (API.md), or NULL when the application has none."""
        expected = self.expected
        value = func.json_build_object(
            "expected_response_by",
            expected,
            "overdue",
            self.today > expected,
            "basis",
            self.basis,
            "days",
            self.days,
        )
        return case((self.active, value), else_=None).label("follow_up")


def _clock(company_days: Any, history_days: Any, today: Any) -> Clock:
    zone = account_zone(ACCOUNT)
    return Clock(
        status_id=Application.status_id,
        terminal=Status.is_terminal,
        changed_at=Application.status_changed_at,
        applied_at=Application.applied_at,
        created_at=Application.created_at,
        company_days=company_days,
        history_days=history_days,
        zone=zone,
        today=today_in(zone) if today is None else today,
    )


def _median(company_key: Any, minimum: int) -> ColumnElement[Any]:
    """The account's median wait for `company_key`: a primary-key read, NULL under
    `minimum` samples."""
    return (
        select(FollowUpBaseline.days)
        .where(
            FollowUpBaseline.user_id == ACCOUNT,
            FollowUpBaseline.company_key == company_key,
            FollowUpBaseline.samples >= minimum,
        )
        .scalar_subquery()
    )


# The `follow_up` column of a query over applications joined to their Status and
# JobListing, for a page of them (a few primary-key reads per row); params: clock_params.
FOLLOW_UP = _clock(
    _median(func.lower(JobListing.company), COMPANY_SAMPLES),
    _median(literal(ALL_COMPANIES), HISTORY_SAMPLES),
    None,
).json


def account_clock(today: Any = TODAY) -> tuple[Clock, Callable[[Select], Select]]:
    """The Clock of every application of an account at once (the agenda, the digest), and
    the join that brings its medians: a hash join on the account's few medians instead
    of reads per row. The query selects from Application joined to Status and JobListing."""
    at_company = aliased(FollowUpBaseline, name="company_wait")
    overall = aliased(FollowUpBaseline, name="history_wait")
    clock = _clock(
        case((at_company.samples >= COMPANY_SAMPLES, at_company.days), else_=None),
        case((overall.samples >= HISTORY_SAMPLES, overall.days), else_=None),
        today,
    )

    def join(query: Select) -> Select:
        return query.outerjoin(
            at_company,
            and_(
                at_company.user_id == ACCOUNT,
                at_company.company_key == func.lower(JobListing.company),
            ),
        ).outerjoin(overall, and_(overall.user_id == ACCOUNT, overall.company_key == ALL_COMPANIES))

    return clock, join


def record_status_change(application: Application, from_status_id: int, at: Any) -> None:
    """Keep the clock's columns with a status change after creation, made at `at`."""
    application.status_changed_at = at
    if application.first_change_at is None and from_status_id != StatusId.WISHLIST:
        application.first_change_at = at
