"""A career site on 127.0.0.1 for the capture tests: the pages in pages/, and the ways real
sites misbehave (redirect chains, endless and slow bodies, 404 and 410).

    with CareerSite() as site:
        site.url("/greenhouse")            # pages/greenhouse.html
        site.url("/redirect/3/greenhouse") # three 302s, then the page
        site.serve("/p/1", html, status=200) # a page the test changes (the watch)

Routes: `/<page>`, `/redirect/<n>/<page>`, `/to?url=<absolute>` (a 302 there), `/huge`
(an endless body), `/huge-declared` (Content-Length of 3 MB), `/slow` (a body dripping
one byte every 0.4 s), `/status/<code>`, `/json`, and whatever `serve()` set.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

PAGES = Path(__file__).parent / "pages"
CHUNK = b"<p>" + b"All work and no play makes Jack a dull boy. " * 100 + b"</p>\n"


def page(name: str) -> str:
    """The HTML of pages/<name>.html."""
    return (PAGES / f"{name}.html").read_text(encoding="utf-8")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    site: CareerSite


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read `site.requests` instead."""

    def do_GET(self) -> None:
        site = self.server.site
        path = urlsplit(self.path).path
        site._record(self.path, self.headers.get("Host", ""))
        served = site._served.get(path)
        if served is not None:
            status, body, headers = served
            self._send(status, body, headers)
            return
        parts = [part for part in path.split("/") if part]
        if parts[:1] == ["redirect"] and len(parts) == 3:
            left, name = int(parts[1]), parts[2]
            target = f"/redirect/{left - 1}/{name}" if left > 1 else f"/{name}"
            self._send(302, b"", {"Location": target})
        elif parts[:1] == ["to"]:
            target = parse_qs(urlsplit(self.path).query)["url"][0]
            self._send(302, b"", {"Location": target})
        elif parts[:1] == ["status"]:
            self._send(int(parts[1]), b"<h1>Error</h1>")
        elif parts == ["huge"]:
            self._endless()
        elif parts == ["huge-declared"]:
            self._send(200, b"<html>", {"Content-Length": str(3 * 1024 * 1024)}, close=True)
        elif parts == ["slow"]:
            self._slow()
        elif parts == ["json"]:
            self._send(200, b'{"title": "not html"}', {"Content-Type": "application/json"})
        elif len(parts) == 1 and (PAGES / f"{parts[0]}.html").exists():
            self._send(200, page(parts[0]).encode())
        else:
            self._send(404, b"<h1>Not found</h1>")

    def _send(
        self,
        status: int,
        body: bytes,
        headers: dict[str, str] | None = None,
        close: bool = False,
    ) -> None:
        headers = {"Content-Type": "text/html; charset=utf-8", **(headers or {})}
        headers.setdefault("Content-Length", str(len(body)))
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
            self.close_connection = close
        except OSError:
            pass  # the fetcher hung up (size or time limit): what the test wanted

    def _endless(self) -> None:
        """An HTML page that never ends (sent until the client hangs up)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        site = self.server.site
        try:
            self.wfile.write(b"<html><body>")
            while not site._stop.is_set():
                self.wfile.write(CHUNK)
                site.bytes_sent += len(CHUNK)
        except OSError:
            return

    def _slow(self) -> None:
        """A page whose bytes arrive one at a time, each well inside a read timeout."""
        body = page("greenhouse").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            for index in range(len(body)):
                if self.server.site._stop.wait(0.4):
                    return
                self.wfile.write(body[index : index + 1])
                self.wfile.flush()
        except OSError:
            return


class CareerSite:
    """The server in a daemon thread, with the requests it received."""

    def __init__(self) -> None:
        self._served: dict[str, tuple[int, bytes, dict[str, str]]] = {}
        self._lock = threading.Lock()
        self._requests: list[tuple[str, str, float]] = []
        self._stop = threading.Event()
        self.bytes_sent = 0
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.site = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> CareerSite:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    @property
    def port(self) -> int:
        """The port the site listens on."""
        return self._server.server_address[1]

    def url(self, path: str) -> str:
        """The absolute URL of `path` on the site."""
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(
        self, path: str, body: str | bytes, status: int = 200, headers: dict[str, str] | None = None
    ) -> str:
        """Answer `path` with this body and status from now on; its URL."""
        data = body.encode() if isinstance(body, str) else body
        with self._lock:
            self._served[path] = (status, data, dict(headers or {}))
        return self.url(path)

    @property
    def requests(self) -> list[tuple[str, str, float]]:
        """(path with query, Host header, monotonic time) of every request so far."""
        with self._lock:
            return list(self._requests)

    def _record(self, path: str, host: str) -> None:
        with self._lock:
            self._requests.append((path, host, time.monotonic()))
