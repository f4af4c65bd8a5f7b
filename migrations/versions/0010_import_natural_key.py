"""The import's duplicate check gets an index on its whole natural key.

Each chunk of an import probes the account's live applications once per row by job
listing, status, the MD5 of the notes and the applied date. The account and the first
three are the index's keys (the applied date, compared with IS NOT DISTINCT FROM, is
checked on the index tuple), so a probe finds its one row. It replaces
ix_applications_user_job, whose columns are its prefix. (The importer also refreshes the
statistics as an import grows the account: planned from statistics of an empty account,
the probe walked the account's rows of one status instead, seconds a chunk.)

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
        ["user_id", "job_id", "status_id", sa.text("md5(COALESCE(notes, ''))"), "applied_at"],
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
