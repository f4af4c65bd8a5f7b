"""The table of Jatify's settings: every environment variable, how it is parsed, its
default and a line of help (`.env.example` and the README list the same table).

`jatify.config` reads the environment with it and builds the Flask config.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jatify import setting_types as types

ENVIRONMENTS = ("production", "development", "testing")


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
        types.choice(*ENVIRONMENTS),
        "production",
        "production refuses to start without JWT_SECRET_KEY; development invents one",
    ),
    Setting(
        "DATABASE_URL",
        types.text,
        None,
        "PostgreSQL URL; unset in development means the embedded server under var/",
    ),
    Setting(
        "JWT_SECRET_KEY",
        types.text,
        None,
        "HS256 signing key for tokens (32+ characters)",
        secret=True,
    ),
    Setting("JWT_ACCESS_TOKEN_MINUTES", types.positive_int, "15", "lifetime of an access token"),
    Setting("JWT_REFRESH_TOKEN_DAYS", types.positive_int, "30", "lifetime of a refresh token"),
    Setting(
        "LOGIN_MAX_FAILURES",
        types.positive_int,
        "5",
        "wrong passwords for one email from one client address that lock that email there",
    ),
    Setting(
        "LOGIN_LOCKOUT_SECONDS",
        types.positive_int,
        "900",
        "the window the failures count in, from the first; a lock lasts until it ends",
    ),
    Setting(
        "RATELIMIT_ENABLED",
        types.bool,
        "true",
        "rate-limit login, register, forgot and reset (429 rate_limited with Retry-After)",
    ),
    Setting(
        "RATELIMIT_AUTH_PER_ADDRESS",
        types.rate,
        "60/minute",
        "requests to each of those routes per client address (e.g. 60/minute;600/hour)",
    ),
    Setting(
        "RATELIMIT_AUTH_PER_EMAIL",
        types.rate,
        "10/minute",
        "requests to login, register and forgot per email in the body, from any address",
    ),
    Setting(
        "RATELIMIT_STORAGE_URL",
        types.limits_storage_url,
        None,
        "Redis for the rate limit and login failure counters (redis://host:6379/0); "
        "unset: PostgreSQL's rate_limits table",
        secret=True,
    ),
    Setting(
        "PROXY_FIX_HOPS",
        types.non_negative_int,
        "0",
        "trusted reverse proxies in front (X-Forwarded-For/-Proto/-Host); 0: trust none",
    ),
    Setting(
        "AUTH_SESSION_CACHE",
        types.bool,
        "true",
        "remember live login sessions per process, forgotten on NOTIFY (off: one query a request)",
    ),
    Setting(
        "MAX_UPLOAD_BYTES",
        types.positive_int,
        str(5 * 1024 * 1024),
        "largest request body accepted (resume uploads), in bytes",
    ),
    Setting(
        "IMPORT_MAX_BYTES",
        types.positive_int,
        str(50 * 1024 * 1024),
        "largest CSV accepted by POST /api/applications/import, in bytes",
    ),
    Setting("WORKER_PROCESSES", types.positive_int, "2", "worker processes forked by worker.py"),
    Setting(
        "WORKER_POLL_SECONDS",
        types.positive_float,
        "5",
        "how long an idle worker waits for a notification before polling",
    ),
    Setting(
        "WORKER_SHUTDOWN_GRACE",
        types.positive_float,
        "30",
        "seconds running jobs get to finish after SIGTERM",
    ),
    Setting(
        "QUEUE_LEASE_SECONDS",
        types.positive_float,
        "60",
        "lease of a claimed job; extended while it runs, rescued when it expires",
    ),
    Setting(
        "QUEUE_MAX_ATTEMPTS", types.positive_int, "5", "attempts before a job is dead-lettered"
    ),
    Setting(
        "QUEUE_JOB_TIMEOUT_SECONDS",
        types.positive_float,
        "300",
        "hard limit on one attempt of a job",
    ),
    Setting("QUEUE_RETRY_BASE_SECONDS", types.positive_float, "2", "first retry delay (doubles)"),
    Setting("QUEUE_RETRY_MAX_SECONDS", types.positive_float, "600", "longest retry delay"),
    Setting(
        "SCHEDULER",
        types.choice("auto", "on", "off"),
        "auto",
        "periodic jobs enqueued by worker.py (digest, retention); auto: on unless testing",
    ),
    Setting(
        "SCHEDULER_POLL_SECONDS",
        types.positive_float,
        "15",
        "how often worker.py's scheduler looks for a periodic job that is due",
    ),
    Setting(
        "QUEUE_RETENTION_DAYS",
        types.positive_int,
        "30",
        "done jobs older than this are pruned every day (as flask queue prune does)",
    ),
    Setting(
        "DLQ_RETENTION_DAYS",
        types.positive_int,
        "90",
        "dead letters older than this are purged every day (as flask dlq purge does)",
    ),
    Setting(
        "ANALYZER",
        types.choice("auto", "builtin", "llm"),
        "auto",
        "auto: the model endpoint when an API key is set, otherwise builtin",
    ),
    Setting("OPENROUTER_API_KEY", types.text, None, "key for OpenRouter", secret=True),
    Setting(
        "LLM_API_KEY", types.text, None, "key for another OpenAI-compatible endpoint", secret=True
    ),
    Setting(
        "LLM_BASE_URL",
        types.text,
        "https://openrouter.ai/api/v1",
        "OpenAI-compatible base URL (Ollama, vLLM, LM Studio work too)",
    ),
    Setting("LLM_MODEL", types.text, "openai/gpt-4o-mini", "model name sent to the endpoint"),
    Setting(
        "LLM_CONNECT_TIMEOUT_SECONDS", types.positive_float, "5", "model endpoint connect timeout"
    ),
    Setting("LLM_READ_TIMEOUT_SECONDS", types.positive_float, "60", "model endpoint read timeout"),
    Setting("LLM_MAX_TOKENS", types.positive_int, "1200", "token cap of one analysis reply"),
    Setting(
        "LLM_MONTHLY_BUDGET_USD",
        types.positive_float,
        None,
        "model spend (reported cost, US dollars) per calendar month (UTC) after which "
        "analyses run on the builtin analyzer; unset: no budget",
    ),
    Setting(
        "QUOTA_ANALYSES_PER_DAY",
        types.non_negative_int,
        "50",
        "analyses an account may ask for per day (its own time zone); 0: no limit; admins exempt",
    ),
    Setting(
        "QUOTA_STORAGE_BYTES",
        types.non_negative_int,
        str(50 * 1024 * 1024),
        "bytes of resume files an account may keep; 0: no limit; admins exempt",
    ),
    Setting(
        "QUOTA_CAPTURES_PER_DAY",
        types.non_negative_int,
        "100",
        "job postings an account may capture per day (its own time zone); 0: no limit",
    ),
    Setting(
        "CAPTURE_ALLOW_PRIVATE_NETWORKS",
        types.bool,
        "false",
        "let captures fetch loopback, private and link-local addresses (tests, closed networks)",
    ),
    Setting(
        "CAPTURE_TIMEOUT_SECONDS",
        types.positive_float,
        "20",
        "longest a capture's fetch of a posting may take, redirects included",
    ),
    Setting(
        "SMTP_URL",
        types.smtp_url,
        None,
        "smtp://user:password@host:587 (STARTTLS), smtps://... (TLS) or smtp://host:port "
        "(plain, local servers); unset: mail printed in development, not sent otherwise",
        secret=True,
    ),
    Setting("MAIL_FROM", types.text, "jatify@localhost", "sender address of Jatify's emails"),
    Setting(
        "SMTP_TIMEOUT_SECONDS", types.positive_float, "20", "mail server connect and reply timeout"
    ),
    Setting(
        "PUBLIC_URL",
        types.public_url,
        None,
        "where people open Jatify (https://jatify.example.org): the start of links in emails; "
        "unset: http://localhost:8000 in development, no password reset emails otherwise",
    ),
    Setting(
        "REGISTRATION",
        types.choice("open", "invite", "closed"),
        "open",
        "who may register: anyone, only with a code from flask users invite, or nobody",
    ),
    Setting(
        "INVITE_DAYS", types.positive_int, "14", "days an invite code from flask users invite works"
    ),
    Setting("LOG_LEVEL", types.choice("debug", "info", "warning", "error"), "info", "log level"),
    Setting("LOG_FORMAT", types.choice("text", "json"), "text", "log line format"),
    Setting("CORS_ORIGINS", types.csv, "", "comma-separated origins allowed to call the API"),
    Setting(
        "METRICS_TOKEN",
        types.bearer_token,
        None,
        "bearer token /metrics requires (16+ characters); unset: /metrics answers 404 in "
        "production, open in development",
        secret=True,
    ),
)
