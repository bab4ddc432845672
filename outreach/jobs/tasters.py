"""Scheduled work for tasters.

* remind_guardians: a guardian who has not answered after 2 days gets one reminder.
* expire_signups: places still waiting for consent when the link runs out (7 days, or the
  session start), or never confirmed by the provider by the start, are released and the
  waiting list promoted.
* remind_day_before: confirmed visitors (and guardians of under-18s) the day before.
* ask_feedback: visitors the day after; the provider is asked to mark attendance too.
* invite_to_apply: visitors of 16+ whose feedback was positive, once per provider.
* purge_guardian_details: guardians' names and emails 30 days after the decision.

Every email is claimed (job, subject, step) with reminders.claim in the transaction that
queues it, so a second run or a second scheduler never sends it twice. Jobs that email
hold off during quiet hours (21:00 to 08:00 UK); the purge runs at any time.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from outreach import clock, reminders
from outreach.extensions import db
from outreach.jobs.base import JobResult, for_each_row
from outreach.jobs.timing import is_quiet
from outreach.mail.links import path_for
from outreach.models.opportunities import TasterSession
from outreach.models.signups import GuardianConsent, SignUp, TasterFeedback
from outreach.tasters import after, consent, notify, signups

REMIND_GUARDIAN_AFTER = timedelta(days=2)
FEEDBACK_WINDOW = timedelta(days=14)


def remind_guardians(now: datetime) -> JobResult:
    result = JobResult()
    if is_quiet(now):
        return result
    ids = db.session.execute(
        select(GuardianConsent.id).join(SignUp, SignUp.id == GuardianConsent.signup_id)
        .where(SignUp.status == "pending_consent", GuardianConsent.decision.is_(None),
               GuardianConsent.guardian_email.is_not(None), GuardianConsent.requested_at <= now - REMIND_GUARDIAN_AFTER,
               GuardianConsent.expires_at > now)
    ).scalars().all()

    def work(consent_id):
        record = db.session.get(GuardianConsent, consent_id)
        if not reminders.claim("taster_guardian_reminder", f"consent:{consent_id}", "day-2"):
            return False
        consent.remind(record, step="day-2")
        return True

    return for_each_row(ids, work, result, "guardian reminder")


def expire_signups(now: datetime) -> JobResult:
    if is_quiet(now):
        return JobResult()
    expired = signups.expire_due(now)
    return JobResult(processed=expired, emails_queued=expired)


def _uk_day_bounds(day) -> tuple[datetime, datetime]:
    from outreach.tasters.search import uk_midnight

    return uk_midnight(day), uk_midnight(day + timedelta(days=1))


def remind_day_before(now: datetime) -> JobResult:
    result = JobResult()
    if is_quiet(now):
        return result
    start, end = _uk_day_bounds(clock.to_uk(now).date() + timedelta(days=1))
    ids = db.session.execute(
        select(SignUp.id).join(TasterSession, TasterSession.id == SignUp.session_id)
        .where(SignUp.status == "confirmed", TasterSession.status == "open", TasterSession.starts_at >= start,
               TasterSession.starts_at < end)
    ).scalars().all()

    def work(signup_id):
        signup = db.session.get(SignUp, signup_id)
        if not reminders.claim("taster_day_before", f"signup:{signup_id}", "day-before"):
            return False
        notify.to_visitor_and_guardian(signup, "taster_day_before",
                                       f"Tomorrow: {signup.session.opportunity.title}", step="day-before")
        return True

    return for_each_row(ids, work, result, "day-before reminder")


def ask_feedback(now: datetime) -> JobResult:
    result = JobResult()
    if is_quiet(now):
        return result
    today_start, _ = _uk_day_bounds(clock.to_uk(now).date())
    ids = db.session.execute(
        select(SignUp.id).join(TasterSession, TasterSession.id == SignUp.session_id)
        .where(SignUp.status == "confirmed", SignUp.attended.is_not(False), TasterSession.status == "open",
               TasterSession.ends_at < today_start, TasterSession.ends_at >= now - FEEDBACK_WINDOW)
    ).scalars().all()

    def work(signup_id):
        signup = db.session.get(SignUp, signup_id)
        sent = False
        if signup.feedback_by("visitor") is None and reminders.claim(
                "taster_feedback", f"signup:{signup_id}", "visitor"):
            notify.to_visitor(signup, "taster_feedback_request",
                              f"How was your taster? {signup.session.opportunity.title}", step="ask",
                              feedback_url=path_for("tasters.feedback", public_id=signup.public_id))
            sent = True
        session = signup.session
        if reminders.claim("taster_feedback", f"session:{session.id}", "provider"):
            notify.to_provider(signup, "follow_up", f"How did it go? {session.opportunity.title}", step="follow-up")
            sent = True
        return sent

    return for_each_row(ids, work, result, "feedback request")


def invite_to_apply(now: datetime) -> JobResult:
    result = JobResult()
    if is_quiet(now):
        return result
    ids = db.session.execute(
        select(SignUp.id).join(TasterFeedback, TasterFeedback.signup_id == SignUp.id)
        .where(TasterFeedback.author == "visitor", TasterFeedback.consider_care >= after.POSITIVE,
               SignUp.status == "confirmed", SignUp.attended.is_not(False), TasterFeedback.created_at <= now)
    ).scalars().all()

    def work(signup_id):
        signup = db.session.get(SignUp, signup_id)
        user = signup.user
        if user.is_disabled or user.date_of_birth is None or \
                clock.age_on(user.date_of_birth, clock.to_uk(now).date()) < 16:
            return False
        organisation = signup.session.opportunity.organisation
        if not organisation.is_approved:
            return False
        if not reminders.claim("taster_invite_to_apply", f"user:{user.id}:org:{organisation.id}", "invite"):
            return False
        notify.to_visitor(signup, "taster_invite_to_apply", f"{organisation.name} would like to hear from you",
                          step="invite", provider_url=path_for("tasters.provider_page",
                                                                      public_id=organisation.public_id),
                          has_observed_values=signup.observed_values is not None)
        return True

    return for_each_row(ids, work, result, "invitation to apply")


def purge_guardian_details(now: datetime) -> JobResult:
    return JobResult(processed=consent.purge_due(now))
