"""What analyses run on once the month's model budget is spent (LLM_MONTHLY_BUDGET_USD)."""

from __future__ import annotations

from dataclasses import replace

from jatify.analysis.base import AnalysisResult, JobPosting
from jatify.analysis.builtin import BuiltinAnalyzer

BUDGET_NOTE = (
    "This month's budget for the AI model is spent, so Jatify's built-in keyword analyzer "
    "made this analysis."
)


class OverBudgetAnalyzer(BuiltinAnalyzer):
    """The builtin analyzer, saying at the start of its summary why no model answered."""

    def analyze(self, resume_text: str, job: JobPosting) -> AnalysisResult:
        """The builtin analysis, its summary starting with BUDGET_NOTE."""
        outcome = super().analyze(resume_text, job)
        summary = f"{BUDGET_NOTE} {outcome.result['summary']}"
        return replace(outcome, result={**outcome.result, "summary": summary})

    def __repr__(self) -> str:
        return f"OverBudgetAnalyzer(model={self.model!r})"
