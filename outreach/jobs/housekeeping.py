"""Deliver the outbox and clear away expired sessions, tokens and counters."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete

from outreach import ratelimit, submissions
from outreach.accounts import sessions
from outreach.extensions import db
from outreach.jobs.base import JobResult
from outreach.mail import sender
from outreach.models.accounts import EmailToken


def send_outbox(now: datetime) -> JobResult:
    returned = sender.sweep_stuck()
    sent, failed = sender.send_pending()
    return JobResult(processed=sent + failed + returned, failures=failed)


def purge_expired(now: datetime) -> JobResult:
    removed = sessions.purge_expired()
    result = db.session.execute(delete(EmailToken).where(EmailToken.expires_at < now - timedelta(days=7)))
    db.session.commit()
    removed += (result.rowcount or 0) + ratelimit.purge_old() + submissions.purge_old(now)
    return JobResult(processed=removed)
