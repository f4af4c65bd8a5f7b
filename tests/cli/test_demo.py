"""`flask demo seed`: a demo account full of listings and applications, seeded once."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime

from jatify.services.demo_data import APPLICATIONS, JOBS

EMAIL = "demo@example.com"
PASSWORD = "demo password 123"


def seed(app, *args):
    """Run `flask demo seed` with `args`; return the result."""
    return app.test_cli_runner().invoke(args=["demo", "seed", *args])


def headers_for(login, email, password):
    """Bearer headers after logging in through the API."""
    return {"Authorization": f"Bearer {login(email, password)['access_token']}"}


def everything(client, headers, kind):
    """Every item of a list route (the demo fits in one page of 100)."""
    body = client.get(f"/api/{kind}?page_size=100", headers=headers).get_json()
    assert body["total"] == len(body["items"])
    return body["items"]


def test_seed_fills_a_new_account(app, client, login):
    result = seed(app, "--email", EMAIL, "--password", PASSWORD)
    assert result.exit_code == 0, result.output
    assert EMAIL in result.output
    assert f"added {len(JOBS)} job listings and {len(APPLICATIONS)} applications" in result.output
    headers = headers_for(login, EMAIL, PASSWORD)
    jobs = everything(client, headers, "jobs")
    applications = everything(client, headers, "applications")
    assert len(jobs) == len(JOBS) >= 15
    assert len(applications) == len(APPLICATIONS) >= 25
    assert all(job["url"].startswith("https://") and job["description"] for job in jobs)
    assert all(job["location"] and job["salary"] for job in jobs)
    assert len({application["status"]["id"] for application in applications}) >= 8


def test_seeded_histories_are_consistent(app, client, login):
    assert seed(app, "--email", EMAIL, "--password", PASSWORD).exit_code == 0
    headers = headers_for(login, EMAIL, PASSWORD)
    now = datetime.now(UTC)
    for item in everything(client, headers, "applications"):
        application = client.get(f"/api/applications/{item['id']}", headers=headers).get_json()
        history = application["status_history"]
        assert history[0]["from_status"] is None
        for before, after in itertools.pairwise(history):
            assert after["from_status"] == before["to_status"]
            moments = [datetime.fromisoformat(s["changed_at"]) for s in (before, after)]
            assert moments[1] > moments[0]
        assert history[-1]["to_status"] == application["status"]
        assert datetime.fromisoformat(history[-1]["changed_at"]) <= now
        visited = {step["to_status"]["name"] for step in history}
        assert ("Applied" in visited) == (application["applied_at"] is not None)


def test_seeding_twice_adds_nothing(app, client, login):
    assert seed(app, "--email", EMAIL, "--password", PASSWORD).exit_code == 0
    again = seed(app, "--email", EMAIL)
    assert again.exit_code == 0, again.output
    assert "added 0 job listings and 0 applications" in again.output
    assert "password unchanged" in again.output
    headers = headers_for(login, EMAIL, PASSWORD)
    assert len(everything(client, headers, "jobs")) == len(JOBS)
    assert len(everything(client, headers, "applications")) == len(APPLICATIONS)


def test_seeding_restores_a_deleted_listing(app, client, login):
    assert seed(app, "--email", EMAIL, "--password", PASSWORD).exit_code == 0
    headers = headers_for(login, EMAIL, PASSWORD)
    job = everything(client, headers, "jobs")[0]
    assert client.delete(f"/api/jobs/{job['id']}", headers=headers).status_code == 204
    again = seed(app, "--email", EMAIL)
    assert "added 1 job listings" in again.output
    assert len(everything(client, headers, "jobs")) == len(JOBS)


def test_seed_without_password_prints_a_generated_one(app, client, login):
    result = seed(app)
    assert result.exit_code == 0, result.output
    assert "demo@jatify.local" in result.output
    password = re.search(r"password: (\S+)\)", result.output).group(1)
    assert len(password) >= 12
    headers = headers_for(login, "demo@jatify.local", password)
    assert len(everything(client, headers, "jobs")) == len(JOBS)


def test_seed_can_reset_the_password_of_an_existing_account(app, login):
    assert seed(app, "--email", EMAIL, "--password", PASSWORD).exit_code == 0
    assert seed(app, "--email", EMAIL.upper(), "--password", "another secret").exit_code == 0
    assert login(EMAIL, "another secret")["user"]["email"] == EMAIL


def test_seed_leaves_other_accounts_alone(app, client, auth_headers):
    assert seed(app, "--email", EMAIL, "--password", PASSWORD).exit_code == 0
    assert everything(client, auth_headers, "jobs") == []
    assert everything(client, auth_headers, "applications") == []


def test_seed_rejects_bad_options(app, client):
    short = seed(app, "--email", EMAIL, "--password", "short")
    assert short.exit_code != 0
    assert "between 8 and 128" in short.output
    assert seed(app, "--email", "not-an-email").exit_code != 0
    login = client.post("/api/auth/login", json={"email": EMAIL, "password": "short"})
    assert login.status_code == 401
