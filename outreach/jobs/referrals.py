"""Scheduled jobs that chase every lead: friends who went quiet, the recruiters' daily digest, and
the 3- and 6-month "still with you?" checks for every hire (the rules live in
outreach/referrals/chasing.py and outreach/referrals/recruiter_emails.py).

Every email here is held during quiet hours (21:00 to 08:00 UK time); going cold is not.
"""
from __future__ import annotations

from datetime import datetime

from outreach.jobs.base import JobResult
from outreach.jobs.timing import is_quiet
from outreach.referrals import chasing, recruiter_emails


def chase_leads(now: datetime) -> JobResult:
    """Mark leads cold after 14 days without progress (at any hour); chase quiet friends by
    email after 2 and 7 days (in the daytime only)."""
    cold = chasing.mark_cold(now)
    if is_quiet(now):
        return JobResult(processed=cold)
    looked, queued = chasing.send_chases(now)
    return JobResult(processed=cold + looked, emails_queued=queued)


def recruiter_digest(now: datetime) -> JobResult:
    """Once a day per recruiter: what has been waiting for them for more than 3 days."""
    if is_quiet(now):
        return JobResult()
    sent = recruiter_emails.send_digest(now)
    return JobResult(processed=sent.processed, emails_queued=sent.emails_queued)


def employment_checks(now: datetime) -> JobResult:
    """Ask recruiters whether each hire is still there, 3 and 6 months on."""
    if is_quiet(now):
        return JobResult()
    sent = recruiter_emails.ask_about_hires(now)
    return JobResult(processed=sent.processed, emails_queued=sent.emails_queued)
