"""What the job pages show: each job's last run with the emails sent in its window, and the
email a provider's people have been sent."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, or_, select

from outreach import clock
from outreach.extensions import db
from outreach.jobs.registry import JOBS
from outreach.jobs.runner import last_runs
from outreach.models.organisations import Membership, Organisation
from outreach.models.outbox import OutboxMessage

# Account and security email stays private to the person, even from their organisation's owner.
PRIVATE_TEMPLATES = ("reset_password", "verify_email", "account_exists")
RECENT = timedelta(days=30)


def emails_sent_between(start, end) -> int:
    return int(db.session.execute(
        select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.sent_at >= start, OutboxMessage.sent_at <= end)
    ).scalar())


def job_rows() -> list[tuple]:
    """(job, last run or None, emails sent during that run's window) for every job."""
    runs = last_runs()
    rows = []
    for job in JOBS.values():
        run = runs.get(job.name)
        sent = emails_sent_between(run.started_at, run.finished_at or clock.now()) if run else None
        rows.append((job, run, sent))
    return rows


def _organisation_messages(organisation: Organisation):
    members = select(Membership.user_id).where(Membership.organisation_id == organisation.id)
    return select(OutboxMessage).where(
        or_(OutboxMessage.organisation_id == organisation.id, OutboxMessage.user_id.in_(members)),
        OutboxMessage.template.not_in(PRIVATE_TEMPLATES),
    )


def organisation_emails(organisation: Organisation, page: int = 1):
    """Email sent to (or about the leads of) this organisation's people, newest first."""
    query = _organisation_messages(organisation).order_by(OutboxMessage.id.desc())
    return db.paginate(query, page=page, per_page=25, error_out=False)


def organisation_counts(organisation: Organisation) -> dict[str, int]:
    """Messages in the last 30 days by status (sent, pending, failed, skipped)."""
    recent = _organisation_messages(organisation).where(OutboxMessage.created_at >= clock.now() - RECENT).subquery()
    return dict(db.session.execute(select(recent.c.status, func.count()).group_by(recent.c.status)).all())
