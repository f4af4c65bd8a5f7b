"""The child process that runs parsers: deadline, memory cap, crashes and cleanup."""

from __future__ import annotations

import os
import signal
import time

import pytest

from jatify.documents import Extraction, ExtractionError, ExtractionLimits
from jatify.documents.isolation import run_isolated

FAST = ExtractionLimits(timeout_seconds=0.5)


def _error_code(extractor, limits: ExtractionLimits = FAST) -> str:
    with pytest.raises(ExtractionError) as caught:
        run_isolated(extractor, b"data", limits)
    return caught.value.code


def _assert_no_child_left():
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_extractor_runs_in_another_process():
    extraction = run_isolated(lambda data, limits: Extraction(str(os.getpid()), 7), b"", FAST)
    assert extraction.page_count == 7
    assert int(extraction.text) != os.getpid()
    _assert_no_child_left()


def test_large_answer_crosses_the_pipe():
    text = "é" * 1_000_000
    assert run_isolated(lambda data, limits: Extraction(text, None), b"", FAST).text == text


def test_endless_extractor_is_killed_at_the_deadline():
    def spin(data, limits):
        while True:
            pass

    started = time.monotonic()
    assert _error_code(spin) == "timeout"
    assert 0.5 <= time.monotonic() - started < 3
    _assert_no_child_left()


def test_sigterm_to_the_process_group_does_not_stop_the_child():
    def sleep(data, limits):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(60)

    assert _error_code(sleep) == "timeout"
    _assert_no_child_left()


def test_memory_hog_is_stopped_by_the_cap_and_is_corrupt():
    def hog(data, limits):
        block = bytearray(4 * 1024**3)
        return Extraction(str(len(block)), None)

    assert _error_code(hog, ExtractionLimits(timeout_seconds=10)) == "corrupt"


def test_child_that_dies_without_answering_is_corrupt():
    def die(data, limits):
        os.kill(os.getpid(), signal.SIGKILL)

    assert _error_code(die, ExtractionLimits(timeout_seconds=10)) == "corrupt"
    _assert_no_child_left()


def test_unexpected_exception_is_corrupt_and_logged(caplog):
    def fail(data, limits):
        raise KeyError("Root")

    caplog.set_level("INFO", logger="jatify.documents.isolation")
    assert _error_code(fail) == "corrupt"
    assert "KeyError: 'Root'" in caplog.text


def test_extraction_error_keeps_its_code_and_message():
    def refuse(data, limits):
        raise ExtractionError("encrypted", "Locked")

    with pytest.raises(ExtractionError) as caught:
        run_isolated(refuse, b"", FAST)
    assert (caught.value.code, caught.value.message) == ("encrypted", "Locked")
