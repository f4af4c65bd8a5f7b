"""The registry of job kinds: a name, its handler, its payload schema and its limits.

Modules register kinds with `@job_kind(...)` when imported; `load_kind_modules()`
imports the modules of `KIND_MODULES` (the worker at start, the dlq API and CLI,
and enqueue when it meets a kind it does not know yet).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import marshmallow as ma

from jatify.queue.errors import InvalidPayload, UnknownKind

if TYPE_CHECKING:
    from jatify.queue.context import JobContext

# The product's job kinds (`vocabulary.JobKindName`), one handler module each.
KIND_MODULES = (
    "jatify.tasks.extract",
    "jatify.tasks.analyze",
    "jatify.tasks.imports",
    "jatify.tasks.capture",
    "jatify.tasks.watch",
    "jatify.tasks.digest",
    "jatify.tasks.retention",
    "jatify.tasks.reset_mail",
)

Handler = Callable[["JobContext", dict[str, Any]], None]
OnFailed = Callable[[Any, dict[str, Any], str], None]
OnRequeued = Callable[[Any, dict[str, Any]], None]


@dataclass(frozen=True)
class JobKind:
    """A registered kind of job. `None` limits mean the queue's configured defaults."""

    name: str
    handler: Handler
    max_attempts: int | None = None
    timeout_seconds: float | None = None
    # Called with (cursor, payload, message) in the transaction that fails the job and
    # writes its dead letter, e.g. to mark the domain record failed.
    on_failed: OnFailed | None = None
    # Called with (cursor, payload) in the transaction that requeues the job.
    on_requeued: OnRequeued | None = None
    # A marshmallow schema the payload must load with; checked at enqueue.
    payload: type[ma.Schema] | None = None
    _schema: ma.Schema | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_schema", self.payload() if self.payload else None)

    def validate(self, payload: Mapping[str, Any]) -> None:
        """Raise InvalidPayload unless `payload` loads with this kind's schema."""
        if self._schema is None:
            return
        try:
            self._schema.load(payload)
        except ma.ValidationError as exc:
            raise InvalidPayload(f"invalid payload for {self.name}: {exc.messages}") from None


_KINDS: dict[str, JobKind] = {}
_modules_loaded = False


def job_kind(
    name: str,
    *,
    max_attempts: int | None = None,
    timeout_seconds: float | None = None,
    payload: type[ma.Schema] | None = None,
    on_failed: OnFailed | None = None,
    on_requeued: OnRequeued | None = None,
) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of job kind `name`."""
    if not 0 < len(name) <= 64:
        raise ValueError("a job kind's name is 1-64 characters (queue_jobs.kind)")

    def register(handler: Handler) -> Handler:
        existing = _KINDS.get(name)
        if existing is not None and existing.handler.__qualname__ != handler.__qualname__:
            raise ValueError(f"job kind {name!r} is registered already")
        _KINDS[name] = JobKind(
            name=name,
            handler=handler,
            max_attempts=max_attempts,
            timeout_seconds=timeout_seconds,
            on_failed=on_failed,
            on_requeued=on_requeued,
            payload=payload,
        )
        return handler

    return register


def load_kind_modules() -> None:
    """Import every module of KIND_MODULES once, skipping those not written yet."""
    global _modules_loaded
    if _modules_loaded:
        return
    for module in KIND_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            missing = exc.name or ""
            if module != missing and not module.startswith(missing + "."):
                raise
    _modules_loaded = True


def find_kind(name: str) -> JobKind | None:
    """The kind registered as `name`, or None."""
    kind = _KINDS.get(name)
    if kind is None and not _modules_loaded:
        load_kind_modules()
        kind = _KINDS.get(name)
    return kind


def get_kind(name: str) -> JobKind:
    """The kind registered as `name`; UnknownKind if there is none."""
    kind = find_kind(name)
    if kind is None:
        raise UnknownKind(f"unknown job kind {name!r}")
    return kind


def all_kinds() -> list[JobKind]:
    """Every registered kind, by name."""
    load_kind_modules()
    return [_KINDS[name] for name in sorted(_KINDS)]
