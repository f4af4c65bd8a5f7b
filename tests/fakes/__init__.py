"""Fakes of outside services that tests and benchmarks run against on 127.0.0.1."""

from tests.fakes.llm_server import FakeLLM

__all__ = ["FakeLLM"]
