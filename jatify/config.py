"""Jatify's configuration: the settings of `jatify.settings`, read from the environment
and checked at start-up, and the Flask config built from them.

Tests pass overrides to `create_app()` instead of touching `os.environ`.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson

from jatify.settings import SETTINGS

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """A setting is missing or malformed; the process refuses to start."""

    def __init__(self, message: str = "invalid configuration") -> None:
        super().__init__(message)


def instance_dir() -> Path:
    """Folder for local, uncommitted state (the development key, the embedded database)."""
    return PROJECT_ROOT / "var"


def _development_secret() -> str:
    """A random key kept in var/ so every development process signs with the same one."""
    path = instance_dir() / "dev-jwt-secret"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: of two processes starting at once, exactly one writes the key.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_urlsafe(48))
    for _ in range(50):
        key = path.read_text().strip()
        if key:
            return key
        time.sleep(0.01)
    raise ConfigError(f"{path} is empty: delete it and start again")


def load_settings(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Parse every setting from `environ` (default: the process environment)."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    problems: list[str] = []
    for setting in SETTINGS:
        raw = environ.get(setting.name)
        if raw is None or raw == "":
            raw = setting.default
        if raw is None:
            values[setting.name] = None
            continue
        try:
            values[setting.name] = setting.parse(raw)
        except ValueError as exc:
            problems.append(f"{setting.name}: {exc}")
    if problems:
        raise ConfigError("invalid settings: " + "; ".join(problems))
    return values


def build_config(
    environ: Mapping[str, str] | None = None, overrides: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The Flask config for one app: settings from the environment, then `overrides`."""
    settings = load_settings(environ)
    settings.update(overrides or {})
    env = settings["JATIFY_ENV"]

    key = settings["JWT_SECRET_KEY"]
    if not key:
        if env == "production":
            raise ConfigError(
                "JWT_SECRET_KEY must be set in production "
                "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )
        key = _development_secret()
    if env == "production" and len(key) < 32:
        raise ConfigError("JWT_SECRET_KEY must be at least 32 characters in production")

    database_url = settings["DATABASE_URL"]
    if not database_url:
        raise ConfigError(
            "DATABASE_URL is not set: use bin/dev to run on the embedded PostgreSQL, "
            "or point DATABASE_URL at a server"
        )

    config: dict[str, Any] = dict(settings)
    config.update(
        TESTING=env == "testing",
        SECRET_KEY=key,
        JWT_SECRET_KEY=key,
        JWT_ALGORITHM="HS256",
        JWT_DECODE_ALGORITHMS=["HS256"],
        # Bearer headers for API clients; HttpOnly cookies for the browser (login with
        # "cookies": true), where a state-changing request must echo the readable
        # csrf_access_token cookie in X-CSRF-TOKEN (double submit).
        JWT_TOKEN_LOCATION=["headers", "cookies"],
        JWT_COOKIE_CSRF_PROTECT=True,
        JWT_COOKIE_SAMESITE="Lax",
        JWT_COOKIE_SECURE=env == "production",
        JWT_ACCESS_COOKIE_PATH="/",
        JWT_REFRESH_COOKIE_PATH="/api/auth/",
        JWT_SESSION_COOKIE=False,
        JWT_ACCESS_TOKEN_EXPIRES=settings["JWT_ACCESS_TOKEN_MINUTES"] * 60,
        JWT_REFRESH_TOKEN_EXPIRES=settings["JWT_REFRESH_TOKEN_DAYS"] * 86400,
        SQLALCHEMY_DATABASE_URI=sqlalchemy_url(database_url),
        # Liveness is checked at checkout without a round trip (jatify/database.py); JSON
        # columns are parsed by orjson.
        SQLALCHEMY_ENGINE_OPTIONS={"json_deserializer": orjson.loads},
        DATABASE_DSN=libpq_dsn(database_url),
        MAX_CONTENT_LENGTH=settings["MAX_UPLOAD_BYTES"],
        JSON_SORT_KEYS=False,
    )
    return config


def libpq_dsn(url: str) -> str:
    """The URL as psycopg2/libpq takes it (no SQLAlchemy driver suffix)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    if scheme in {"postgres", "postgresql+psycopg2", "postgresql+psycopg"}:
        scheme = "postgresql"
    return f"{scheme}://{rest}"


def sqlalchemy_url(url: str) -> str:
    """The URL with SQLAlchemy's psycopg2 driver named explicitly."""
    return "postgresql+psycopg2://" + libpq_dsn(url).partition("://")[2]
