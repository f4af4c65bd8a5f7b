"""`bin/flask`: the admin commands in bin/dev's environment, and one line per config error.

Issue #11, defect 10: after `bin/dev`, `.venv/bin/flask --app wsgi users promote EMAIL`
died with a traceback (JWT_SECRET_KEY must be set in production, then DATABASE_URL is not
set), so nobody could make themselves an admin without finding the socket by hand.

Each test runs bin/flask from a copy of the project (sharing its .venv), so the copy's
var/ (the development key, the embedded server) is a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from jatify.config import PROJECT_ROOT

COPIED = ("bin", "jatify", "migrations", "wsgi.py", "requirements.txt", "requirements-dev.txt")
# Settings a developer's shell may carry that would change what bin/flask does.
CLEARED = ("DATABASE_URL", "JATIFY_ENV", "JWT_SECRET_KEY", "FLASK_APP", "WORKER_PROCESSES")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project to run bin/flask in, on the real .venv's packages.

    The copy's .venv links to the real one's parts and holds its own up-to-date install
    stamp, so bin/flask installs nothing into the shared .venv.
    """
    root = tmp_path / "jatify-copy"
    root.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "node_modules")
    for name in COPIED:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=ignore)
        else:
            shutil.copy2(source, root / name)
    venv = root / ".venv"
    venv.mkdir()
    for part in ("bin", "include", "lib", "pyvenv.cfg"):
        (venv / part).symlink_to(PROJECT_ROOT / ".venv" / part)
    digest = subprocess.run(
        ["bash", "-c", "cat requirements*.txt | sha256sum | cut -d' ' -f1"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (venv / ".installed-requirements.txt").write_text(digest)
    return root


@pytest.fixture
def bin_flask(project: Path) -> Callable[..., subprocess.CompletedProcess]:
    """Run `bin/flask ARGS` of the copy with `settings` added to a cleaned environment."""

    def bin_flask(*args: str, **settings: str) -> subprocess.CompletedProcess:
        env = {name: value for name, value in os.environ.items() if name not in CLEARED}
        env.update(settings)
        return subprocess.run(
            [str(project / "bin" / "flask"), *args],
            env=env,
            cwd=project.parent,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return bin_flask


def test_a_missing_production_secret_is_one_line(bin_flask, database_url):
    result = bin_flask("queue", "stats", JATIFY_ENV="production", DATABASE_URL=database_url)

    assert result.returncode == 2
    assert result.stderr.startswith("bin/flask: JWT_SECRET_KEY must be set in production")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr + result.stdout


def test_a_malformed_setting_is_one_line(bin_flask, database_url):
    result = bin_flask("queue", "stats", DATABASE_URL=database_url, WORKER_PROCESSES="many")

    assert result.returncode == 2
    assert result.stderr.startswith("bin/flask: invalid settings: WORKER_PROCESSES")
    assert result.stderr.count("\n") == 1


def test_commands_run_in_the_development_environment(
    bin_flask, project, register, database_url, sql
):
    user = register()

    promoted = bin_flask("users", "promote", user["email"], DATABASE_URL=database_url)
    stats = bin_flask("queue", "stats", DATABASE_URL=database_url)

    assert promoted.returncode == 0, promoted.stderr
    assert promoted.stdout.strip() == f"{user['email']} is now an admin"
    assert sql("SELECT is_admin FROM users WHERE id = :id", id=user["id"]) == [(True,)]
    assert stats.returncode == 0, stats.stderr
    assert "oldest available pending job" in stats.stdout
    assert (project / "var" / "dev-jwt-secret").is_file()  # development invents the key


@pytest.mark.slow
def test_without_database_url_it_runs_on_the_embedded_server_bin_dev_uses(bin_flask, project):
    data_dir = project / "var" / "pgdata"

    upgraded = bin_flask("db", "upgrade")
    listed = bin_flask("dlq", "list")

    assert upgraded.returncode == 0, upgraded.stderr
    assert f"starting the embedded PostgreSQL in {data_dir}" in upgraded.stderr
    assert (listed.returncode, listed.stdout.strip()) == (0, "0 of 0 open dead letters")
    assert not (data_dir / "postmaster.pid").exists()  # stopped again: nobody else used it
