"""Interviews, tasks, the calendar feed, the daily digest and the periodic scheduler.

- `interviews` and `tasks` per application (instants in UTC), each with a stable `uid`
  for its calendar event;
- `calendar_feeds`: one private, rotatable feed secret per account;
- `digest_deliveries`: at most one digest email per account and day;
- `scheduled_runs`: the newest period each periodic job was enqueued for;
- users gain `timezone` (IANA name, default UTC) and `email_digest`;
- applications gain `first_change_at` and `status_changed_at` for the follow-up clock,
  filled here from their history, and `follow_up_baselines` holds each account's median
  waits, computed here for the accounts there are.

The states are frozen here as they are in `jatify.vocabulary` today.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

INTERVIEW_KINDS = ("phone", "video", "onsite", "technical", "take_home", "other")
INTERVIEW_OUTCOMES = ("pending", "passed", "failed", "cancelled")
DIGEST_STATES = ("pending", "sending", "sent", "empty", "unknown", "failed")
WISHLIST = 9

# The first change that is not the sending (leaving Wishlist), and the latest change,
# of every application's history; creation (from_status_id NULL) is neither.
BACKFILL_CLOCK = f"""
UPDATE applications AS a
SET first_change_at = c.first_change_at, status_changed_at = c.status_changed_at
FROM (
    SELECT application_id,
           min(changed_at) FILTER (WHERE from_status_id <> {WISHLIST}) AS first_change_at,
           max(changed_at) AS status_changed_at
    FROM application_status_changes
    WHERE from_status_id IS NOT NULL
    GROUP BY application_id
) AS c
WHERE c.application_id = a.id
"""

# Every account's median wait per company and overall (company_key ''), as
# services.follow_ups.refresh_baselines computes one account's.
BACKFILL_BASELINES = """
INSERT INTO follow_up_baselines (user_id, company_key, samples, days)
SELECT samples.user_id, groups.company_key, count(*),
       ceil(percentile_cont(0.5) WITHIN GROUP (ORDER BY samples.wait))::int
FROM (
    SELECT a.user_id, lower(j.company) AS company_key,
           GREATEST((a.first_change_at AT TIME ZONE 'UTC')::date
                    - COALESCE(a.applied_at, (a.created_at AT TIME ZONE 'UTC')::date), 0) AS wait
    FROM applications AS a JOIN job_listings AS j ON j.id = a.job_id
    WHERE a.deleted_at IS NULL AND a.first_change_at IS NOT NULL
) AS samples
CROSS JOIN LATERAL (VALUES (samples.company_key), ('')) AS groups(company_key)
GROUP BY samples.user_id, groups.company_key
"""


def _allowed(values):
    return "(" + ", ".join(f"'{value}'" for value in values) + ")"


def _timestamps():
    return [
        sa.Column(name, sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False)
        for name in ("created_at", "updated_at")
    ]


def _owner_columns(table):
    return [
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("uid", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("application_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f(f"fk_{table}_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f(f"fk_{table}_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def upgrade():
    op.add_column(
        "users", sa.Column("timezone", sa.String(length=64), server_default="UTC", nullable=False)
    )
    op.add_column(
        "users", sa.Column("email_digest", sa.Boolean(), server_default="false", nullable=False)
    )
    op.create_index(
        "ix_users_email_digest", "users", ["id"], postgresql_where=sa.text("email_digest")
    )

    op.add_column(
        "applications", sa.Column("first_change_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column(
        "applications", sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.execute(BACKFILL_CLOCK)
    op.create_index(
        "ix_applications_user_first_change",
        "applications",
        ["user_id"],
        postgresql_include=["job_id", "first_change_at", "applied_at", "created_at"],
        postgresql_where=sa.text("deleted_at IS NULL AND first_change_at IS NOT NULL"),
    )

    op.create_table(
        "follow_up_baselines",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("company_key", sa.String(length=200), nullable=False),
        sa.Column("samples", sa.Integer(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_follow_up_baselines_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "company_key", name=op.f("pk_follow_up_baselines")),
    )
    op.execute(BACKFILL_BASELINES)

    op.create_table(
        "interviews",
        *_owner_columns("interviews"),
        sa.Column("scheduled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), server_default="60", nullable=False),
        sa.Column("kind", sa.String(length=16), server_default="other", nullable=False),
        sa.Column("location", sa.String(length=2048), nullable=True),
        sa.Column(
            "interviewers",
            postgresql.ARRAY(sa.Text()),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("outcome", sa.String(length=16), server_default="pending", nullable=False),
        sa.Column("feedback", sa.Text(), nullable=True),
        *_timestamps(),
        sa.CheckConstraint(f"kind IN {_allowed(INTERVIEW_KINDS)}", name=op.f("ck_interviews_kind")),
        sa.CheckConstraint(
            f"outcome IN {_allowed(INTERVIEW_OUTCOMES)}", name=op.f("ck_interviews_outcome")
        ),
        sa.CheckConstraint(
            "duration_minutes BETWEEN 5 AND 1440", name=op.f("ck_interviews_duration_minutes")
        ),
    )
    op.create_index("ix_interviews_user_scheduled", "interviews", ["user_id", "scheduled_at"])
    op.create_index(
        "ix_interviews_application_scheduled", "interviews", ["application_id", "scheduled_at"]
    )

    op.create_table(
        "tasks",
        *_owner_columns("tasks"),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        *_timestamps(),
        sa.CheckConstraint("done = (done_at IS NOT NULL)", name=op.f("ck_tasks_done_at")),
    )
    op.create_index("ix_tasks_user_due", "tasks", ["user_id", "due_at"])
    op.create_index(
        "ix_tasks_user_open_due",
        "tasks",
        ["user_id", "due_at"],
        postgresql_where=sa.text("NOT done"),
    )
    op.create_index("ix_tasks_application_due", "tasks", ["application_id", "due_at"])

    op.create_table(
        "calendar_feeds",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("secret", sa.String(length=128), nullable=False),
        sa.Column("secret_sha256", sa.String(length=64), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_calendar_feeds_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("secret_sha256", name=op.f("uq_calendar_feeds_secret_sha256")),
    )

    op.create_table(
        "digest_deliveries",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=16), server_default="pending", nullable=False),
        sa.Column("sending_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        *_timestamps(),
        sa.CheckConstraint(
            f"state IN {_allowed(DIGEST_STATES)}", name=op.f("ck_digest_deliveries_state")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_digest_deliveries_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "day", name=op.f("pk_digest_deliveries")),
    )

    op.create_table(
        "scheduled_runs",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("period_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=True),
        sa.Column(
            "enqueued_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["queue_jobs.id"],
            name=op.f("fk_scheduled_runs_job_id_queue_jobs"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_scheduled_runs")),
    )


def downgrade():
    op.drop_table("scheduled_runs")
    op.drop_table("digest_deliveries")
    op.drop_table("calendar_feeds")
    op.drop_table("tasks")
    op.drop_table("interviews")
    op.drop_table("follow_up_baselines")
    op.drop_index("ix_applications_user_first_change", table_name="applications")
    op.drop_column("applications", "status_changed_at")
    op.drop_column("applications", "first_change_at")
    op.drop_index("ix_users_email_digest", table_name="users")
    op.drop_column("users", "email_digest")
    op.drop_column("users", "timezone")
