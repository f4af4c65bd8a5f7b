"""The per-process memory of verified tokens (jatify.extensions.VerifiedTokenCache): a token
seen before skips the decoding, and nothing it lets through would have been refused."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta

import jwt as pyjwt
from flask import Flask
from flask.testing import FlaskClient
from flask_jwt_extended import create_access_token

from jatify.extensions import jwt


def test_a_token_seen_before_is_not_decoded_again(
    client: FlaskClient, auth_headers: dict[str, str], monkeypatch
) -> None:
    assert client.get("/api/user/profile", headers=auth_headers).status_code == 200
    decodes: list[str] = []
    real = pyjwt.decode

    def counting(*args, **kwargs):
        decodes.append("decode")
        return real(*args, **kwargs)

    monkeypatch.setattr("flask_jwt_extended.jwt_manager.jwt.decode", counting)
    for _ in range(3):
        assert client.get("/api/user/profile", headers=auth_headers).status_code == 200
    assert decodes == []


def test_an_altered_token_is_refused_while_the_real_one_is_remembered(
    client: FlaskClient, auth_headers: dict[str, str]
) -> None:
    assert client.get("/api/user/profile", headers=auth_headers).status_code == 200
    token = auth_headers["Authorization"].removeprefix("Bearer ")
    header, payload, signature = token.split(".")
    forged = f"{header}.{payload}.{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}"
    response = client.get("/api/user/profile", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_a_remembered_token_still_expires(
    app: Flask, client: FlaskClient, register: Callable, login: Callable
) -> None:
    user = register()
    sid = pyjwt.decode(login(user["email"])["access_token"], options={"verify_signature": False})[
        "sid"
    ]
    with app.app_context():
        token = create_access_token(
            str(user["id"]), additional_claims={"sid": sid}, expires_delta=timedelta(seconds=1)
        )
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/user/profile", headers=headers).status_code == 200
    time.sleep(1.1)
    response = client.get("/api/user/profile", headers=headers)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "token_expired"


def test_the_memory_is_bounded(client: FlaskClient, auth_headers: dict[str, str]) -> None:
    assert client.get("/api/user/profile", headers=auth_headers).status_code == 200
    assert 1 <= len(jwt._verified) <= jwt.MAX_TOKENS
