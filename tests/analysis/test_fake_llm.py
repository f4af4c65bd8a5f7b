"""The fake model endpoint itself: scripts, probabilities, recording and a fast shutdown."""

from __future__ import annotations

import threading
import time

import pytest
import requests

from tests.fakes.llm_server import FakeLLM, Step


def post(url: str, **body):
    return requests.post(url, json={"model": "m", "messages": [], **body}, timeout=5)


def test_script_is_served_in_order_then_the_default(fake_llm):
    fake_llm.script(["500", ("429", 7)]).enqueue("ok_fenced")
    url = f"{fake_llm.base_url}/chat/completions"
    first, second, third, fourth = (post(url) for _ in range(4))
    assert first.status_code == 500
    assert second.status_code == 429 and second.headers["Retry-After"] == "7"
    assert third.json()["choices"][0]["message"]["content"].startswith("```json")
    assert fourth.status_code == 200
    assert fake_llm.pending == 0
    assert fake_llm.counts == {"500": 1, "429": 1, "ok_fenced": 1, "ok": 1}


def test_requests_are_recorded_under_any_prefix(fake_llm):
    port = fake_llm.port
    post(f"http://127.0.0.1:{port}/custom/prefix/chat/completions", temperature=0)
    missing = post(f"http://127.0.0.1:{port}/v1/embeddings")
    assert missing.status_code == 404
    first, second = fake_llm.requests
    assert first.path == "/custom/prefix/chat/completions" and first.mode == "ok"
    assert first.body["temperature"] == 0
    assert first.headers["content-type"] == "application/json"
    assert second.mode == "not_found"


def test_failure_rates_are_seeded_and_roughly_honoured():
    def modes(seed: int) -> list[str]:
        with FakeLLM(failure_rates={"500": 0.3, "malformed": 0.2}, seed=seed) as llm:
            for _ in range(60):
                post(f"{llm.base_url}/chat/completions")
            return [request.mode for request in llm.requests]

    first = modes(1)
    assert first == modes(1)
    assert first != modes(2)
    assert 8 <= first.count("500") <= 30
    assert 3 <= first.count("malformed") <= 22
    assert first.count("ok") == 60 - first.count("500") - first.count("malformed")


def test_shutdown_is_fast_while_a_handler_sleeps():
    llm = FakeLLM(timeout_delay=60).start()
    llm.script(["timeout"])
    errors: list[Exception] = []

    def call() -> None:
        try:
            post(f"{llm.base_url}/chat/completions")
        except requests.RequestException as exc:
            errors.append(exc)

    caller = threading.Thread(target=call)
    caller.start()
    deadline = time.monotonic() + 5
    while not llm.requests and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    llm.shutdown()
    caller.join(timeout=5)
    assert time.monotonic() - started < 1.5
    assert not caller.is_alive()
    assert len(errors) == 1  # the sleeping handler hung up without an answer


def test_bad_configuration_is_refused():
    with pytest.raises(ValueError, match="unknown FakeLLM mode 'teapot'"):
        FakeLLM().script(["teapot"])
    with pytest.raises(ValueError, match="more than 1"):
        FakeLLM(failure_rates={"500": 0.7, "timeout": 0.5})
    with pytest.raises(RuntimeError, match="not running"):
        _ = FakeLLM().base_url
    assert FakeLLM().script([Step("503", retry_after=3)]).pending == 1
