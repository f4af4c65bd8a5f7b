"""WSGI entry point: `gunicorn wsgi:app`."""

from jatify import create_app

app = create_app()
