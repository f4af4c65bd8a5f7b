"""Refresh rotates: each refresh spends its token and answers the next one; a spent token
presented again ends the whole login (the theft scenario: attacker and victim both
refresh with the same token, one after the other and at the same instant)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import jwt
import requests
from flask.testing import FlaskClient

PROFILE = "/api/user/profile"


def bearer(token: str) -> dict[str, str]:
    """Authorization header for `token`."""
    return {"Authorization": f"Bearer {token}"}


def refresh(client: FlaskClient, refresh_token: str) -> Any:
    """POST /api/auth/refresh with `refresh_token`."""
    return client.post("/api/auth/refresh", headers=bearer(refresh_token))


def assert_revoked(response: Any) -> None:
    """401 token_revoked in the envelope."""
    assert response.status_code == 401, response.get_json()
    assert response.get_json()["error"]["code"] == "token_revoked"


def test_each_refresh_answers_a_new_pair_and_spends_the_token_sent(
    client: FlaskClient, register: Callable, login: Callable
):
    tokens = login(register()["email"])

    first = refresh(client, tokens["refresh_token"])
    assert first.status_code == 200
    pair = first.get_json()
    assert set(pair) == {"access_token", "refresh_token", "token_type", "expires_in"}
    claims = jwt.decode(pair["refresh_token"], options={"verify_signature": False})
    assert claims["gen"] == 1
    second = refresh(client, pair["refresh_token"])
    assert second.status_code == 200
    assert client.get(PROFILE, headers=bearer(second.get_json()["access_token"])).status_code == 200


def test_a_spent_refresh_token_ends_the_whole_login(
    client: FlaskClient, register: Callable, login: Callable
):
    user = register()
    stolen = login(user["email"])
    other_login = login(user["email"])
    victim = refresh(client, stolen["refresh_token"]).get_json()

    attacker = refresh(client, stolen["refresh_token"])

    assert_revoked(attacker)
    assert_revoked(client.get(PROFILE, headers=bearer(victim["access_token"])))
    assert_revoked(refresh(client, victim["refresh_token"]))
    assert_revoked(client.get(PROFILE, headers=bearer(stolen["access_token"])))
    # Another login of the same account is another session: untouched.
    assert client.get(PROFILE, headers=bearer(other_login["access_token"])).status_code == 200


def refresh_at_once(url: str, refresh_token: str, count: int = 2) -> list[requests.Response]:
    """`count` refreshes with one token, sent at the same instant from their own threads."""
    barrier = threading.Barrier(count)
    answers: list[requests.Response] = []

    def use() -> None:
        barrier.wait()
        headers = bearer(refresh_token)
        answers.append(requests.post(f"{url}/api/auth/refresh", headers=headers, timeout=30))

    threads = [threading.Thread(target=use) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_two_refreshes_with_one_token_at_once_give_one_pair_then_end_the_login(
    live_server: str, register: Callable, login: Callable
):
    for _ in range(5):
        stolen = login(register()["email"])

        answers = refresh_at_once(live_server, stolen["refresh_token"])

        assert sorted(answer.status_code for answer in answers) == [200, 401]
        [lost] = [answer for answer in answers if answer.status_code == 401]
        [won] = [answer for answer in answers if answer.status_code == 200]
        assert lost.json()["error"]["code"] == "token_revoked"
        for token in (won.json()["access_token"], stolen["access_token"]):
            profile = requests.get(f"{live_server}{PROFILE}", headers=bearer(token), timeout=30)
            assert profile.status_code == 401
            assert profile.json()["error"]["code"] == "token_revoked"


def test_a_refresh_token_from_before_rotation_works_once(
    app, client: FlaskClient, register: Callable, login: Callable
):
    tokens = login(register()["email"])
    claims = jwt.decode(tokens["refresh_token"], options={"verify_signature": False})
    del claims["gen"]
    legacy = jwt.encode(claims, app.config["JWT_SECRET_KEY"], algorithm="HS256")

    assert refresh(client, legacy).status_code == 200
    assert_revoked(refresh(client, legacy))


def test_refreshing_moves_last_used_at_and_extends_the_session(
    client: FlaskClient, register: Callable, login: Callable, sql
):
    tokens = login(register()["email"])
    sql(
        "UPDATE auth_sessions SET last_used_at = now() - interval '1 day',"
        " expires_at = now() + interval '1 day'"
    )

    assert refresh(client, tokens["refresh_token"]).status_code == 200

    [row] = sql(
        "SELECT now() - last_used_at < interval '1 minute' AS used,"
        " expires_at - now() > interval '29 days' AS extended FROM auth_sessions"
    )
    assert (row.used, row.extended) == (True, True)
