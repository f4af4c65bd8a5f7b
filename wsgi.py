"""WSGI entry point: `gunicorn wsgi:app` (and `flask --app wsgi ...`)."""

import sys

from jatify import create_app
from jatify.config import ConfigError

try:
    app = create_app()
except ConfigError as exc:
    # One line, never a traceback: the setting to fix is all the operator needs.
    sys.exit(f"jatify: {exc}")
