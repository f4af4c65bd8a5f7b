"""`bin/flask`: Jatify's `flask` commands in the environment bin/dev runs in.

JATIFY_ENV defaults to development and, with DATABASE_URL unset, the command runs on the
embedded PostgreSQL under var/pgdata (joined while bin/dev runs, started and stopped
again otherwise), so `bin/flask users promote EMAIL` works as written after `bin/dev`.
A configuration error is one line on stderr (exit status 2), never a traceback.
"""

from __future__ import annotations

import os
import sys

from flask.cli import FlaskGroup

from jatify.development.environment import development_environment


def main(argv: list[str] | None = None) -> None:
    """Build the app in the development environment and run the `flask` command line."""
    os.environ.update(development_environment(os.environ))
    from jatify import create_app
    from jatify.config import ConfigError

    try:
        app = create_app()
    except ConfigError as exc:
        print(f"bin/flask: {exc}", file=sys.stderr)
        sys.exit(2)
    FlaskGroup(create_app=lambda: app, load_dotenv=False).main(args=argv, prog_name="bin/flask")


if __name__ == "__main__":
    main()
