"""What one run found, and its results files bench/results/chaos.json and chaos.md."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from bench.common import write_json_result, write_result


@dataclass
class ChaosReport:
    """What one run found (the figures quoted in the README)."""

    params: dict[str, Any]
    analyses: int = 0
    done_before_recovery: int = 0
    dead_lettered: int = 0
    dead_letters_missing_history: int = 0
    stuck: int = 0
    lost: int = 0
    completed_twice: int = 0
    workers_killed: int = 0
    database_restarts: int = 0
    model_requests: dict[str, int] = field(default_factory=dict)
    model_requests_after_recovery: dict[str, int] = field(default_factory=dict)
    requeued: int = 0
    done_after_recovery: int = 0
    seconds_to_settle: float = 0.0
    seconds_to_recover: float = 0.0

    @property
    def passed(self) -> bool:
        """Nothing lost, nothing done twice, everything done after recovery."""
        return (
            self.lost == 0
            and self.completed_twice == 0
            and self.dead_letters_missing_history == 0
            and self.done_after_recovery == self.analyses
        )

    def figures(self) -> dict[str, Any]:
        """Every field and whether the run passed, as printed and written."""
        return {**asdict(self), "passed": self.passed}


def write_results(report: ChaosReport) -> None:
    """bench/results/chaos.json and chaos.md."""
    data = report.figures()
    write_json_result("chaos.json", data)
    rows = "\n".join(f"| {key} | {value} |" for key, value in data.items() if key != "params")
    write_result(
        "chaos.md",
        "# Chaos run\n\n"
        f"Parameters: `{json.dumps(report.params)}`\n\n| figure | value |\n|---|---|\n{rows}\n",
    )
