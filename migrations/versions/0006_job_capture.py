"""Capturing job postings: captures, posting snapshots, and the posting's facts on listings.

Job listings gain posted_at, valid_through, employment_type, posting_status (open,
closed, unknown) with posting_checked_at, and canonical_url, unique per owner among live
listings. The capture states, errors, methods and sources are frozen here as they are in
`jatify.vocabulary` today.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

POSTING_STATUSES = ("open", "closed", "unknown")
CAPTURE_CHECKS = {
    "status": ("pending", "done", "failed"),
    "error": ("blocked_address", "http_error", "too_large", "timeout", "not_a_posting", "bad_url"),
    "method": ("json-ld", "microdata", "opengraph", "readable-text", "text"),
    "source": ("url", "html", "text"),
}


def _allowed(column, values):
    return f"{column} IN (" + ", ".join(f"'{value}'" for value in values) + ")"


def upgrade():
    op.add_column("job_listings", sa.Column("posted_at", sa.Date(), nullable=True))
    op.add_column("job_listings", sa.Column("valid_through", sa.Date(), nullable=True))
    op.add_column("job_listings", sa.Column("employment_type", sa.String(200), nullable=True))
    op.add_column(
        "job_listings",
        sa.Column("posting_status", sa.String(16), server_default="unknown", nullable=False),
    )
    op.add_column(
        "job_listings",
        sa.Column("posting_checked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.add_column("job_listings", sa.Column("canonical_url", sa.String(2048), nullable=True))
    op.create_check_constraint(
        op.f("ck_job_listings_posting_status"),
        "job_listings",
        _allowed("posting_status", POSTING_STATUSES),
    )
    op.create_index(
        "uq_job_listings_user_canonical_url",
        "job_listings",
        ["user_id", "canonical_url"],
        unique=True,
        postgresql_where=sa.text("deleted_at IS NULL AND canonical_url IS NOT NULL"),
    )
    op.create_index(
        "ix_job_listings_posting_watch",
        "job_listings",
        ["posting_checked_at"],
        postgresql_where=sa.text("posting_status = 'open' AND deleted_at IS NULL"),
    )

    op.create_table(
        "captures",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(16), server_default="pending", nullable=False),
        sa.Column("error", sa.String(32), nullable=True),
        sa.Column("method", sa.String(32), nullable=True),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("url", sa.String(2048), nullable=True),
        sa.Column("input", sa.Text(), nullable=True),
        sa.Column("job_id", sa.BigInteger(), nullable=True),
        sa.Column("queue_job_id", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        *(
            sa.CheckConstraint(_allowed(column, values), name=op.f(f"ck_captures_{column}"))
            for column, values in CAPTURE_CHECKS.items()
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_captures_user_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["job_listings.id"],
            name=op.f("fk_captures_job_id_job_listings"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["queue_job_id"],
            ["queue_jobs.id"],
            name=op.f("fk_captures_queue_job_id_queue_jobs"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_captures")),
    )
    op.create_index(
        "ix_captures_user_created",
        "captures",
        ["user_id", sa.literal_column("created_at DESC")],
        unique=False,
    )
    op.create_index(op.f("ix_captures_job_id"), "captures", ["job_id"], unique=False)
    op.create_index(op.f("ix_captures_queue_job_id"), "captures", ["queue_job_id"], unique=False)

    op.create_table(
        "posting_snapshots",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("job_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "fetched_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("text_sha256", sa.String(64), nullable=False),
        sa.Column("changed", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_posting_snapshots_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["job_listings.id"],
            name=op.f("fk_posting_snapshots_job_id_job_listings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_posting_snapshots")),
    )
    op.create_index(
        "ix_posting_snapshots_job_fetched",
        "posting_snapshots",
        ["job_id", sa.literal_column("id DESC")],
        unique=False,
    )
    op.create_index(
        op.f("ix_posting_snapshots_user_id"), "posting_snapshots", ["user_id"], unique=False
    )


def downgrade():
    op.drop_table("posting_snapshots")
    op.drop_table("captures")
    op.drop_index("ix_job_listings_posting_watch", table_name="job_listings")
    op.drop_index("uq_job_listings_user_canonical_url", table_name="job_listings")
    op.drop_constraint(op.f("ck_job_listings_posting_status"), "job_listings", type_="check")
    for column in (
        "canonical_url",
        "posting_checked_at",
        "posting_status",
        "employment_type",
        "valid_through",
        "posted_at",
    ):
        op.drop_column("job_listings", column)
