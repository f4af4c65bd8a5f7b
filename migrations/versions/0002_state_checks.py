"""CHECK constraints on every state column, so the database refuses a state the code lacks.

The values are frozen here as they are in `jatify.vocabulary` today; a state added there
needs a migration that widens its constraint (tests/models/test_states.py compares them).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# (table, constraint name, column, allowed values)
CHECKS = [
    ("analyses", "status", "status", ("pending", "processing", "done", "failed")),
    ("resumes", "text_status", "text_status", ("pending", "ready", "failed")),
    (
        "resumes",
        "text_error",
        "text_error",
        ("no_text", "encrypted", "corrupt", "too_many_pages", "timeout"),
    ),
    ("queue_jobs", "status", "status", ("pending", "processing", "done", "failed")),
]


def upgrade():
    for table, name, column, values in CHECKS:
        allowed = ", ".join(f"'{value}'" for value in values)
        op.create_check_constraint(op.f(f"ck_{table}_{name}"), table, f"{column} IN ({allowed})")


def downgrade():
    for table, name, _column, _values in reversed(CHECKS):
        op.drop_constraint(op.f(f"ck_{table}_{name}"), table, type_="check")
