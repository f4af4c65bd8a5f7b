"""Capture fixtures: the career site on 127.0.0.1, a guard that keeps every fetch off the
internet, and helpers that capture through the API and run the queue's handler.

`no_internet` (autouse) replaces urllib3's socket opener: a connection may go to
127.0.0.1 only, or to one of the `public_hosts` a test declares, which stand for sites
on the internet and are served by the career site. Nothing here can reach another
address, even if the fetcher's own checks were broken.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from urllib3.util import connection

from jatify.capture import FetchSettings
from jatify.tasks import capture as capture_task
from tests.capture.career_site import CareerSite
from tests.resumes import conftest as resume_fixtures

run_handler = resume_fixtures.run_handler
user_id = resume_fixtures.user_id
worker_connection = resume_fixtures.worker_connection

# A globally routable address (example.com's), never really connected to.
PUBLIC_ADDRESS = "93.184.216.34"


class PublicHosts:
    """Addresses that stand for internet sites, routed to the career site; every dial."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[str, int]] = {}
        self.dialled: list[str] = []

    def route(self, address: str, site: CareerSite) -> None:
        """Connections to `address` reach the career site."""
        self.routes[address] = ("127.0.0.1", site.port)


@pytest.fixture(autouse=True)
def public_hosts(monkeypatch: pytest.MonkeyPatch) -> PublicHosts:
    """The no-internet guard, and the public addresses the test routes to the site."""
    hosts = PublicHosts()
    real = connection.create_connection

    def create_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        host, _port = address
        hosts.dialled.append(host)
        if host in hosts.routes:
            return real(hosts.routes[host], *args, **kwargs)
        if host not in ("127.0.0.1", "localhost"):
            raise OSError(f"the test suite has no internet (tried {host})")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(connection, "create_connection", create_connection)
    return hosts


@pytest.fixture
def site() -> Iterator[CareerSite]:
    """The career site, serving pages/ and its misbehaving routes."""
    with CareerSite() as career_site:
        yield career_site


@pytest.fixture
def open_fetch() -> FetchSettings:
    """Fetch settings that reach the career site on 127.0.0.1 (short timeout)."""
    return FetchSettings(allow_private_networks=True, timeout_seconds=3, connect_timeout_seconds=1)


@pytest.fixture
def capture_config(app: Flask) -> dict[str, Any]:
    """App settings for capture tasks that may fetch the career site."""
    return {**app.config, "CAPTURE_ALLOW_PRIVATE_NETWORKS": True, "CAPTURE_TIMEOUT_SECONDS": 3}


@pytest.fixture
def request_capture(client: FlaskClient) -> Callable[..., dict[str, Any]]:
    """POST /api/jobs/capture with `body`; the 202 answer's capture."""

    def request_capture(headers: dict[str, str], **body: Any) -> dict[str, Any]:
        response = client.post("/api/jobs/capture", json=body, headers=headers)
        assert response.status_code == 202, response.get_json()
        return response.get_json()

    return request_capture


@pytest.fixture
def run_capture(
    run_handler: Callable[..., None], capture_config: dict[str, Any]
) -> Callable[..., None]:
    """Run the job.capture handler for a capture, as the queue would."""

    def run_capture(capture_id: str, config: dict[str, Any] | None = None) -> None:
        run_handler(
            capture_task.capture_posting, {"capture_id": capture_id}, config or capture_config
        )

    return run_capture


@pytest.fixture
def captured(
    client: FlaskClient,
    request_capture: Callable[..., dict[str, Any]],
    run_capture: Callable[..., None],
) -> Callable[..., dict[str, Any]]:
    """Capture a posting through the API and the handler; the finished capture."""

    def captured(headers: dict[str, str], **body: Any) -> dict[str, Any]:
        capture = request_capture(headers, **body)
        run_capture(capture["id"])
        return client.get(f"/api/captures/{capture['id']}", headers=headers).get_json()

    return captured
