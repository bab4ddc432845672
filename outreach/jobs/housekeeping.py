"""Deliver the outbox and clear away expired sessions, tokens and counters."""
from __future__ import annotations

from datetime import datetime

from outreach import ratelimit, submissions
from outreach.accounts import service as accounts
from outreach.accounts import sessions
from outreach.jobs.base import JobResult
from outreach.mail import sender


def send_outbox(now: datetime) -> JobResult:
    returned = sender.sweep_stuck()
    sent, failed = sender.send_pending()
    return JobResult(processed=sent + failed + returned, failures=failed)


def purge_expired(now: datetime) -> JobResult:
    removed = sessions.purge_expired() + accounts.purge_old_tokens(now)
    removed += ratelimit.purge_old() + submissions.purge_old(now)
    return JobResult(processed=removed)
