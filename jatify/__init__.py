"""Jatify: a job application tracker with resume analysis on a PostgreSQL job queue."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    """Build the Flask app: config, extensions, blueprints, error handlers, CLI groups."""
    from jatify import api, cli, database, json, logs, metrics, proxies, security, throttle, web
    from jatify.config import PROJECT_ROOT, build_config
    from jatify.extensions import db, migrate

    app = Flask(__name__)
    app.config.from_mapping(build_config(overrides=overrides))
    json.init_app(app)
    logs.init_app(app)
    metrics.init_app(app)
    security.init_app(app)
    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    api.init_app(app)
    throttle.init_app(app)
    app.register_blueprint(web.blp)
    cli.init_app(app)
    proxies.init_app(app)
    return app
