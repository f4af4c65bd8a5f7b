"""Configuration safety: fail fast on missing secrets and malformed values, never leak keys."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from jatify import config
from jatify.config import ConfigError, build_config

DATABASE = "postgresql://jatify@localhost:5432/jatify"
KEY = "production-signing-key-0123456789-abcdefghij"


def env(**values: str) -> dict[str, str]:
    """A minimal environment: a database URL plus `values`."""
    return {"DATABASE_URL": DATABASE, **values}


@pytest.fixture
def instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the local-state folder (development key) at a temporary folder."""
    monkeypatch.setattr(config, "instance_dir", lambda: tmp_path)
    return tmp_path


def test_production_without_a_key_refuses_to_start():
    with pytest.raises(ConfigError, match="JWT_SECRET_KEY must be set in production"):
        build_config(env(JATIFY_ENV="production"))


def test_production_is_the_default_environment(instance: Path):
    with pytest.raises(ConfigError, match="JWT_SECRET_KEY"):
        build_config(env())
    assert not list(instance.iterdir())


def test_production_blank_key_refuses_to_start():
    with pytest.raises(ConfigError, match="JWT_SECRET_KEY must be set"):
        build_config(env(JATIFY_ENV="production", JWT_SECRET_KEY="   "))


def test_production_short_key_refuses_to_start_without_echoing_it():
    short = "short-secret-value-of-31-chars!"
    assert len(short) == 31

    with pytest.raises(ConfigError, match="at least 32 characters") as raised:
        build_config(env(JATIFY_ENV="production", JWT_SECRET_KEY=short))

    assert short not in str(raised.value)


def test_production_with_a_long_key_builds_the_config():
    settings = build_config(env(JATIFY_ENV="production", JWT_SECRET_KEY=KEY))

    assert settings["JWT_SECRET_KEY"] == KEY
    assert settings["SECRET_KEY"] == KEY
    assert settings["JWT_DECODE_ALGORITHMS"] == ["HS256"]
    assert settings["TESTING"] is False
    assert settings["JWT_ACCESS_TOKEN_EXPIRES"] == 15 * 60
    assert settings["JWT_REFRESH_TOKEN_EXPIRES"] == 30 * 86400
    assert settings["LOGIN_MAX_FAILURES"] == 5
    assert settings["IMPORT_MAX_BYTES"] == 50 * 1024 * 1024


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("LOGIN_MAX_FAILURES", "abc"),
        ("LOGIN_MAX_FAILURES", "0"),
        ("LOGIN_LOCKOUT_SECONDS", "-60"),
        ("JWT_ACCESS_TOKEN_MINUTES", "1.5"),
        ("MAX_UPLOAD_BYTES", "5MB"),
        ("IMPORT_MAX_BYTES", "50MiB"),
        ("IMPORT_MAX_BYTES", "0"),
        ("WORKER_POLL_SECONDS", "0"),
        ("WORKER_POLL_SECONDS", "nan"),
        ("QUEUE_LEASE_SECONDS", "inf"),
        ("JATIFY_ENV", "prod"),
        ("LOG_LEVEL", "verbose"),
    ],
)
def test_malformed_values_refuse_to_start_naming_the_setting(name: str, raw: str):
    with pytest.raises(ConfigError) as raised:
        build_config(env(JWT_SECRET_KEY=KEY, **{name: raw}))

    assert name in str(raised.value)
    assert KEY not in str(raised.value)


def test_every_malformed_value_is_reported_at_once():
    with pytest.raises(ConfigError) as raised:
        build_config(env(LOGIN_MAX_FAILURES="abc", WORKER_PROCESSES="0", JWT_SECRET_KEY=KEY))

    assert "LOGIN_MAX_FAILURES" in str(raised.value)
    assert "WORKER_PROCESSES" in str(raised.value)


def test_values_are_parsed_to_their_types():
    settings = build_config(
        env(
            JWT_SECRET_KEY=KEY,
            LOGIN_MAX_FAILURES=" 7 ",
            WORKER_POLL_SECONDS="0.25",
            LOG_LEVEL="DEBUG",
            CORS_ORIGINS="https://a.example, https://b.example,",
        )
    )

    assert settings["LOGIN_MAX_FAILURES"] == 7
    assert settings["WORKER_POLL_SECONDS"] == 0.25
    assert settings["LOG_LEVEL"] == "debug"
    assert settings["CORS_ORIGINS"] == ["https://a.example", "https://b.example"]


def test_empty_values_fall_back_to_defaults():
    settings = build_config(env(JWT_SECRET_KEY=KEY, LOGIN_MAX_FAILURES=""))

    assert settings["LOGIN_MAX_FAILURES"] == 5


def test_development_without_a_key_invents_one_and_keeps_it(instance: Path):
    first = build_config(env(JATIFY_ENV="development"))
    second = build_config(env(JATIFY_ENV="development"))

    key_file = instance / "dev-jwt-secret"
    assert first["JWT_SECRET_KEY"] == second["JWT_SECRET_KEY"] == key_file.read_text().strip()
    assert len(first["JWT_SECRET_KEY"]) >= 32
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_missing_database_url_is_a_clear_error():
    with pytest.raises(ConfigError, match="DATABASE_URL is not set"):
        build_config({"JATIFY_ENV": "production", "JWT_SECRET_KEY": KEY})


def test_overrides_win_over_the_environment():
    settings = build_config(
        env(JWT_SECRET_KEY=KEY, LOGIN_MAX_FAILURES="5"), overrides={"LOGIN_MAX_FAILURES": 3}
    )

    assert settings["LOGIN_MAX_FAILURES"] == 3


@pytest.mark.parametrize(
    "url",
    [
        "postgres://u:p@db:5432/jatify",
        "postgresql://u:p@db:5432/jatify",
        "postgresql+psycopg2://u:p@db:5432/jatify",
    ],
)
def test_database_url_is_normalised_for_both_drivers(url: str):
    settings = build_config({"DATABASE_URL": url, "JWT_SECRET_KEY": KEY})

    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg2://u:p@db:5432/jatify"
    assert settings["DATABASE_DSN"] == "postgresql://u:p@db:5432/jatify"


def test_the_flask_command_line_reports_a_configuration_error_in_one_line():
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"JWT_SECRET_KEY", "DATABASE_URL", "JATIFY_ENV"}
    }
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "queue", "stats"],
        cwd=config.PROJECT_ROOT,
        env={**environment, "JATIFY_ENV": "production"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "JWT_SECRET_KEY" in lines[0], done.stderr
