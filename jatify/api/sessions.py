"""The caller's login sessions: list them, end one, or end all but this one."""

from __future__ import annotations

import uuid

import marshmallow as ma
from flask_jwt_extended import jwt_required
from flask_smorest import Blueprint

from jatify.api.common import BEARER
from jatify.api.tokens import await_ended, current_session_id, current_user_id
from jatify.services import sessions

blp = Blueprint(
    "sessions", __name__, url_prefix="/api/user/sessions", description="The caller's logins"
)


class SessionSchema(ma.Schema):
    """One login: where and when it started, when it was last renewed."""

    id = ma.fields.UUID(required=True)
    created_at = ma.fields.DateTime(required=True, metadata={"description": "the login"})
    last_used_at = ma.fields.DateTime(
        required=True, metadata={"description": "the login or its latest token refresh"}
    )
    user_agent = ma.fields.String(
        allow_none=True, metadata={"description": "the User-Agent of the login request"}
    )
    current = ma.fields.Boolean(
        required=True, metadata={"description": "the login of the token of this request"}
    )


class SessionListSchema(ma.Schema):
    """The caller's live logins, last used first."""

    items = ma.fields.List(ma.fields.Nested(SessionSchema), required=True)


@blp.get("")
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(200, SessionListSchema)
def list_sessions() -> dict:
    """The caller's live login sessions (neither ended nor expired), last used first."""
    current = current_session_id()
    return {
        "items": [
            {
                "id": session.id,
                "created_at": session.created_at,
                "last_used_at": session.last_used_at,
                "user_agent": session.user_agent,
                "current": session.id == current,
            }
            for session in sessions.live_sessions(current_user_id())
        ]
    }


@blp.delete("/<uuid:session_id>")
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(204)
@blp.alt_response(404, description="not_found: no live session of the caller has this id")
def delete_session(session_id: uuid.UUID) -> None:
    """End one of the caller's login sessions: its tokens stop working at once (401
    `token_revoked`). Ending the current one is a logout."""
    sessions.revoke_own_session(current_user_id(), session_id)
    await_ended([session_id])


@blp.delete("")
@jwt_required()
@blp.doc(security=BEARER)
@blp.response(204)
def delete_other_sessions() -> None:
    """End every login session of the caller but the current one ("sign out everywhere
    else")."""
    await_ended(sessions.end_other_sessions(current_user_id(), current_session_id()))
