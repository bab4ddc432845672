"""Scheduled work for tasters: each job asks the tasters package who is due, then sends one at a time.

* remind_guardians: a guardian who has not answered after 2 days gets one reminder.
* expire_signups: places still waiting for consent when the link runs out (7 days, or the
  session start), or never confirmed by the provider by the start, are released and the
  waiting list promoted.
* remind_day_before: confirmed visitors (and guardians of under-18s) the day before.
* ask_feedback: visitors the day after; the provider is asked to mark attendance too.
* invite_to_apply: visitors of 16+ whose feedback was positive, once per provider.
* purge_guardian_details: guardians' names and emails 30 days after the decision.

The rules (who is due, the once-only claims) live in ``outreach.tasters.follow_ups``. Jobs that
email hold off during quiet hours (21:00 to 08:00 UK); the purge runs at any time.
"""
from __future__ import annotations

from datetime import datetime

from outreach.jobs.base import JobResult, for_each_row
from outreach.jobs.timing import is_quiet
from outreach.tasters import consent, follow_ups, signups


def remind_guardians(now: datetime) -> JobResult:
    if is_quiet(now):
        return JobResult()
    return for_each_row(follow_ups.guardians_due(now), follow_ups.remind_guardian, JobResult(), "guardian reminder")


def expire_signups(now: datetime) -> JobResult:
    if is_quiet(now):
        return JobResult()
    expired = signups.expire_due(now)
    return JobResult(processed=expired, emails_queued=expired)


def remind_day_before(now: datetime) -> JobResult:
    if is_quiet(now):
        return JobResult()
    return for_each_row(follow_ups.day_before_due(now), follow_ups.remind_day_before, JobResult(),
                        "day-before reminder")


def ask_feedback(now: datetime) -> JobResult:
    if is_quiet(now):
        return JobResult()
    return for_each_row(follow_ups.feedback_due(now), follow_ups.ask_for_feedback, JobResult(), "feedback request")


def invite_to_apply(now: datetime) -> JobResult:
    if is_quiet(now):
        return JobResult()
    return for_each_row(follow_ups.invitations_due(now), lambda signup_id: follow_ups.invite_to_apply(signup_id, now),
                        JobResult(), "invitation to apply")


def purge_guardian_details(now: datetime) -> JobResult:
    return JobResult(processed=consent.purge_due(now))
