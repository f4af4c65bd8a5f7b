"""Safe to host for others: one email key, rotating refresh tokens, password resets,
invites, model usage on analyses, and the shared state of the rate limits.

- `users.email_key` is the one normalised form of an email (NFKC, case-folded: see
  `jatify.fields.email_key`); uniqueness and every lookup use it, never SQL's `lower()`,
  which disagrees with Python's for letters such as "İ" and the final sigma. Accounts that
  collide under the new key keep their rows; the later ones get a key that no login can
  produce (their id appended), so an operator can merge them by hand.
- Lockout moves from the account row into the rate limits (per email and client address,
  whether the account exists or not), so `failed_logins` and `locked_until` go.
- `rate_limits` is UNLOGGED: counters of a minute's window are not worth a WAL write, and a
  crash only forgets them.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _email_key(email: str) -> str:
    """The same rule as jatify.fields.email_key, frozen here as this migration applied it."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", email.strip()).casefold())


def _timestamp(name: str, *, nullable: bool = False, default: bool = True) -> sa.Column:
    return sa.Column(
        name,
        sa.DateTime(timezone=True),
        server_default=sa.text("now()") if default else None,
        nullable=nullable,
    )


def _backfill_email_keys() -> None:
    connection = op.get_bind()
    taken: set[str] = set()
    rows = connection.execute(sa.text("SELECT id, email FROM users ORDER BY id")).all()
    for user_id, email in rows:
        key = _email_key(email)
        if key in taken:
            key = f"{key}#{user_id}"
        taken.add(key)
        connection.execute(
            sa.text("UPDATE users SET email_key = :key WHERE id = :id"), {"key": key, "id": user_id}
        )


def upgrade():
    op.add_column("users", sa.Column("email_key", sa.String(length=512), nullable=True))
    _backfill_email_keys()
    op.alter_column("users", "email_key", nullable=False)
    op.drop_index("uq_users_email_lower", table_name="users")
    op.create_index("uq_users_email_key", "users", ["email_key"], unique=True)
    op.drop_column("users", "failed_logins")
    op.drop_column("users", "locked_until")

    op.add_column("auth_sessions", sa.Column("user_agent", sa.String(length=300), nullable=True))
    op.add_column("auth_sessions", _timestamp("last_used_at"))
    op.add_column(
        "auth_sessions",
        sa.Column("refresh_generation", sa.Integer(), server_default="0", nullable=False),
    )

    op.create_table(
        "password_resets",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        _timestamp("created_at"),
        _timestamp("expires_at", default=False),
        _timestamp("used_at", nullable=True, default=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_password_resets_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_resets")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_resets_token_hash")),
    )
    op.create_index("ix_password_resets_user_id", "password_resets", ["user_id"])

    op.create_table(
        "invites",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("email_key", sa.String(length=512), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        _timestamp("created_at"),
        _timestamp("expires_at", default=False),
        _timestamp("used_at", nullable=True, default=False),
        sa.Column("used_by", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["used_by"], ["users.id"], name=op.f("fk_invites_used_by_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invites")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_invites_code_hash")),
    )

    op.add_column("analyses", sa.Column("prompt_tokens", sa.Integer(), nullable=True))
    op.add_column("analyses", sa.Column("completion_tokens", sa.Integer(), nullable=True))
    op.add_column("analyses", sa.Column("cost_usd", sa.Numeric(12, 6), nullable=True))
    op.create_index("ix_analyses_user_created", "analyses", ["user_id", sa.text("created_at DESC")])
    # The month's model spend across accounts, for LLM_MONTHLY_BUDGET_USD.
    op.create_index(
        "ix_analyses_spend",
        "analyses",
        ["created_at"],
        postgresql_where=sa.text("cost_usd IS NOT NULL"),
    )
    # Deleting an account deletes its job listings, each checked against these two foreign
    # keys: without an index, a scan of the table per listing (10,000 listings: 62 s, 3 s
    # with them; bench/account_bench.py).
    op.create_index("ix_applications_job_id", "applications", ["job_id"])
    op.create_index("ix_analyses_job_id", "analyses", ["job_id"])

    op.execute(
        """
CREATE UNLOGGED TABLE rate_limits (
    key text PRIMARY KEY,
    count integer NOT NULL,
    expires_at timestamptz NOT NULL
)
"""
    )
    op.create_index("ix_rate_limits_expires_at", "rate_limits", ["expires_at"])


def downgrade():
    op.drop_table("rate_limits")
    op.drop_index("ix_analyses_job_id", table_name="analyses")
    op.drop_index("ix_applications_job_id", table_name="applications")
    op.drop_index("ix_analyses_spend", table_name="analyses")
    op.drop_index("ix_analyses_user_created", table_name="analyses")
    op.drop_column("analyses", "cost_usd")
    op.drop_column("analyses", "completion_tokens")
    op.drop_column("analyses", "prompt_tokens")
    op.drop_table("invites")
    op.drop_index("ix_password_resets_user_id", table_name="password_resets")
    op.drop_table("password_resets")
    op.drop_column("auth_sessions", "refresh_generation")
    op.drop_column("auth_sessions", "last_used_at")
    op.drop_column("auth_sessions", "user_agent")
    op.add_column("users", sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))
    op.add_column(
        "users",
        sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False),
    )
    op.drop_index("uq_users_email_key", table_name="users")
    op.create_index("uq_users_email_lower", "users", [sa.text("lower(email)")], unique=True)
    op.drop_column("users", "email_key")
