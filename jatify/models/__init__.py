"""SQLAlchemy models, one module per domain; importing this registers them all."""

from jatify.models.analyses import Analysis
from jatify.models.queue import DeadLetter, QueueJob
from jatify.models.resumes import Resume, ResumeFile
from jatify.models.tracker import Application, JobListing, Status, StatusChange
from jatify.models.users import AuthSession, User

__all__ = [
    "Analysis",
    "Application",
    "AuthSession",
    "DeadLetter",
    "JobListing",
    "QueueJob",
    "Resume",
    "ResumeFile",
    "Status",
    "StatusChange",
    "User",
]
