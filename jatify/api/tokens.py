"""Tokens on the web: flask-jwt-extended's loaders, token pairs, cookies and the caller.

Each login is a session (`services.sessions`); its id travels in both tokens as the
`sid` claim, and every request checks that the session is live. The refresh token also
carries the session's refresh generation (`gen`): refreshing spends it. Every token error
answers through the API's one error mapping (`api.errors`).
"""

from __future__ import annotations

import uuid
from typing import Any

from flask import Flask, Response, after_this_request, current_app
from flask_jwt_extended import (
    create_access_token,
    create_refresh_token,
    get_jwt,
    get_jwt_identity,
    set_access_cookies,
    set_refresh_cookies,
    unset_jwt_cookies,
)
from flask_jwt_extended.exceptions import CSRFError

from jatify.api.errors import error_response
from jatify.errors import NotAuthenticated
from jatify.extensions import jwt
from jatify.models import User
from jatify.services import accounts, sessions
from jatify.services.session_cache import SessionCache
from jatify.vocabulary import ErrorCode

REFRESH_REUSED = (
    "This refresh token was used already, so another copy of it exists: the login is ended. "
    "Log in again"
)
CSRF_MISSING = (
    "Missing or wrong X-CSRF-TOKEN header: echo the csrf_access_token cookie "
    "(csrf_refresh_token to refresh)"
)


def token_pair(user_id: int, session_id: uuid.UUID, generation: int = 0) -> dict[str, Any]:
    """The access and refresh tokens of a login session (refresh `generation`)."""
    config = current_app.config
    claims = {"sid": str(session_id)}
    refresh_claims = {**claims, "gen": generation}
    return {
        "access_token": create_access_token(str(user_id), additional_claims=claims),
        "refresh_token": create_refresh_token(str(user_id), additional_claims=refresh_claims),
        "token_type": "Bearer",
        "expires_in": config["JWT_ACCESS_TOKEN_EXPIRES"],
    }


def rotate_tokens() -> dict[str, Any]:
    """A new token pair for the refresh token in this request, which is spent by it.

    A refresh token already spent ends its whole session (401 `token_revoked`): its
    holder and whoever else refreshed with it before are both logged out.
    """
    claims = get_jwt()
    session_id, user_id = uuid.UUID(claims["sid"]), int(claims["sub"])
    # Tokens issued before rotation existed carry no generation: theirs is the first.
    generation = claims.get("gen", 0)
    lifetime = current_app.config["JWT_REFRESH_TOKEN_EXPIRES"]
    rotated = sessions.rotate_refresh(session_id, user_id, generation, lifetime)
    if rotated is None:
        await_ended([session_id])
        raise NotAuthenticated(REFRESH_REUSED, code=ErrorCode.TOKEN_REVOKED)
    return token_pair(user_id, session_id, rotated)


def await_ended(session_ids: list[uuid.UUID]) -> None:
    """Return once this process's session cache has heard that these sessions ended
    (their notifications go out together at the commit, the last one last)."""
    cache = current_app.extensions.get("jatify_session_cache")
    if cache is not None and session_ids:
        cache.wait_until_ended(session_ids[-1])


def end_session(session_id: uuid.UUID) -> None:
    """Revoke a login session, returning once the session caches have been told."""
    sessions.revoke_session(session_id)
    await_ended([session_id])


def current_session_id() -> uuid.UUID:
    """The login session of the token in this request."""
    return uuid.UUID(get_jwt()["sid"])


def send_tokens_as_cookies(answer: dict[str, Any]) -> dict[str, Any]:
    """Move the answer's tokens into HttpOnly cookies (browser clients); the body keeps none.

    flask-jwt-extended also sets the readable csrf_* cookies that the browser echoes in
    X-CSRF-TOKEN. Each cookie lasts as long as its token.
    """
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
    return accounts.get_user(current_user_id())


def _token_error(code: ErrorCode, message: str) -> Response:
    return error_response(NotAuthenticated(message, code=code))


def init_app(app: Flask) -> None:
    """Bind flask-jwt-extended and route every token failure into the envelope."""
    jwt.init_app(app)
    cache = SessionCache(app.config["DATABASE_DSN"]) if app.config["AUTH_SESSION_CACHE"] else None
    app.extensions["jatify_session_cache"] = cache

    @jwt.token_in_blocklist_loader
    def session_revoked(_header: dict, payload: dict) -> bool:
        try:
            session_id, user_id = uuid.UUID(payload["sid"]), int(payload["sub"])
        except (KeyError, ValueError, TypeError):
            return True
        if cache is None:
            return not sessions.session_is_live(session_id, user_id)
        return not cache.is_live(session_id, user_id, sessions.session_is_live)

    @jwt.expired_token_loader
    def expired(_header: dict, _payload: dict) -> Response:
        return _token_error(ErrorCode.TOKEN_EXPIRED, "The token has expired")

    @jwt.revoked_token_loader
    def revoked(_header: dict, _payload: dict) -> Response:
        return _token_error(ErrorCode.TOKEN_REVOKED, "The token has been revoked")

    @jwt.invalid_token_loader
    def invalid(_reason: str) -> Response:
        return _token_error(ErrorCode.UNAUTHORIZED, "The token is invalid")

    @jwt.unauthorized_loader
    def missing(_reason: str) -> Response:
        return _token_error(ErrorCode.UNAUTHORIZED, "Authentication required: send a Bearer token")

    # Registered after flask-jwt-extended's own handler for it, so this one answers.
    @app.errorhandler(CSRFError)
    def csrf_missing(_error: CSRFError) -> Response:
        return _token_error(ErrorCode.UNAUTHORIZED, CSRF_MISSING)

    @jwt.needs_fresh_token_loader
    def not_fresh(_header: dict, _payload: dict) -> Response:
        return _token_error(ErrorCode.UNAUTHORIZED, "A fresh login is required")

    @jwt.token_verification_failed_loader
    def verification_failed(_header: dict, _payload: dict) -> Response:
        return _token_error(ErrorCode.UNAUTHORIZED, "The token is invalid")
