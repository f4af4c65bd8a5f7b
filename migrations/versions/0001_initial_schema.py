"""Initial schema: accounts, tracker, resumes, analyses, job queue; seeds the statuses.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


# The pipeline, ids 1-10 in this order (DESIGN.md); terminal steps end an application.
STATUSES = [
    (1, "Applied", False),
    (2, "HR Interview", False),
    (3, "User Interview", False),
    (4, "Ghosted", True),
    (5, "Offer", False),
    (6, "Rejected", True),
    (7, "Offer Accepted", True),
    (8, "Offer Turned Down", True),
    (9, "Wishlist", False),
    (10, "Withdrawn", True),
]


def upgrade():
    op.create_table(
        "statuses",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("is_terminal", sa.Boolean(), server_default="false", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statuses")),
        sa.UniqueConstraint("name", name=op.f("uq_statuses_name")),
    )
    statuses = sa.table(
        "statuses",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("position", sa.Integer),
        sa.column("is_terminal", sa.Boolean),
    )
    op.bulk_insert(
        statuses,
        [
            {"id": id_, "name": name, "position": id_, "is_terminal": terminal}
            for id_, name, terminal in STATUSES
        ],
    )
    op.create_table(
        "users",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("is_admin", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(
            "uq_users_email_lower", [sa.literal_column("lower(email)")], unique=True
        )
        batch_op.create_index(
            "uq_users_username_lower", [sa.literal_column("lower(username)")], unique=True
        )

    op.create_table(
        "auth_sessions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_auth_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auth_sessions")),
    )
    with op.batch_alter_table("auth_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_auth_sessions_user_id"), ["user_id"], unique=False)

    op.create_table(
        "job_listings",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("company", sa.String(length=200), nullable=False),
        sa.Column("position", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=True),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("salary", sa.String(length=200), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_job_listings_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_listings")),
    )
    with op.batch_alter_table("job_listings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_job_listings_user_created",
            ["user_id", sa.literal_column("created_at DESC"), sa.literal_column("id DESC")],
            unique=False,
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
        batch_op.create_index(batch_op.f("ix_job_listings_user_id"), ["user_id"], unique=False)

    op.create_table(
        "queue_jobs",
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column(
            "payload", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False
        ),
        sa.Column("status", sa.String(length=16), server_default="pending", nullable=False),
        sa.Column(
            "run_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("max_attempts", sa.Integer(), server_default="5", nullable=False),
        sa.Column("locked_by", sa.String(length=128), nullable=True),
        sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "errors", postgresql.JSONB(astext_type=sa.Text()), server_default="[]", nullable=False
        ),
        sa.Column("dedupe_key", sa.String(length=200), nullable=True),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_queue_jobs_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_queue_jobs")),
    )
    with op.batch_alter_table("queue_jobs", schema=None) as batch_op:
        batch_op.create_index(
            "ix_queue_jobs_pending_run_at",
            ["run_at", "id"],
            unique=False,
            postgresql_where=sa.text("status = 'pending'"),
        )
        batch_op.create_index(
            "ix_queue_jobs_processing_lease",
            ["lease_expires_at"],
            unique=False,
            postgresql_where=sa.text("status = 'processing'"),
        )
        batch_op.create_index(
            "ix_queue_jobs_status_finished", ["status", "finished_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_queue_jobs_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            "uq_queue_jobs_dedupe_in_flight",
            ["dedupe_key"],
            unique=True,
            postgresql_where=sa.text("status IN ('pending', 'processing')"),
        )

    op.create_table(
        "resumes",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("text_status", sa.String(length=16), server_default="pending", nullable=False),
        sa.Column("text_error", sa.String(length=32), nullable=True),
        sa.Column("page_count", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_resumes_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resumes")),
    )
    with op.batch_alter_table("resumes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_resumes_user_created",
            ["user_id", sa.literal_column("created_at DESC"), sa.literal_column("id DESC")],
            unique=False,
        )

    op.create_table(
        "analyses",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("resume_id", sa.BigInteger(), nullable=False),
        sa.Column("job_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="pending", nullable=False),
        sa.Column("result", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("provider", sa.String(length=64), nullable=True),
        sa.Column("model", sa.String(length=200), nullable=True),
        sa.Column("queue_job_id", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["job_id"], ["job_listings.id"], name=op.f("fk_analyses_job_id_job_listings")
        ),
        sa.ForeignKeyConstraint(
            ["queue_job_id"],
            ["queue_jobs.id"],
            name=op.f("fk_analyses_queue_job_id_queue_jobs"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["resume_id"],
            ["resumes.id"],
            name=op.f("fk_analyses_resume_id_resumes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_analyses_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analyses")),
    )
    with op.batch_alter_table("analyses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_analyses_queue_job_id"), ["queue_job_id"], unique=False
        )
        batch_op.create_index(
            "ix_analyses_resume_job_created",
            ["resume_id", "job_id", sa.literal_column("created_at DESC")],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_analyses_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            "uq_analyses_in_flight",
            ["resume_id", "job_id"],
            unique=True,
            postgresql_where=sa.text("status IN ('pending', 'processing')"),
        )

    op.create_table(
        "applications",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("job_id", sa.BigInteger(), nullable=False),
        sa.Column("status_id", sa.Integer(), nullable=False),
        sa.Column("resume_id", sa.BigInteger(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("applied_at", sa.Date(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["job_id"], ["job_listings.id"], name=op.f("fk_applications_job_id_job_listings")
        ),
        sa.ForeignKeyConstraint(
            ["resume_id"],
            ["resumes.id"],
            name=op.f("fk_applications_resume_id_resumes"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["status_id"], ["statuses.id"], name=op.f("fk_applications_status_id_statuses")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_applications_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
    )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_applications_resume_id"), ["resume_id"], unique=False)
        batch_op.create_index(
            "ix_applications_user_created",
            ["user_id", sa.literal_column("created_at DESC"), sa.literal_column("id DESC")],
            unique=False,
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
        batch_op.create_index(
            "ix_applications_user_job",
            ["user_id", "job_id"],
            unique=False,
            postgresql_where=sa.text("deleted_at IS NULL"),
        )
        batch_op.create_index(
            "ix_applications_user_status_created",
            ["user_id", "status_id", sa.literal_column("created_at DESC")],
            unique=False,
            postgresql_where=sa.text("deleted_at IS NULL"),
        )

    op.create_table(
        "dead_letters",
        sa.Column("id", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=False),
        sa.Column("job_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column(
            "failed_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("requeued_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["job_id"],
            ["queue_jobs.id"],
            name=op.f("fk_dead_letters_job_id_queue_jobs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_dead_letters_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dead_letters")),
    )
    with op.batch_alter_table("dead_letters", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dead_letters_job_id"), ["job_id"], unique=False)
        batch_op.create_index(
            "ix_dead_letters_open_failed",
            [sa.literal_column("failed_at DESC")],
            unique=False,
            postgresql_where=sa.text("requeued_at IS NULL"),
        )
        batch_op.create_index(batch_op.f("ix_dead_letters_user_id"), ["user_id"], unique=False)

    op.create_table(
        "resume_files",
        sa.Column("resume_id", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["resume_id"],
            ["resumes.id"],
            name=op.f("fk_resume_files_resume_id_resumes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("resume_id", name=op.f("pk_resume_files")),
    )
    op.create_table(
        "application_status_changes",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("application_id", sa.BigInteger(), nullable=False),
        sa.Column("from_status_id", sa.Integer(), nullable=True),
        sa.Column("to_status_id", sa.Integer(), nullable=False),
        sa.Column(
            "changed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_application_status_changes_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["from_status_id"],
            ["statuses.id"],
            name=op.f("fk_application_status_changes_from_status_id_statuses"),
        ),
        sa.ForeignKeyConstraint(
            ["to_status_id"],
            ["statuses.id"],
            name=op.f("fk_application_status_changes_to_status_id_statuses"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_status_changes")),
    )
    with op.batch_alter_table("application_status_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_application_status_changes_application_id"),
            ["application_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("application_status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_application_status_changes_application_id"))

    op.drop_table("application_status_changes")
    op.drop_table("resume_files")
    with op.batch_alter_table("dead_letters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dead_letters_user_id"))
        batch_op.drop_index(
            "ix_dead_letters_open_failed", postgresql_where=sa.text("requeued_at IS NULL")
        )
        batch_op.drop_index(batch_op.f("ix_dead_letters_job_id"))

    op.drop_table("dead_letters")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_applications_user_status_created", postgresql_where=sa.text("deleted_at IS NULL")
        )
        batch_op.drop_index(
            "ix_applications_user_job", postgresql_where=sa.text("deleted_at IS NULL")
        )
        batch_op.drop_index(
            "ix_applications_user_created", postgresql_where=sa.text("deleted_at IS NULL")
        )
        batch_op.drop_index(batch_op.f("ix_applications_resume_id"))

    op.drop_table("applications")
    with op.batch_alter_table("analyses", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_analyses_in_flight", postgresql_where=sa.text("status IN ('pending', 'processing')")
        )
        batch_op.drop_index(batch_op.f("ix_analyses_user_id"))
        batch_op.drop_index("ix_analyses_resume_job_created")
        batch_op.drop_index(batch_op.f("ix_analyses_queue_job_id"))

    op.drop_table("analyses")
    with op.batch_alter_table("resumes", schema=None) as batch_op:
        batch_op.drop_index("ix_resumes_user_created")

    op.drop_table("resumes")
    with op.batch_alter_table("queue_jobs", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_queue_jobs_dedupe_in_flight",
            postgresql_where=sa.text("status IN ('pending', 'processing')"),
        )
        batch_op.drop_index(batch_op.f("ix_queue_jobs_user_id"))
        batch_op.drop_index("ix_queue_jobs_status_finished")
        batch_op.drop_index(
            "ix_queue_jobs_processing_lease", postgresql_where=sa.text("status = 'processing'")
        )
        batch_op.drop_index(
            "ix_queue_jobs_pending_run_at", postgresql_where=sa.text("status = 'pending'")
        )

    op.drop_table("queue_jobs")
    with op.batch_alter_table("job_listings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_job_listings_user_id"))
        batch_op.drop_index(
            "ix_job_listings_user_created", postgresql_where=sa.text("deleted_at IS NULL")
        )

    op.drop_table("job_listings")
    with op.batch_alter_table("auth_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_sessions_user_id"))

    op.drop_table("auth_sessions")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index("uq_users_username_lower")
        batch_op.drop_index("uq_users_email_lower")

    op.drop_table("users")
    op.drop_table("statuses")
