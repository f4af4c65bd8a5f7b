"""A fake OpenAI-compatible /chat/completions server on 127.0.0.1, for tests and benchmarks.

    with FakeLLM() as llm:
        llm.script(["timeout", ("429", 2), "500", "ok"])
        analyzer = ChatCompletionsAnalyzer(llm.base_url, "sk-test", "fake/model")

Scripted steps are served in order, one per request; when the script is empty a mode is
drawn from `failure_rates` (seeded), else `default` is served. Every request is recorded
(`.requests`) and counted per mode (`.counts`).
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections import Counter, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from requests.structures import CaseInsensitiveDict

MODES = frozenset(
    {
        "ok",  # 200 with a valid result in choices[0].message.content
        "ok_fenced",  # the same, the content wrapped in ```json fences
        "slow_ok",  # ok after `delay` seconds
        "timeout",  # says nothing for `delay` seconds, then hangs up
        "disconnect",  # hangs up at once without an answer
        "429",  # rate limited, with a Retry-After header
        "500",
        "502",
        "503",  # unavailable, with Retry-After when one is given
        "400",  # invalid request; the error body echoes the Authorization header
        "400_response_format",  # 400 if the request has response_format, else ok
        "401",  # bad key; the error body echoes the Authorization header
        "401_mangled",  # bad key; the body echoes the key upper-cased, split over spaces/lines
        "403",  # forbidden; echoes the Authorization header too
        "404",  # unknown model
        "malformed",  # 200 whose body is not JSON
        "wrong_schema",  # 200 whose content is JSON without the result's fields
        "empty",  # 200 with no choices
        "truncated",  # 200, content cut in half, finish_reason "length" (max_tokens hit)
    }
)

SAMPLE_RESULT: dict[str, Any] = {
    "score": 78,
    "summary": "A strong backend match; Kubernetes experience is not shown.",
    "matched_keywords": ["Python", "PostgreSQL", "Docker"],
    "missing_keywords": ["Kubernetes"],
    "strengths": ["Six years of Python backend work with measured results"],
    "weaknesses": ["No Kubernetes experience"],
    "suggestions": ["Add a bullet about running services on Kubernetes, if you have"],
}


@dataclass(frozen=True)
class Step:
    """One scripted answer: a mode and its optional parameters."""

    mode: str
    retry_after: str | float | None = None
    delay: float | None = None
    result: dict[str, Any] | None = None


@dataclass(frozen=True)
class ReceivedRequest:
    """A request the server saw: path, headers, parsed JSON body, and the mode served."""

    path: str
    headers: CaseInsensitiveDict
    body: Any
    mode: str
    received_at: float = field(default_factory=time.monotonic)


def _step(item: str | Step | tuple) -> Step:
    """A Step from "mode", ("429", 2), ("timeout", 1.5), ("ok", {result}), (mode, {kwargs})."""
    if isinstance(item, Step):
        step = item
    elif isinstance(item, str):
        step = Step(item)
    else:
        mode, arg = item
        if isinstance(arg, Mapping) and set(arg) <= {"retry_after", "delay", "result"}:
            step = Step(mode, **arg)
        elif isinstance(arg, Mapping):
            step = Step(mode, result=dict(arg))
        elif mode in ("timeout", "slow_ok"):
            step = Step(mode, delay=float(arg))
        else:
            step = Step(mode, retry_after=arg)
    if step.mode not in MODES:
        raise ValueError(f"unknown FakeLLM mode {step.mode!r}; known: {sorted(MODES)}")
    return step


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a sleeping handler must not hold up shutdown
    fake: FakeLLM


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: tests read `.requests` instead of stderr."""

    def do_GET(self) -> None:
        self._send(404, {"error": {"message": "not found", "code": 404}})

    def do_POST(self) -> None:
        fake = self.server.fake
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        if not self.path.split("?")[0].endswith("/chat/completions"):
            fake._record(self, body, "not_found")
            self._send(404, {"error": {"message": f"no route {self.path}", "code": 404}})
            return
        step = fake._next_step(body)
        fake._record(self, body, step.mode)
        self._serve(step, body if isinstance(body, dict) else {})

    def _serve(self, step: Step, body: dict[str, Any]) -> None:
        fake = self.server.fake
        mode, auth = step.mode, self.headers.get("Authorization", "")
        if mode == "400_response_format":
            if "response_format" in body:
                message = "response_format json_schema is not supported by this model"
                self._error(400, message)
                return
            mode = "ok"
        if mode in ("timeout", "slow_ok"):
            default = fake.timeout_delay if mode == "timeout" else fake.slow_delay
            fake._stop.wait(step.delay if step.delay is not None else default)
            if mode == "timeout" or fake._stop.is_set():
                return
        if mode in ("ok", "ok_fenced", "slow_ok"):
            content = json.dumps(step.result or fake.result)
            if mode == "ok_fenced":
                content = f"```json\n{content}\n```"
            self._send(200, _completion(body, content, cost=fake.cost))
        elif mode == "wrong_schema":
            wrong = {"rating": "good", "summary": 42, "matched_keywords": "Python"}
            self._send(200, _completion(body, json.dumps(wrong)))
        elif mode == "truncated":
            content = json.dumps(step.result or fake.result)
            self._send(200, _completion(body, content[: len(content) // 2], "length"))
        elif mode == "empty":
            self._send(200, {"id": "chatcmpl-fake", "object": "chat.completion", "choices": []})
        elif mode == "malformed":
            self._send_raw(200, b"<html>upstream proxy error, this is not JSON", "text/html")
        elif mode in ("401", "403"):
            self._error(int(mode), f"Invalid credentials in header 'Authorization: {auth}'")
        elif mode == "401_mangled":
            key = auth.removeprefix("Bearer ").upper()
            pieces = [key[start : start + 9] for start in range(0, len(key), 9)]
            self._error(401, f"No such key:\n{' '.join(pieces[:2])}\n" + "\n".join(pieces[2:]))
        elif mode == "404":
            self._error(404, f"model {body.get('model')!r} not found")
        elif mode in ("429", "503"):
            retry_after = step.retry_after if step.retry_after is not None else fake.retry_after
            headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
            self._error(int(mode), "rate limited" if mode == "429" else "overloaded", headers)
        elif mode == "400":
            self._error(400, f"invalid request (sent with 'Authorization: {auth}')")
        elif mode in ("500", "502"):
            self._error(int(mode), "upstream error")
        # "disconnect": answer nothing; the connection closes when the handler returns.

    def _error(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        self._send(status, {"error": {"message": message, "code": status}}, headers)

    def _send(self, status: int, payload: Any, headers: Mapping[str, str] | None = None) -> None:
        self._send_raw(status, json.dumps(payload).encode(), "application/json", headers)

    def _send_raw(
        self,
        status: int,
        data: bytes,
        content_type: str,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass  # the client gave up (its own timeout); nothing left to tell it


def _completion(
    request: dict[str, Any],
    content: str,
    finish_reason: str = "stop",
    *,
    cost: float | None = None,
) -> dict[str, Any]:
    usage: dict[str, Any] = {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150}
    if cost is not None:
        usage["cost"] = cost  # OpenRouter's price of the request, in US dollars
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "fake"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": finish_reason,
            }
        ],
        "usage": usage,
    }


class FakeLLM:
    """A real HTTP server in a background thread that plays a script of model behaviours."""

    def __init__(
        self,
        *,
        default: str = "ok",
        failure_rates: Mapping[str, float] | None = None,
        seed: int | None = None,
        result: dict[str, Any] | None = None,
        timeout_delay: float = 10.0,
        slow_delay: float = 0.5,
        retry_after: str | float | None = 1,
        reject_response_format: bool = False,
        cost: float | None = 0.00042,
    ) -> None:
        self.default = _step(default)
        self.failure_rates = dict(failure_rates or {})
        for mode in self.failure_rates:
            _step(mode)
        if sum(self.failure_rates.values()) > 1:
            raise ValueError("failure_rates add up to more than 1")
        self.result = dict(result or SAMPLE_RESULT)
        self.timeout_delay = timeout_delay
        self.slow_delay = slow_delay
        self.retry_after = retry_after
        # When set, every request carrying response_format is refused with a 400, the way
        # an endpoint without structured output support answers.
        self.reject_response_format = reject_response_format
        # Reported in each ok reply's usage, as OpenRouter does; None leaves it out.
        self.cost = cost
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._script: deque[Step] = deque()
        self._requests: list[ReceivedRequest] = []
        self._counts: Counter[str] = Counter()
        self._stop = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> FakeLLM:
        """Listen on 127.0.0.1 on a free port and serve in a daemon thread."""
        self._stop.clear()
        server = _Server(("127.0.0.1", 0), _Handler)
        server.fake = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def shutdown(self) -> None:
        """Stop serving; handlers that are sleeping wake up and return at once."""
        self._stop.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeLLM:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.shutdown()

    @property
    def port(self) -> int:
        """The port the server listens on."""
        if self._server is None:
            raise RuntimeError("FakeLLM is not running; call start() or use it in a with block")
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        """The OpenAI-style base URL to configure a client with (LLM_BASE_URL)."""
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def requests(self) -> list[ReceivedRequest]:
        """A copy of every request received so far, oldest first."""
        with self._lock:
            return list(self._requests)

    @property
    def counts(self) -> Counter[str]:
        """A copy of how many requests were answered in each mode."""
        with self._lock:
            return Counter(self._counts)

    @property
    def pending(self) -> int:
        """Scripted steps not served yet."""
        with self._lock:
            return len(self._script)

    def script(self, steps: Iterable[str | Step | tuple]) -> FakeLLM:
        """Append steps: "500", ("429", 2), ("timeout", 1.5), ("ok", {result}), Step(...)."""
        parsed = [_step(item) for item in steps]
        with self._lock:
            self._script.extend(parsed)
        return self

    def enqueue(
        self,
        mode: str,
        *,
        retry_after: str | float | None = None,
        delay: float | None = None,
        result: dict[str, Any] | None = None,
    ) -> FakeLLM:
        """Append one step with its parameters."""
        return self.script([Step(mode, retry_after=retry_after, delay=delay, result=result)])

    def reset(self) -> None:
        """Forget the script, the recorded requests and the counts."""
        with self._lock:
            self._script.clear()
            self._requests.clear()
            self._counts.clear()

    def _next_step(self, body: Any) -> Step:
        with self._lock:
            rejected = isinstance(body, dict) and "response_format" in body
            if self.reject_response_format and rejected:
                return Step("400_response_format")
            if self._script:
                return self._script.popleft()
            if self.failure_rates:
                draw, total = self._random.random(), 0.0
                for mode, rate in self.failure_rates.items():
                    total += rate
                    if draw < total:
                        return Step(mode)
            return self.default

    def _record(self, handler: BaseHTTPRequestHandler, body: Any, mode: str) -> None:
        headers = CaseInsensitiveDict(handler.headers.items())
        with self._lock:
            self._requests.append(ReceivedRequest(handler.path, headers, body, mode))
            self._counts[mode] += 1
