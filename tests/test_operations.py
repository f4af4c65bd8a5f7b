"""The operator's view: request ids in logs and headers, security headers, CORS, metrics."""

import io
import json
import logging

from jatify import create_app
from jatify.logs import configure


def test_every_answer_carries_a_request_id(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]
    assert first and second and first != second


def test_a_sane_caller_request_id_is_kept_and_a_hostile_one_replaced(client):
    assert (
        client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["X-Request-ID"]
        == "abc-123"
    )
    for hostile in ("<script>alert(1)</script>", "a" * 500, "id with spaces"):
        answered = client.get("/healthz", headers={"X-Request-ID": hostile})
        assert answered.headers["X-Request-ID"] not in ("", hostile)


def test_json_log_lines_carry_the_request_id(app_config):
    app = create_app({**app_config, "LOG_FORMAT": "json", "LOG_LEVEL": "info"})
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "_jatify", False))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        app.test_client().get("/healthz", headers={"X-Request-ID": "req-42"})
        lines = [line for line in stream.getvalue().splitlines() if "req-42" in line]
        record = json.loads(lines[-1])
        assert record["request_id"] == "req-42"
        assert record["level"] == "INFO"
        assert "GET /healthz 200" in record["message"]
    finally:
        handler.setStream(previous)
        configure("warning", "text")


def test_security_headers_on_json_and_error_answers(client):
    for response in (client.get("/healthz"), client.get("/api/nowhere")):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


def test_cors_is_closed_by_default(client):
    response = client.get("/api/statuses", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_allows_only_configured_origins(app_config):
    app = create_app({**app_config, "CORS_ORIGINS": ["https://app.example"]})
    client = app.test_client()
    allowed = client.options(
        "/api/auth/login",
        headers={"Origin": "https://app.example", "Access-Control-Request-Method": "POST"},
    )
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://app.example"
    denied = client.get("/api/statuses", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in denied.headers


def test_metrics_count_requests_by_route_and_report_queue_depth(client, app):
    client.get("/api/statuses")
    with app.app_context():
        from sqlalchemy import text

        from jatify.extensions import db

        db.session.execute(
            text(
                "INSERT INTO queue_jobs (kind, payload) VALUES ('test.noop', '{}'), "
                "('test.noop', '{}')"
            )
        )
        db.session.commit()
    body = client.get("/metrics").get_data(as_text=True)
    assert 'jatify_http_requests_total{method="GET",route="/api/statuses",status="401"}' in body
    assert 'jatify_queue_jobs{kind="test.noop",status="pending"} 2.0' in body
    assert "jatify_database_up 1.0" in body
