"""SQLAlchemy models, one module per domain; importing this registers them all."""

from jatify.models.agenda import (
    CalendarFeed,
    DigestDelivery,
    FollowUpBaseline,
    Interview,
    Task,
)
from jatify.models.analyses import Analysis
from jatify.models.captures import Capture, PostingSnapshot
from jatify.models.contacts import ApplicationContact, Contact, Note
from jatify.models.imports import ImportRun
from jatify.models.queue import DeadLetter, QueueJob
from jatify.models.resumes import Resume, ResumeFile
from jatify.models.schedule import ScheduledRun
from jatify.models.tracker import Application, JobListing, Status, StatusChange
from jatify.models.users import AuthSession, Invite, PasswordReset, User

__all__ = [
    "Analysis",
    "Application",
    "ApplicationContact",
    "AuthSession",
    "CalendarFeed",
    "Capture",
    "Contact",
    "DeadLetter",
    "DigestDelivery",
    "FollowUpBaseline",
    "ImportRun",
    "Interview",
    "Invite",
    "JobListing",
    "Note",
    "PasswordReset",
    "PostingSnapshot",
    "QueueJob",
    "Resume",
    "ResumeFile",
    "ScheduledRun",
    "Status",
    "StatusChange",
    "Task",
    "User",
]
