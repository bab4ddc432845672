"""Who is due which taster email, and sending one: the rules the scheduled taster jobs run.

Each ``*_due(now)`` lists the rows due; each sender handles one row in its own transaction (the
job's ``for_each_row``) and claims its email with ``reminders.claim`` first, so a second run or a
second scheduler never sends it twice. A sender returns whether it queued anything.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from outreach import clock, reminders
from outreach.extensions import db
from outreach.mail.links import path_for
from outreach.models.opportunities import TasterSession
from outreach.models.signups import GuardianConsent, SignUp, TasterFeedback
from outreach.tasters import after, consent, notify
from outreach.tasters.search import uk_midnight

REMIND_GUARDIAN_AFTER = timedelta(days=2)
FEEDBACK_WINDOW = timedelta(days=14)
INVITE_FROM_AGE = 16


def _uk_day_bounds(day) -> tuple[datetime, datetime]:
    return uk_midnight(day), uk_midnight(day + timedelta(days=1))


def guardians_due(now: datetime) -> list[int]:
    """Consent requests unanswered after 2 days and not yet run out."""
    return list(db.session.execute(
        select(GuardianConsent.id).join(SignUp, SignUp.id == GuardianConsent.signup_id)
        .where(SignUp.status == "pending_consent", GuardianConsent.decision.is_(None),
               GuardianConsent.guardian_email.is_not(None),
               GuardianConsent.requested_at <= now - REMIND_GUARDIAN_AFTER, GuardianConsent.expires_at > now)
    ).scalars())


def remind_guardian(consent_id: int) -> bool:
    record = db.session.get(GuardianConsent, consent_id)
    if not reminders.claim("taster_guardian_reminder", f"consent:{consent_id}", "day-2"):
        return False
    consent.remind(record, step="day-2")
    return True


def day_before_due(now: datetime) -> list[int]:
    """Confirmed places on open sessions that start tomorrow (UK time)."""
    start, end = _uk_day_bounds(clock.to_uk(now).date() + timedelta(days=1))
    return list(db.session.execute(
        select(SignUp.id).join(TasterSession, TasterSession.id == SignUp.session_id)
        .where(SignUp.status == "confirmed", TasterSession.status == "open", TasterSession.starts_at >= start,
               TasterSession.starts_at < end)
    ).scalars())


def remind_day_before(signup_id: int) -> bool:
    signup = db.session.get(SignUp, signup_id)
    if not reminders.claim("taster_day_before", f"signup:{signup_id}", "day-before"):
        return False
    notify.to_visitor_and_guardian(signup, "taster_day_before", f"Tomorrow: {signup.session.opportunity.title}",
                                   step="day-before")
    return True


def feedback_due(now: datetime) -> list[int]:
    """Places on sessions that ended before today and within the last 14 days, not marked absent."""
    today_start, _ = _uk_day_bounds(clock.to_uk(now).date())
    return list(db.session.execute(
        select(SignUp.id).join(TasterSession, TasterSession.id == SignUp.session_id)
        .where(SignUp.status == "confirmed", SignUp.attended.is_not(False), TasterSession.status == "open",
               TasterSession.ends_at < today_start, TasterSession.ends_at >= now - FEEDBACK_WINDOW)
    ).scalars())


def ask_for_feedback(signup_id: int) -> bool:
    """The visitor's feedback request (unless they gave it) and, once a session, the provider's."""
    signup = db.session.get(SignUp, signup_id)
    sent = False
    if signup.feedback_by("visitor") is None and reminders.claim("taster_feedback", f"signup:{signup_id}", "visitor"):
        notify.to_visitor(signup, "taster_feedback_request", f"How was your taster? {signup.session.opportunity.title}",
                          step="ask", feedback_url=path_for("tasters.feedback", public_id=signup.public_id))
        sent = True
    session = signup.session
    if reminders.claim("taster_feedback", f"session:{session.id}", "provider"):
        notify.to_provider(signup, "follow_up", f"How did it go? {session.opportunity.title}", step="follow-up")
        sent = True
    return sent


def invitations_due(now: datetime) -> list[int]:
    """Visitors whose own feedback says they would consider care, and who were not marked absent."""
    return list(db.session.execute(
        select(SignUp.id).join(TasterFeedback, TasterFeedback.signup_id == SignUp.id)
        .where(TasterFeedback.author == "visitor", TasterFeedback.consider_care >= after.POSITIVE,
               SignUp.status == "confirmed", SignUp.attended.is_not(False), TasterFeedback.created_at <= now)
    ).scalars())


def invite_to_apply(signup_id: int, now: datetime) -> bool:
    """Once per person and provider, aged 16 or over and the provider still approved."""
    signup = db.session.get(SignUp, signup_id)
    user = signup.user
    if user.is_disabled or user.date_of_birth is None or \
            clock.age_on(user.date_of_birth, clock.to_uk(now).date()) < INVITE_FROM_AGE:
        return False
    organisation = signup.session.opportunity.organisation
    if not organisation.is_approved:
        return False
    if not reminders.claim("taster_invite_to_apply", f"user:{user.id}:org:{organisation.id}", "invite"):
        return False
    notify.to_visitor(signup, "taster_invite_to_apply", f"{organisation.name} would like to hear from you",
                      step="invite", provider_url=path_for("tasters.provider_page", public_id=organisation.public_id),
                      has_observed_values=signup.observed_values is not None)
    return True
