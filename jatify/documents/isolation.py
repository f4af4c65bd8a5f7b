"""Running a parser in a forked child, so a hostile document cannot hang or bloat the worker.

The caller is a single-threaded worker process (fork copies only the calling
thread, so locks other threads hold would stay held in the child; the deadline
still bounds that case). The child inherits the document through fork (nothing
is pickled), caps its own address space and CPU time, writes its outcome as JSON
to a pipe and leaves with os._exit, so it never runs the parent's cleanup or
flushes the parent's buffers. The parent waits on the pipe until the deadline,
then kills and reaps the child whatever happened.

Any exception a parser lets escape (pdfminer's PSEOF or PDFSyntaxError, zipfile's
errors, MemoryError under the cap, RecursionError) means the file is unreadable
and is reported as "corrupt"; so is a child that dies without answering.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import resource
import selectors
import signal
import time
import warnings
from collections.abc import Callable
from typing import NoReturn

from jatify.documents.core import Extraction, ExtractionError, ExtractionLimits
from jatify.vocabulary import TextError

log = logging.getLogger(__name__)

Extractor = Callable[[bytes, ExtractionLimits], Extraction]

# Address space the child may allocate on top of what it inherits from the parent.
CHILD_MEMORY_BYTES = 1024 * 1024 * 1024
_READ_CHUNK_BYTES = 64 * 1024
_DETAIL_CHARS = 300


def run_isolated(extractor: Extractor, data: bytes, limits: ExtractionLimits) -> Extraction:
    """Run extractor(data, limits) in a child: timeout past the deadline, corrupt if it dies."""
    deadline = time.monotonic() + limits.timeout_seconds
    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        raise
    if pid == 0:
        os.close(read_fd)
        _run_child(extractor, data, limits, write_fd)
    os.close(write_fd)
    try:
        payload = _read_until(read_fd, deadline)
    finally:
        os.close(read_fd)
        _kill_and_reap(pid)
    if payload is None:
        raise ExtractionError(TextError.TIMEOUT)
    return _decode(payload)


def _run_child(extractor: Extractor, data: bytes, limits: ExtractionLimits, fd: int) -> NoReturn:
    """Extract, write the outcome as JSON to fd and exit without any cleanup."""
    status = 1
    try:
        # Only the parent decides when the child stops: a signal to the whole process
        # group (Ctrl-C, a supervisor's SIGTERM) must not become a "corrupt" verdict.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        logging.disable(logging.CRITICAL)  # pdfminer logs every oddity of a damaged file
        warnings.simplefilter("ignore")
        _limit_resources(limits)
        try:
            extraction = extractor(data, limits)
            outcome = {"text": extraction.text, "page_count": extraction.page_count}
        except ExtractionError as error:
            outcome = {"error": error.code, "message": error.message}
        except Exception as error:  # any parser failure, MemoryError and RecursionError too
            detail = f"{type(error).__name__}: {error}"[:_DETAIL_CHARS]
            outcome = {"error": TextError.CORRUPT, "detail": detail}
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(json.dumps(outcome).encode())
        status = 0
    finally:
        os._exit(status)


def _limit_resources(limits: ExtractionLimits) -> None:
    """Cap the child's memory growth, and its CPU seconds so that even an orphan stops."""
    # The CPU cap stays above the wall-clock deadline, so a living parent kills first.
    _lower_soft_limit(resource.RLIMIT_CPU, math.ceil(limits.timeout_seconds) + 1)
    try:
        with open("/proc/self/statm") as statm:
            inherited_bytes = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return  # no /proc (not Linux): the deadline is the only guard
    _lower_soft_limit(resource.RLIMIT_AS, inherited_bytes + CHILD_MEMORY_BYTES)


def _lower_soft_limit(kind: int, value: int) -> None:
    """Set a soft resource limit to value, never above the hard limit."""
    _, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(kind, (value, hard))


def _read_until(fd: int, deadline: float) -> bytes | None:
    """Read fd to its end, or return None if the monotonic deadline passes first."""
    chunks: list[bytes] = []
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while (remaining := deadline - time.monotonic()) > 0:
            if selector.select(remaining):
                chunk = os.read(fd, _READ_CHUNK_BYTES)
                if not chunk:
                    return b"".join(chunks)
                chunks.append(chunk)
    return None


def _kill_and_reap(pid: int) -> None:
    """Kill the child if it still runs (it may only be exiting) and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _decode(payload: bytes) -> Extraction:
    """Turn the child's JSON answer into an Extraction or raise its ExtractionError."""
    try:
        outcome = json.loads(payload)
    except ValueError:
        # The child died before answering: the memory or CPU cap, or a crash in C code.
        log.info("document extraction process died before answering")
        raise ExtractionError(TextError.CORRUPT) from None
    if "error" in outcome:
        if "detail" in outcome:
            log.info("document parser failed: %s", outcome["detail"])
        raise ExtractionError(outcome["error"], outcome.get("message"))
    return Extraction(text=outcome["text"], page_count=outcome["page_count"])
