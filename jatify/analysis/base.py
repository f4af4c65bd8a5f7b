"""What goes into an analysis and what comes out, shared by every analyzer."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True)
class JobPosting:
    """The job listing a resume is analyzed against."""

    company: str
    position: str
    description: str


@dataclass(frozen=True)
class ModelUsage:
    """What one analysis cost at the model endpoint, as its reply reported it."""

    prompt_tokens: int | None
    completion_tokens: int | None
    # Only endpoints that report a price (OpenRouter's `usage.cost`, in US dollars).
    cost_usd: Decimal | None = None


@dataclass(frozen=True)
class AnalysisResult:
    """A validated result object (API.md), who produced it, and the model's usage (none
    for the builtin analyzer)."""

    result: dict
    provider: str
    model: str
    usage: ModelUsage | None = None


class Analyzer(Protocol):
    """Anything that turns a resume's text and a job listing into an AnalysisResult."""

    provider: str
    model: str

    def analyze(self, resume_text: str, job: JobPosting) -> AnalysisResult:
        """Analyze the resume against the job; raise AnalysisError when that fails."""
        ...
