"""Templated emails about tasters. There is no free-text messaging: every message a visitor,
guardian or provider gets is one of these templates, filled with our own facts and choices."""
from __future__ import annotations

from sqlalchemy import select

from outreach import clock
from outreach.extensions import db
from outreach.mail import queue_email
from outreach.mail.links import path_for
from outreach.models.accounts import User
from outreach.models.opportunities import TasterSession
from outreach.models.organisations import Membership
from outreach.models.signups import SignUp
from outreach.opportunities.notify import place_text, provider_contacts
from outreach.privacy import erasure

VISITOR_REASONS = {
    "unwell": "I am unwell",
    "plans_changed": "My plans have changed",
    "cannot_travel": "I cannot get there",
    "not_interested": "I am no longer interested",
    "other": "Another reason",
}
PROVIDER_REASONS = {
    "session_cancelled": "The session can no longer go ahead",
    "staffing": "We do not have enough staff to supervise safely that day",
    "not_suitable": "This placement is not suitable for this visitor",
    "places_reduced": "We have had to reduce the number of places",
    "other": "Another reason",
}
GUARDIAN_REASONS = {
    "not_comfortable": "I am not comfortable with this placement",
    "clash": "It clashes with something else",
    "other": "Another reason",
}
SYSTEM_REASONS = {
    "guardian_declined": "A parent or guardian did not give consent",
    "consent_not_received": "We did not hear from a parent or guardian in time",
    "provider_no_reply": "The provider did not confirm the place before the session",
}
ALL_REASONS = {**VISITOR_REASONS, **PROVIDER_REASONS, **GUARDIAN_REASONS, **SYSTEM_REASONS}
UNDER_18_RULES = (
    "Visitors under 18 are never left alone with a resident or person who uses the service.",
    "Visitors under 18 never give personal care (such as washing, dressing, toileting or help with eating).",
    "A named member of staff supervises the visitor for the whole session.",
)


def reason_text(code: str | None) -> str:
    return ALL_REASONS.get(code or "", "No reason given")


def when(session: TasterSession) -> str:
    start, end = clock.to_uk(session.starts_at), clock.to_uk(session.ends_at)
    return f"{start.strftime('%A %-d %B %Y')}, {start.strftime('%H:%M')} to {end.strftime('%H:%M')}"


def facts(session: TasterSession) -> dict:
    """What every email about a session may say: the taster and session, never a person."""
    opportunity = session.opportunity
    return {
        "title": opportunity.title,
        "kind_label": opportunity.kind_label,
        "provider_name": opportunity.organisation.name,
        "where": place_text(opportunity),
        "when": when(session),
        "supervisor_name": session.supervisor_name,
        "what_to_wear": opportunity.what_to_wear,
        "accessibility": opportunity.accessibility,
        "will_do": opportunity.will_do,
        "will_not_do": opportunity.will_not_do,
        "dbs_required": opportunity.dbs_required,
        "safeguarding_contact_name": opportunity.safeguarding_contact_name,
        "safeguarding_contact": opportunity.safeguarding_contact,
        "taster_url": path_for("tasters.detail", public_id=opportunity.public_id),
    }


def age_band(age: int | None) -> str:
    if age is None:
        return "Age not known"
    if age < 16:
        return "14 to 15"
    if age < 18:
        return "16 to 17"
    return "18 or over"


def visitor_age(signup: SignUp) -> int | None:
    user = signup.user
    if user.date_of_birth is None:
        return None
    return clock.age_on(user.date_of_birth, clock.to_uk(signup.session.starts_at).date())


def to_visitor(signup: SignUp, template: str, subject: str, step: str, **context) -> None:
    user = signup.user
    if user.is_disabled:
        return
    queue_email(to=user.email, user=user, template=template, subject=subject,
                key=f"taster:{template}:{signup.id}:visitor:{step}", audience="visitor",
                first_name=user.first_name, signup_url=path_for("tasters.my_signup", public_id=signup.public_id),
                search_url=path_for("tasters.search_page"), **facts(signup.session), **context)


def to_guardian(signup: SignUp, template: str, subject: str, step: str, **context) -> None:
    consent = signup.consent
    if consent is None or not consent.guardian_email:
        return
    queue_email(to=consent.guardian_email, template=template, subject=subject,
                key=f"taster:{template}:{signup.id}:guardian:{step}", audience="guardian",
                guardian_name=consent.guardian_name, first_name=signup.user.first_name, **facts(signup.session),
                **context)


def to_visitor_and_guardian(signup: SignUp, template: str, subject: str, step: str, **context) -> None:
    to_visitor(signup, template, subject, step, **context)
    if signup.needs_consent and signup.consent is not None and signup.consent.decision != "declined":
        to_guardian(signup, template, subject, step, **context)


def to_provider(signup: SignUp, event: str, subject: str, step: str, **context) -> None:
    """Tell the provider's recruiters: first name, age band and session only."""
    session = signup.session
    organisation = session.opportunity.organisation
    for user in provider_contacts(organisation):
        queue_email(to=user.email, user=user, template="taster_provider_notice", subject=subject,
                    key=f"taster:provider:{event}:{signup.id}:{user.id}:{step}", event=event,
                    staff_name=user.first_name, visitor_first_name=signup.user.first_name,
                    account_deleted=erasure.is_erased(signup.user),
                    age_band=age_band(visitor_age(signup)), needs_consent=signup.needs_consent,
                    session_url=path_for("tasters.session_register", public_id=session.public_id),
                    **facts(session), **context)


def to_school(signup: SignUp, step: str, status_text: str) -> None:
    consent = signup.consent
    if consent is None or not consent.copy_school or consent.school is None:
        return
    contacts = db.session.execute(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == consent.school_id, Membership.role == "owner",
               User.is_disabled.is_(False))
    ).scalars()
    for user in contacts:
        queue_email(to=user.email, user=user, template="taster_school_copy",
                    subject=f"A pupil's taster placement: {signup.session.opportunity.title}",
                    key=f"taster:school:{signup.id}:{user.id}:{step}", staff_name=user.first_name,
                    school_name=consent.school.name, visitor_first_name=signup.user.first_name,
                    status_text=status_text, **facts(signup.session))
