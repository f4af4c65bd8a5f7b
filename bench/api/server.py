"""The server under load: gunicorn as the Procfile runs it, and its workers' memory."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import requests

from bench.api.seed import PASSWORD
from bench.common import ROOT


class Gunicorn:
    """`gunicorn wsgi:app` as the Procfile runs it, on a free local port (`env`: more
    settings)."""

    def __init__(self, url: str, workers: int, env: dict[str, str] | None = None) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "JATIFY_ENV": "production",
            "JWT_SECRET_KEY": secrets.token_urlsafe(48),
            "JWT_ACCESS_TOKEN_MINUTES": "240",
            **(env or {}),
        }
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "wsgi:app",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
        ]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(self.base + "/healthz", timeout=5).ok:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def token(self, email: str) -> str:
        """An access token for `email` (through the login route)."""
        body = {"email": email, "password": PASSWORD}
        response = requests.post(self.base + "/api/auth/login", json=body, timeout=30)
        response.raise_for_status()
        return response.json()["access_token"]

    def stop(self) -> None:
        """Stop the master (it stops its workers)."""
        self.process.terminate()
        self.process.wait(timeout=30)


class Worker:
    """`python worker.py` as the Procfile runs it, on the same database as the server."""

    def __init__(self, url: str, processes: int = 2) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "JATIFY_ENV": "production",
            "JWT_SECRET_KEY": secrets.token_urlsafe(48),
            "WORKER_PROCESSES": str(processes),
        }
        self.process = subprocess.Popen(
            [sys.executable, "worker.py"], cwd=ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while len(psutil.Process(self.process.pid).children()) < processes:
            if time.monotonic() > deadline:
                raise RuntimeError("worker.py did not start its workers")
            time.sleep(0.2)

    def stop(self) -> None:
        """SIGTERM the supervisor (it drains and stops its workers)."""
        self.process.terminate()
        self.process.wait(timeout=60)


class RssSampler:
    """Samples the RSS of the gunicorn workers every 10 ms in a thread."""

    def __init__(self, server: Gunicorn) -> None:
        self.processes = psutil.Process(server.process.pid).children()
        self.before = {p.pid: p.memory_info().rss for p in self.processes}
        self.peak = dict(self.before)
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while self.running:
            for process in self.processes:
                self.peak[process.pid] = max(self.peak[process.pid], process.memory_info().rss)
            time.sleep(0.01)

    def stop(self) -> dict[str, float]:
        """RSS before and at peak (MB) of the worker whose memory grew the most."""
        self.running = False
        self.thread.join()
        pid = max(self.peak, key=lambda p: self.peak[p] - self.before[p])
        return {"worker_rss_before_mb": round(self.before[pid] / 2**20, 1),
                "worker_rss_peak_mb": round(self.peak[pid] / 2**20, 1)}  # fmt: skip
