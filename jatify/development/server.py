"""`python -m jatify.development.server` (bin/dev): Jatify's web and worker on one machine.

With DATABASE_URL unset it starts the embedded PostgreSQL under var/pgdata, applies the
migrations, then runs gunicorn and worker.py until Ctrl-C, stopping everything together.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time

from jatify.config import PROJECT_ROOT, instance_dir
from jatify.development.environment import development_environment


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(prog="bin/dev", description=__doc__)
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--web-workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--no-worker", action="store_true", help="run the web process only")
    parser.add_argument("--demo", action="store_true", help="seed the demo account first")
    return parser.parse_args(argv)


def prepare_environment() -> dict[str, str]:
    """The environment of the child processes, with DATABASE_URL resolved."""
    env = development_environment(os.environ)
    env["FLASK_APP"] = "wsgi"
    if not env.get("PROMETHEUS_MULTIPROC_DIR"):
        # One metrics folder for gunicorn and worker.py, so /metrics shows the job samples.
        metrics_dir = instance_dir() / "metrics"
        shutil.rmtree(metrics_dir, ignore_errors=True)
        metrics_dir.mkdir(parents=True)
        env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
    return env


def run_flask(env: dict[str, str], *args: str) -> None:
    """Run a `flask` command to completion (migrations, seeding)."""
    subprocess.run([sys.executable, "-m", "flask", *args], env=env, cwd=PROJECT_ROOT, check=True)


def start_processes(args: argparse.Namespace, env: dict[str, str]) -> dict[str, subprocess.Popen]:
    """Start gunicorn and, unless disabled, the queue worker."""
    web = [
        sys.executable, "-m", "gunicorn", "wsgi:app",
        "--bind", f"{args.host}:{args.port}",
        "--workers", str(args.web_workers),
    ]  # fmt: skip
    processes = {"web": subprocess.Popen(web, env=env, cwd=PROJECT_ROOT)}
    if not args.no_worker:
        worker = [sys.executable, str(PROJECT_ROOT / "worker.py")]
        processes["worker"] = subprocess.Popen(worker, env=env, cwd=PROJECT_ROOT)
    return processes


def stop_processes(processes: list[subprocess.Popen], grace_seconds: float = 35) -> None:
    """SIGTERM every child, then SIGKILL those still running after the grace period."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace_seconds
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()


def main(argv: list[str] | None = None) -> int:
    """Run web and worker until interrupted or until one of them exits."""
    args = parse_args(argv)
    env = prepare_environment()
    run_flask(env, "db", "upgrade")
    if args.demo:
        run_flask(env, "demo", "seed")
    processes = start_processes(args, env)
    print(
        f"\njatify: running at http://{args.host}:{args.port}/ "
        f"(API docs: http://{args.host}:{args.port}/api/docs); Ctrl-C stops it\n",
        flush=True,
    )
    stopping = False

    def request_stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    exit_code = 0
    while not stopping:
        exited = [name for name, p in processes.items() if p.poll() is not None]
        if exited:
            exit_code = processes[exited[0]].returncode or 0
            print(f"jatify: {exited[0]} exited ({exit_code}); stopping", flush=True)
            break
        time.sleep(0.2)
    stop_processes(list(processes.values()))
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
