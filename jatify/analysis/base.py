"""What goes into an analysis and what comes out, shared by every analyzer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class JobPosting:
    """The job listing a resume is analyzed against."""

    company: str
    position: str
    description: str


@dataclass(frozen=True)
class AnalysisResult:
    """A validated result object (API.md) and who produced it."""

    result: dict
    provider: str
    model: str


class Analyzer(Protocol):
    """Anything that turns a resume's text and a job listing into an AnalysisResult."""

    provider: str
    model: str

    def analyze(self, resume_text: str, job: JobPosting) -> AnalysisResult:
        """Analyze the resume against the job; raise AnalysisError when that fails."""
        ...
