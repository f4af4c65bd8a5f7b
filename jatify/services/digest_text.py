"""The words of a daily digest: a subject and a plain-text body, times in the account's zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from jatify.vocabulary import InterviewKind

if TYPE_CHECKING:
    from jatify.services.digests import Recipient

KIND_WORDS = {
    InterviewKind.PHONE: "Phone interview",
    InterviewKind.VIDEO: "Video interview",
    InterviewKind.ONSITE: "On-site interview",
    InterviewKind.TECHNICAL: "Technical interview",
    InterviewKind.TAKE_HOME: "Take-home assignment",
    InterviewKind.OTHER: "Interview",
}


@dataclass(frozen=True)
class DigestContent:
    """What one day's digest lists (rows by column name)."""

    day: date
    interviews: list[dict[str, Any]]
    tasks: list[dict[str, Any]]
    follow_ups: list[dict[str, Any]]

    @property
    def empty(self) -> bool:
        """Nothing to say: no email that day."""
        return not (self.interviews or self.tasks or self.follow_ups)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _day(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _interview_line(row: dict[str, Any], zone: ZoneInfo) -> str:
    start = row["scheduled_at"].astimezone(zone)
    kind = KIND_WORDS.get(row["kind"], "Interview")
    what = f"{kind}: {row['position']} at {row['company']}"
    line = f"- {start:%H:%M} ({row['duration_minutes']} min) {what}"
    if row["location"]:
        line += f"\n  Where: {row['location']}"
    if row["interviewers"]:
        line += f"\n  With: {', '.join(row['interviewers'])}"
    return line


def _task_line(row: dict[str, Any], day: date, zone: ZoneInfo) -> str:
    due = row["due_at"].astimezone(zone)
    when = f"due {due:%H:%M}" if due.date() == day else f"overdue since {_day(due.date())}"
    return f"- {row['title']} ({row['company']}, {when})"


def _follow_up_line(row: dict[str, Any]) -> str:
    follow_up = row["follow_up"]
    expected = date.fromisoformat(follow_up["expected_response_by"])
    return (
        f"- {row['company']}, {row['position']}: an answer was expected by "
        f"{_day(expected)} (~{_plural(follow_up['days'], 'day')}); time to follow up?"
    )


def render_digest(content: DigestContent, recipient: Recipient) -> tuple[str, str]:
    """The subject and text of a digest."""
    zone = ZoneInfo(recipient.timezone)
    counts = [
        _plural(len(content.interviews), "interview") if content.interviews else "",
        _plural(len(content.tasks), "task") if content.tasks else "",
        _plural(len(content.follow_ups), "follow-up") if content.follow_ups else "",
    ]
    counts = [count for count in counts if count]
    listed = ", ".join(counts[:-1]) + " and " + counts[-1] if len(counts) > 1 else counts[0]
    subject = f"Jatify: {listed} for {content.day:%a} {content.day.day} {content.day:%b}"
    parts = [f"Good morning, {recipient.name}.", f"Your day, {_day(content.day)}:"]
    if content.interviews:
        lines = [_interview_line(row, zone) for row in content.interviews]
        parts.append("Interviews today\n" + "\n".join(lines))
    if content.tasks:
        lines = [_task_line(row, content.day, zone) for row in content.tasks]
        parts.append("Tasks due\n" + "\n".join(lines))
    if content.follow_ups:
        lines = [_follow_up_line(row) for row in content.follow_ups]
        parts.append("Waiting longer than usual\n" + "\n".join(lines))
    parts.append(
        f"Times are in {recipient.timezone}. You get this email because the daily digest "
        "is on in your Jatify settings; switch it off there to stop it."
    )
    return subject, "\n\n".join(parts) + "\n"
