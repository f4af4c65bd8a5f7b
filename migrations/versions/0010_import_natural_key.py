"""The import's duplicate check gets an index on the whole natural key.

Each chunk of an import probes the account's live applications once per row by job
listing, status, applied date and the MD5 of the notes. With only (user_id, job_id)
indexed, a planner working from statistics taken before a large import could pick a scan
of the whole account per probe: two 100,000-row imports at once took 427 s instead of
about 40 s (bench/results/api.md). With every column of the probe in the index, the probe
is exact whatever the statistics. It replaces ix_applications_user_job, whose columns are
its prefix.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_applications_natural_key",
        "applications",
        ["user_id", "job_id", "status_id", "applied_at", sa.text("md5(COALESCE(notes, ''))")],
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.drop_index("ix_applications_user_job", table_name="applications")


def downgrade():
    op.create_index(
        "ix_applications_user_job",
        "applications",
        ["user_id", "job_id"],
        postgresql_where=sa.text("deleted_at IS NULL"),
    )
    op.drop_index("ix_applications_natural_key", table_name="applications")
