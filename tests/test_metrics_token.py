"""/metrics behind METRICS_TOKEN: a Bearer token when set, 404 in production without one,
open in development; the token is never written to a log."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from jatify import create_app
from jatify.config import ConfigError, load_settings
from tests.security.helpers import assert_envelope

TOKEN = "metrics-token-0123456789-abcdefgh"


def metrics_client(app_config: dict[str, Any], **overrides: Any) -> FlaskClient:
    """A client of an app built with `overrides`."""
    return create_app({**app_config, **overrides}).test_client()


def test_without_a_token_development_stays_open(app: Flask, client: FlaskClient):
    response = client.get("/metrics")

    assert response.status_code == 200
    assert b"jatify_database_up 1.0" in response.data


def test_production_without_a_token_does_not_serve_metrics(app: Flask, app_config):
    client = metrics_client(app_config, JATIFY_ENV="production")

    assert_envelope(client.get("/metrics"), 404, "not_found")
    assert_envelope(client.get("/metrics", headers={"Authorization": "Bearer x"}), 404)


@pytest.mark.parametrize("environment", ["production", "development"])
def test_with_a_token_a_scrape_must_send_it(app: Flask, app_config, environment: str):
    client = metrics_client(app_config, JATIFY_ENV=environment, METRICS_TOKEN=TOKEN)

    for authorization in ("Bearer " + TOKEN, "bearer " + TOKEN):
        response = client.get("/metrics", headers={"Authorization": authorization})
        assert response.status_code == 200
        assert b"jatify_http_requests_total" in response.data
    refused = (
        None,
        "Bearer",
        "Bearer wrong",
        f"Bearer {TOKEN}x",
        f"Bearer {TOKEN[:-1]}",
        f"Basic {TOKEN}",
        TOKEN,
    )
    for authorization in refused:
        headers = {} if authorization is None else {"Authorization": authorization}
        error = assert_envelope(client.get("/metrics", headers=headers), 401, "unauthorized")
        assert TOKEN not in error["message"]


def test_the_token_is_never_logged(app: Flask, app_config, caplog: pytest.LogCaptureFixture):
    client = metrics_client(app_config, JATIFY_ENV="production", METRICS_TOKEN=TOKEN)
    caplog.set_level(logging.DEBUG)  # after the app set the level from LOG_LEVEL

    client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}-wrong"})

    assert "/metrics" in caplog.text  # the request lines were captured
    assert TOKEN not in caplog.text


@pytest.mark.parametrize("value", ["short", "has a space in it 0123", "tab\tinside-0123456789"])
def test_a_weak_or_unsendable_token_stops_the_start_without_repeating_it(value: str):
    with pytest.raises(ConfigError) as raised:
        load_settings({"METRICS_TOKEN": value})

    assert "METRICS_TOKEN" in str(raised.value)
    assert value.strip() not in str(raised.value)
