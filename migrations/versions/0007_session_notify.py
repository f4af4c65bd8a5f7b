"""Every end of a login session notifies `jatify_sessions`, for the per-process caches.

A trigger, not application code, so that no way of ending a session (logout, a revoke
route, an account deleted with its sessions, an operator's UPDATE, a TRUNCATE) can forget
to tell the web processes (jatify/services/session_cache.py).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        """
CREATE FUNCTION jatify_session_ended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM pg_notify('jatify_sessions', '*');
    ELSIF TG_OP = 'DELETE' OR NEW.revoked_at IS DISTINCT FROM OLD.revoked_at
          OR NEW.user_id IS DISTINCT FROM OLD.user_id THEN
        PERFORM pg_notify('jatify_sessions', OLD.id::text);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER auth_sessions_ended AFTER UPDATE OR DELETE ON auth_sessions
    FOR EACH ROW EXECUTE FUNCTION jatify_session_ended();
CREATE TRIGGER auth_sessions_truncated AFTER TRUNCATE ON auth_sessions
    FOR EACH STATEMENT EXECUTE FUNCTION jatify_session_ended();
"""
    )


def downgrade():
    op.execute("DROP TRIGGER auth_sessions_truncated ON auth_sessions")
    op.execute("DROP TRIGGER auth_sessions_ended ON auth_sessions")
    op.execute("DROP FUNCTION jatify_session_ended()")
