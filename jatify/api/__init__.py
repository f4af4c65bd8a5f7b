"""The JSON API: one blueprint module per resource, documented by flask-smorest."""

from __future__ import annotations

from flask import Flask

from jatify.api import (
    account,
    agenda,
    analyses,
    applications,
    auth,
    calendar,
    captures,
    contacts,
    dlq,
    docs,
    errors,
    health,
    imports,
    insights,
    interviews,
    jobs,
    notes,
    queue_stats,
    resumes,
    sessions,
    statuses,
    tags,
    todos,
    tokens,
    transfer,
    usage,
    users,
)
from jatify.api.common import check_request_body, document_request_rules
from jatify.api.input_rules import REQUEST_RULES

api = errors.JatifyApi()

BLUEPRINT_MODULES = (
    auth,
    users,
    sessions,
    account,
    usage,
    statuses,
    insights,
    transfer,
    imports,
    jobs,
    captures,
    applications,
    contacts,
    notes,
    tags,
    resumes,
    analyses,
    dlq,
    queue_stats,
    interviews,
    todos,
    agenda,
    calendar,
)


def init_app(app: Flask) -> None:
    """Register the error envelope, the token checks, the documented blueprints, health
    checks and the docs assets."""
    errors.init_app(app)
    tokens.init_app(app)
    app.config.update(
        API_TITLE="Jatify",
        API_VERSION="1.0",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL=docs.SWAGGER_UI_URL,
    )
    api.init_app(
        app,
        spec_kwargs={
            "info": {
                "description": f"Job application tracker with resume analysis. {REQUEST_RULES}"
            },
        },
    )
    document_request_rules(api)
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    )
    for module in BLUEPRINT_MODULES:
        api.register_blueprint(module.blp)
    # The calendar feed lives outside /api: calendar apps fetch it without a token.
    api.register_blueprint(calendar.feed_blp)
    app.before_request(check_request_body)
    app.register_blueprint(health.blp)
    app.register_blueprint(docs.blp)
