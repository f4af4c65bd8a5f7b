"""Jatify's settings: one table of environment variables, parsed and checked at start-up.

Every setting has a type, a default and a line of help; `.env.example` lists the same
table. Tests pass overrides to `create_app()` instead of touching `os.environ`.
"""

from __future__ import annotations

import math
import os
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENTS = ("production", "development", "testing")


class ConfigError(RuntimeError):
    """A setting is missing or malformed; the process refuses to start."""

    def __init__(self, message: str = "invalid configuration") -> None:
        super().__init__(message)


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected a boolean, got {raw!r}")


def _positive_int(raw: str) -> int:
    value = int(raw)
    if value < 1:
        raise ValueError(f"expected a positive integer, got {raw!r}")
    return value


def _positive_float(raw: str) -> float:
    value = float(raw)
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"expected a positive number, got {raw!r}")
    return value


def _non_negative_int(raw: str) -> int:
    value = int(raw)
    if value < 0:
        raise ValueError(f"expected 0 or a positive integer, got {raw!r}")
    return value


def _choice(*choices: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        value = raw.strip().lower()
        if value not in choices:
            raise ValueError(f"expected one of {', '.join(choices)}, got {raw!r}")
        return value

    return parse


def _csv(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


def _text(raw: str) -> str:
    return raw.strip()


def _bearer_token(raw: str) -> str:
    # The message never repeats the value: it is a secret.
    value = raw.strip()
    if len(value) < 16 or not all("!" <= char <= "~" for char in value):
        raise ValueError("expected 16 or more printable ASCII characters without spaces")
    return value


def _smtp_url(raw: str) -> str:
    # Checked here so a malformed URL stops the process; the message never repeats it
    # (it may hold a password).
    from jatify.mail.settings import parse_smtp_url

    parse_smtp_url(raw)
    return raw.strip()


def _rate(raw: str) -> str:
    # A limits rate string: "10/minute", or several at once: "10/minute;100/hour".
    from limits import parse_many

    value = raw.strip()
    parse_many(value)
    return value


REDIS_SCHEMES = ("redis", "rediss", "redis+unix", "redis+sentinel", "redis+cluster")


def _limits_storage_url(raw: str) -> str:
    # The message never repeats the URL (it may hold a password).
    value = raw.strip()
    scheme, _, rest = value.partition("://")
    if scheme not in REDIS_SCHEMES or not rest:
        raise ValueError("expected a Redis URL: " + ", ".join(f"{s}://..." for s in REDIS_SCHEMES))
    return value


def _public_url(raw: str) -> str:
    value = raw.strip().rstrip("/")
    scheme, _, rest = value.partition("://")
    if scheme not in ("http", "https") or not rest or "/" in rest or "?" in rest or "#" in rest:
        raise ValueError("expected http(s)://host[:port], without a path")
    return value


@dataclass(frozen=True)
class Setting:
    """One environment variable: how to parse it, its default, and what it is for."""

    name: str
    parse: Callable[[str], Any]
    default: str | None
    help: str
    secret: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "JATIFY_ENV",
        _choice(*ENVIRONMENTS),
        "production",
        "production refuses to start without JWT_SECRET_KEY; development invents one",
    ),
    Setting(
        "DATABASE_URL",
        _text,
        None,
        "PostgreSQL URL; unset in development means the embedded server under var/",
    ),
    Setting(
        "JWT_SECRET_KEY", _text, None, "HS256 signing key for tokens (32+ characters)", secret=True
    ),
    Setting("JWT_ACCESS_TOKEN_MINUTES", _positive_int, "15", "lifetime of an access token"),
    Setting("JWT_REFRESH_TOKEN_DAYS", _positive_int, "30", "lifetime of a refresh token"),
    Setting(
        "LOGIN_MAX_FAILURES",
        _positive_int,
        "5",
        "wrong passwords for one email from one client address that lock that email there",
    ),
    Setting(
        "LOGIN_LOCKOUT_SECONDS",
        _positive_int,
        "900",
        "the window the failures count in, from the first; a lock lasts until it ends",
    ),
    Setting(
        "RATELIMIT_ENABLED",
        _bool,
        "true",
        "rate-limit login, register, forgot and reset (429 rate_limited with Retry-After)",
    ),
    Setting(
        "RATELIMIT_AUTH_PER_ADDRESS",
        _rate,
        "60/minute",
        "requests to each of those routes per client address (e.g. 60/minute;600/hour)",
    ),
    Setting(
        "RATELIMIT_AUTH_PER_EMAIL",
        _rate,
        "10/minute",
        "requests to login, register and forgot per email in the body, from any address",
    ),
    Setting(
        "RATELIMIT_STORAGE_URL",
        _limits_storage_url,
        None,
        "Redis for the rate limit and login failure counters (redis://host:6379/0); "
        "unset: PostgreSQL's rate_limits table",
        secret=True,
    ),
    Setting(
        "PROXY_FIX_HOPS",
        _non_negative_int,
        "0",
        "trusted reverse proxies in front (X-Forwarded-For/-Proto/-Host); 0: trust none",
    ),
    Setting(
        "AUTH_SESSION_CACHE",
        _bool,
        "true",
        "remember live login sessions per process, forgotten on NOTIFY (off: one query a request)",
    ),
    Setting(
        "MAX_UPLOAD_BYTES",
        _positive_int,
        str(5 * 1024 * 1024),
        "largest request body accepted (resume uploads), in bytes",
    ),
    Setting(
        "IMPORT_MAX_BYTES",
        _positive_int,
        str(50 * 1024 * 1024),
        "largest CSV accepted by POST /api/applications/import, in bytes",
    ),
    Setting("WORKER_PROCESSES", _positive_int, "2", "worker processes forked by worker.py"),
    Setting(
        "WORKER_POLL_SECONDS",
        _positive_float,
        "5",
        "how long an idle worker waits for a notification before polling",
    ),
    Setting(
        "WORKER_SHUTDOWN_GRACE",
        _positive_float,
        "30",
        "seconds running jobs get to finish after SIGTERM",
    ),
    Setting(
        "QUEUE_LEASE_SECONDS",
        _positive_float,
        "60",
        "lease of a claimed job; extended while it runs, rescued when it expires",
    ),
    Setting("QUEUE_MAX_ATTEMPTS", _positive_int, "5", "attempts before a job is dead-lettered"),
    Setting(
        "QUEUE_JOB_TIMEOUT_SECONDS", _positive_float, "300", "hard limit on one attempt of a job"
    ),
    Setting("QUEUE_RETRY_BASE_SECONDS", _positive_float, "2", "first retry delay (doubles)"),
    Setting("QUEUE_RETRY_MAX_SECONDS", _positive_float, "600", "longest retry delay"),
    Setting(
        "SCHEDULER",
        _choice("auto", "on", "off"),
        "auto",
        "periodic jobs enqueued by worker.py (digest, retention); auto: on unless testing",
    ),
    Setting(
        "SCHEDULER_POLL_SECONDS",
        _positive_float,
        "15",
        "how often worker.py's scheduler looks for a periodic job that is due",
    ),
    Setting(
        "QUEUE_RETENTION_DAYS",
        _positive_int,
        "30",
        "done jobs older than this are pruned every day (as flask queue prune does)",
    ),
    Setting(
        "DLQ_RETENTION_DAYS",
        _positive_int,
        "90",
        "dead letters older than this are purged every day (as flask dlq purge does)",
    ),
    Setting(
        "ANALYZER",
        _choice("auto", "builtin", "llm"),
        "auto",
        "auto: the model endpoint when an API key is set, otherwise builtin",
    ),
    Setting("OPENROUTER_API_KEY", _text, None, "key for OpenRouter", secret=True),
    Setting("LLM_API_KEY", _text, None, "key for another OpenAI-compatible endpoint", secret=True),
    Setting(
        "LLM_BASE_URL",
        _text,
        "https://openrouter.ai/api/v1",
        "OpenAI-compatible base URL (Ollama, vLLM, LM Studio work too)",
    ),
    Setting("LLM_MODEL", _text, "openai/gpt-4o-mini", "model name sent to the endpoint"),
    Setting("LLM_CONNECT_TIMEOUT_SECONDS", _positive_float, "5", "model endpoint connect timeout"),
    Setting("LLM_READ_TIMEOUT_SECONDS", _positive_float, "60", "model endpoint read timeout"),
    Setting("LLM_MAX_TOKENS", _positive_int, "1200", "token cap of one analysis reply"),
    Setting(
        "LLM_MONTHLY_BUDGET_USD",
        _positive_float,
        None,
        "model spend (reported cost, US dollars) per calendar month (UTC) after which "
        "analyses run on the builtin analyzer; unset: no budget",
    ),
    Setting(
        "QUOTA_ANALYSES_PER_DAY",
        _non_negative_int,
        "50",
        "analyses an account may ask for per day (its own time zone); 0: no limit; admins exempt",
    ),
    Setting(
        "QUOTA_STORAGE_BYTES",
        _non_negative_int,
        str(50 * 1024 * 1024),
        "bytes of resume files an account may keep; 0: no limit; admins exempt",
    ),
    Setting(
        "QUOTA_CAPTURES_PER_DAY",
        _non_negative_int,
        "100",
        "job postings an account may capture per day (its own time zone); 0: no limit",
    ),
    Setting(
        "CAPTURE_ALLOW_PRIVATE_NETWORKS",
        _bool,
        "false",
        "let captures fetch loopback, private and link-local addresses (tests, closed networks)",
    ),
    Setting(
        "CAPTURE_TIMEOUT_SECONDS",
        _positive_float,
        "20",
        "longest a capture's fetch of a posting may take, redirects included",
    ),
    Setting(
        "SMTP_URL",
        _smtp_url,
        None,
        "smtp://user:password@host:587 (STARTTLS), smtps://... (TLS) or smtp://host:port "
        "(plain, local servers); unset: mail printed in development, not sent otherwise",
        secret=True,
    ),
    Setting("MAIL_FROM", _text, "jatify@localhost", "sender address of Jatify's emails"),
    Setting("SMTP_TIMEOUT_SECONDS", _positive_float, "20", "mail server connect and reply timeout"),
    Setting(
        "PUBLIC_URL",
        _public_url,
        None,
        "where people open Jatify (https://jatify.example.org): the start of links in emails; "
        "unset: http://localhost:8000 in development, no password reset emails otherwise",
    ),
    Setting(
        "REGISTRATION",
        _choice("open", "invite", "closed"),
        "open",
        "who may register: anyone, only with a code from flask users invite, or nobody",
    ),
    Setting(
        "INVITE_DAYS", _positive_int, "14", "days an invite code from flask users invite works"
    ),
    Setting("LOG_LEVEL", _choice("debug", "info", "warning", "error"), "info", "log level"),
    Setting("LOG_FORMAT", _choice("text", "json"), "text", "log line format"),
    Setting("CORS_ORIGINS", _csv, "", "comma-separated origins allowed to call the API"),
    Setting(
        "METRICS_TOKEN",
        _bearer_token,
        None,
        "bearer token /metrics requires (16+ characters); unset: /metrics answers 404 in "
        "production, open in development",
        secret=True,
    ),
)


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
