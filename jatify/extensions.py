"""Flask extensions, created here unbound and initialised in `create_app()`.

This module imports nothing from jatify: every layer may import it.
"""

from __future__ import annotations

import time
from typing import Any

from flask_jwt_extended import JWTManager
from flask_jwt_extended.config import config as jwt_config
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData

# Named constraints, so Alembic migrations are stable across databases and runs.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING_CONVENTION))
migrate = Migrate()


class VerifiedTokenCache(JWTManager):
    """flask-jwt-extended, remembering the tokens it has verified (per process).

    Verifying a token costs three decodes of it (PyJWT checks its base64 character by
    character): a quarter of a small authenticated request. A token seen before, with the
    same CSRF value, is answered from memory while it has not expired; an expired one
    goes through the full check again, which refuses it as before. The cache holds only
    tokens this process verified with its own key, so a forged or altered token (a
    different string) is never in it. Whether the token's login is still live is checked
    on every request all the same (the blocklist loader).
    """

    # Tokens remembered before the memory starts afresh.
    MAX_TOKENS = 4096

    def __init__(self) -> None:
        super().__init__()
        self._verified: dict[tuple[str, str | None], dict[str, Any]] = {}

    def _decode_jwt_from_config(
        self, encoded_token: str, csrf_value: str | None = None, allow_expired: bool = False
    ) -> dict:
        if allow_expired:
            return super()._decode_jwt_from_config(encoded_token, csrf_value, allow_expired)
        key = (encoded_token, csrf_value)
        payload = self._verified.get(key)
        if payload is not None and self._in_force(payload):
            return dict(payload)
        payload = super()._decode_jwt_from_config(encoded_token, csrf_value, allow_expired)
        if len(self._verified) >= self.MAX_TOKENS:
            self._verified.clear()  # simpler than LRU, and safe under threads
        self._verified[key] = payload
        return dict(payload)

    @staticmethod
    def _in_force(payload: dict[str, Any]) -> bool:
        now, leeway = time.time(), jwt_config.leeway
        expires, not_before = payload.get("exp"), payload.get("nbf")
        if expires is not None and now >= expires + leeway:
            return False
        return not_before is None or now >= not_before - leeway


jwt = VerifiedTokenCache()
