"""Chaos run: analyses through real workers while the model endpoint, the workers and the
database fail on purpose. Checks the database for lost and doubly completed work.

    .venv/bin/python -m bench.chaos                 # the full run (a few minutes)
    .venv/bin/python -m bench.chaos --analyses 200  # a quick one

It starts its own embedded PostgreSQL (so it can restart it) and a fake OpenAI-compatible
endpoint on 127.0.0.1 that answers 10% HTTP 500, 5% timeouts, 3% malformed JSON and
bursts of 429 with Retry-After. While `worker.py` runs, a random worker process is
SIGKILLed every `--kill-every` seconds and PostgreSQL is restarted once. At the end every
analysis must be done, or failed with a dead letter that keeps every attempt's error;
then the endpoint recovers, the dead letters are requeued, and all must end done.
A trigger records every write that marks an analysis done, so "completed twice" is
counted from the database, not from logs. The summary is printed and written to
bench/results/chaos.json and chaos.md.
"""

from bench.chaos.environment import ChaosParams
from bench.chaos.report import ChaosReport
from bench.chaos.run import run_chaos

__all__ = ["ChaosParams", "ChaosReport", "run_chaos"]
