"""The environment Jatify runs in on one machine: the one `bin/dev` and `bin/flask` share."""

from __future__ import annotations

import sys
from collections.abc import Mapping

from jatify.config import instance_dir
from jatify.development import embedded_db


def development_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """`environ` completed as bin/dev runs Jatify: JATIFY_ENV=development unless set, and,
    with DATABASE_URL unset, the URL of the embedded PostgreSQL under var/pgdata, started
    for this process or joined when another (bin/dev) runs it already."""
    env = dict(environ)
    env.setdefault("JATIFY_ENV", "development")
    if not env.get("DATABASE_URL"):
        data_dir = instance_dir() / "pgdata"
        print(f"jatify: starting the embedded PostgreSQL in {data_dir}", file=sys.stderr)
        env["DATABASE_URL"] = embedded_db.start(data_dir, "jatify")
    return env
