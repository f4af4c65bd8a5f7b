"""Job kinds of the test suite (`python worker.py --kinds tests.queue.kinds`): no API
route can enqueue them."""

from __future__ import annotations

import os
import signal
import time
from typing import Any

import marshmallow as ma
from marshmallow import validate

from jatify.queue.context import JobContext
from jatify.queue.errors import Defer, PermanentError, TransientError
from jatify.queue.registry import job_kind

# test.record appends here; the table exists only where a test created it.
RECORD_TABLE = "queue_test_records"


class Unprintable(Exception):
    """An exception whose message cannot even be read."""

    def __str__(self) -> str:
        raise RuntimeError("no message for you")


class Escaped(BaseException):
    """Not an Exception at all, as some libraries raise."""


# test.raise's errors: none is a well-formed TransientError or PermanentError; each used to
# escape the engine (or its settling of the attempt) and kill the worker process.
RAISED_ERRORS = {
    "system_exit": lambda: SystemExit("the library gave up"),
    "base_exception": lambda: Escaped("not an Exception"),
    "nul": lambda: ValueError("bad byte \x00 in the input"),
    "surrogate": lambda: ValueError("bad text \ud800 in the input"),
    "unprintable": Unprintable,
    "retry_after_text": lambda: TransientError("busy", retry_after_seconds="soon"),
}


class SleepPayload(ma.Schema):
    """`seconds` to sleep; `uninterruptible` blocks SIGALRM, like a handler stuck in C."""

    seconds = ma.fields.Float(required=True, validate=validate.Range(min=0, max=3600))
    uninterruptible = ma.fields.Boolean(load_default=False)


class FailPayload(ma.Schema):
    """How to fail: `transient` (optionally with `retry_after` seconds) or `permanent`."""

    mode = ma.fields.String(required=True, validate=validate.OneOf(["transient", "permanent"]))
    retry_after = ma.fields.Float(validate=validate.Range(min=0))
    message = ma.fields.String(validate=validate.Length(max=500))


class RecordPayload(ma.Schema):
    """A value to append to the record table with the job's id."""

    value = ma.fields.Integer(required=True)


class RaisePayload(ma.Schema):
    """Which unexpected error to raise (see `RAISED_ERRORS`)."""

    error = ma.fields.String(required=True, validate=validate.OneOf(sorted(RAISED_ERRORS)))


class DeferPayload(ma.Schema):
    """`seconds` to defer by (any number: the engine bounds it)."""

    seconds = ma.fields.Float(required=True, validate=validate.Range(min=0))


@job_kind("test.noop")
def noop(_ctx: JobContext, _payload: dict[str, Any]) -> None:
    """Do nothing (the benchmark's job)."""


@job_kind("test.sleep", payload=SleepPayload)
def sleep(_ctx: JobContext, payload: dict[str, Any]) -> None:
    """Sleep for `seconds`, a stand-in for slow work."""
    if payload.get("uninterruptible"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    try:
        time.sleep(payload["seconds"])
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})


@job_kind("test.fail", payload=FailPayload)
def fail(_ctx: JobContext, payload: dict[str, Any]) -> None:
    """Raise a transient or permanent error."""
    message = payload.get("message") or f"{payload['mode']} failure (test.fail)"
    if payload["mode"] == "permanent":
        raise PermanentError(message)
    raise TransientError(message, retry_after_seconds=payload.get("retry_after"))


@job_kind("test.crash")
def crash(_ctx: JobContext, _payload: dict[str, Any]) -> None:
    """Kill the worker process mid-job with SIGKILL: the poison job."""
    os.kill(os.getpid(), signal.SIGKILL)


@job_kind("test.record", payload=RecordPayload)
def record(ctx: JobContext, payload: dict[str, Any]) -> None:
    """Append (job id, value) to the record table, in the job's finishing transaction."""
    with ctx.connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {RECORD_TABLE} (job_id, value) VALUES (%s, %s)",
            (str(ctx.job_id), payload["value"]),
        )


@job_kind("test.raise", payload=RaisePayload)
def raise_unexpected(_ctx: JobContext, payload: dict[str, Any]) -> None:
    """Raise one of `RAISED_ERRORS`."""
    raise RAISED_ERRORS[payload["error"]]()


@job_kind("test.defer", payload=DeferPayload)
def defer(_ctx: JobContext, payload: dict[str, Any]) -> None:
    """Ask to run again after `seconds` without spending the attempt."""
    raise Defer(payload["seconds"], "test.defer")
