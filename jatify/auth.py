"""Token handling: flask-jwt-extended's loaders, login sessions and revocation.

Each login creates an `AuthSession`; its id travels in both tokens as the `sid` claim.
Logout revokes the session, so the access and refresh tokens of that login stop
working together. Every token error answers in the API's error envelope.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask, Response, after_this_request
from flask_jwt_extended import (
    create_access_token,
    create_refresh_token,
    get_jwt,
    get_jwt_identity,
    set_access_cookies,
    set_refresh_cookies,
    unset_jwt_cookies,
)

from jatify.errors import Unauthorized, envelope
from jatify.extensions import db, jwt
from jatify.models import AuthSession, User


def issue_tokens(user: User) -> dict[str, Any]:
    """Start a login session for `user` and return its token pair (not yet committed)."""
    from flask import current_app

    refresh_seconds = current_app.config["JWT_REFRESH_TOKEN_EXPIRES"]
    session = AuthSession(
        id=uuid.uuid4(),
        user_id=user.id,
        expires_at=datetime.now(UTC) + timedelta(seconds=refresh_seconds),
    )
    db.session.add(session)
    claims = {"sid": str(session.id)}
    return {
        "access_token": create_access_token(str(user.id), additional_claims=claims),
        "refresh_token": create_refresh_token(str(user.id), additional_claims=claims),
        "token_type": "Bearer",
        "expires_in": current_app.config["JWT_ACCESS_TOKEN_EXPIRES"],
    }


def refresh_access_token() -> dict[str, Any]:
    """A new access token for the session of the refresh token in this request."""
    from flask import current_app

    claims = {"sid": get_jwt()["sid"]}
    return {
        "access_token": create_access_token(get_jwt_identity(), additional_claims=claims),
        "token_type": "Bearer",
        "expires_in": current_app.config["JWT_ACCESS_TOKEN_EXPIRES"],
    }


def revoke_current_session() -> None:
    """Revoke the login session of the token in this request (not yet committed)."""
    db.session.execute(
        db.update(AuthSession)
        .where(AuthSession.id == uuid.UUID(get_jwt()["sid"]), AuthSession.revoked_at.is_(None))
        .values(revoked_at=db.func.now())
    )


def send_tokens_as_cookies(answer: dict[str, Any]) -> dict[str, Any]:
    """Move the answer's tokens into HttpOnly cookies (browser clients); the body keeps none.

    flask-jwt-extended also sets the readable csrf_* cookies that the browser echoes in
    X-CSRF-TOKEN. Each cookie lasts as long as its token.
    """
    from flask import current_app

    config = current_app.config

    @after_this_request
    def set_cookies(response: Response) -> Response:
        if "access_token" in answer:
            set_access_cookies(
                response, answer["access_token"], max_age=config["JWT_ACCESS_TOKEN_EXPIRES"]
            )
        if "refresh_token" in answer:
            set_refresh_cookies(
                response, answer["refresh_token"], max_age=config["JWT_REFRESH_TOKEN_EXPIRES"]
            )
        return response

    return {key: value for key, value in answer.items() if not key.endswith("_token")}


def clear_token_cookies() -> None:
    """Expire the token and CSRF cookies on this request's answer."""

    @after_this_request
    def unset_cookies(response: Response) -> Response:
        unset_jwt_cookies(response)
        return response


def current_user_id() -> int:
    """The id of the authenticated caller."""
    return int(get_jwt_identity())


def load_current_user() -> User:
    """The authenticated caller's account, read on demand.

    No user loader runs on every request: the session check (one query) already proves the
    token's login is live, and most routes need only the id.
    """
    user = db.session.get(User, current_user_id())
    if user is None:
        raise Unauthorized("The token's account no longer exists")
    return user


def init_app(app: Flask) -> None:
    """Bind flask-jwt-extended and route every token failure into the envelope."""
    jwt.init_app(app)

    @jwt.token_in_blocklist_loader
    def session_revoked(_header: dict, payload: dict) -> bool:
        try:
            sid = uuid.UUID(payload["sid"])
        except (KeyError, ValueError, TypeError):
            return True
        row = db.session.execute(
            db.select(AuthSession.revoked_at, AuthSession.user_id).where(AuthSession.id == sid)
        ).first()
        return row is None or row.revoked_at is not None or str(row.user_id) != payload["sub"]

    @jwt.expired_token_loader
    def expired(_header: dict, _payload: dict) -> Response:
        return envelope(401, "token_expired", "The token has expired")

    @jwt.revoked_token_loader
    def revoked(_header: dict, _payload: dict) -> Response:
        return envelope(401, "token_revoked", "The token has been revoked")

    @jwt.invalid_token_loader
    def invalid(_reason: str) -> Response:
        return envelope(401, "unauthorized", "The token is invalid")

    @jwt.unauthorized_loader
    def missing(reason: str) -> Response:
        if "CSRF" in reason:
            return envelope(
                401,
                "unauthorized",
                "Missing or wrong X-CSRF-TOKEN header: echo the csrf_access_token cookie "
                "(csrf_refresh_token to refresh)",
            )
        return envelope(401, "unauthorized", "Authentication required: send a Bearer token")

    @jwt.needs_fresh_token_loader
    def not_fresh(_header: dict, _payload: dict) -> Response:
        return envelope(401, "unauthorized", "A fresh login is required")

    @jwt.token_verification_failed_loader
    def verification_failed(_header: dict, _payload: dict) -> Response:
        return envelope(401, "unauthorized", "The token is invalid")
