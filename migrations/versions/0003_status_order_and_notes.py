"""The pipeline in the order a person lives it, and a note on each status change.

Positions: Wishlist, Applied, HR Interview, User Interview, Offer, Offer Accepted, Offer
Turned Down, Rejected, Ghosted, Withdrawn (ids stay as seeded). Status changes gain an
optional note of up to 500 characters.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# status id -> position, new and as seeded by 0001 (position = id).
NEW_POSITIONS = {9: 1, 1: 2, 2: 3, 3: 4, 5: 5, 7: 6, 8: 7, 6: 8, 4: 9, 10: 10}


def _set_positions(positions: dict[int, int]) -> None:
    for status_id, position in positions.items():
        op.execute(
            sa.text("UPDATE statuses SET position = :position WHERE id = :id").bindparams(
                position=position, id=status_id
            )
        )


def upgrade():
    _set_positions(NEW_POSITIONS)
    op.add_column(
        "application_status_changes", sa.Column("note", sa.String(length=500), nullable=True)
    )


def downgrade():
    op.drop_column("application_status_changes", "note")
    _set_positions({status_id: status_id for status_id in NEW_POSITIONS})
