"""Tasters, sessions and sign-ups made through the real services."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from outreach import clock, geo
from outreach.extensions import db
from outreach.models.opportunities import Opportunity
from outreach.models.signups import SignUp
from outreach.tasters import posting, signups
from tests.factories import make_member, make_organisation, make_user

# A Monday morning in term time, well outside quiet hours.
MONDAY_10AM = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)
RISK = {"activities": "Chat with residents in the lounge and help run the afternoon quiz.",
        "hazards": [{"hazard": "Trips on walking frames",
                     "control": "Visitors stay in the lounge with their supervisor"}],
        "findings": "Low risk. The visitor is supervised throughout and gives no personal care."}


def make_provider(name="Fordington House", postcode="DT1 1HR", *, email=None, role="recruiter"):
    organisation = make_organisation(name, postcode=postcode)
    recruiter = make_member(organisation, role, email or f"{role}@{name.lower().replace(' ', '')}.example")
    return organisation, recruiter


def make_taster(organisation, author, *, kind="buddy", title="Buddy shift in the lounge", min_age=14,
                postcode="DT1 1HR", status="published", sessions=((7, 3),), risk=True, dbs=False,
                will_do="Chat with residents and help run the quiz") -> Opportunity:
    details = posting.TasterDetails(
        kind=kind, title=title, description="Spend a morning with our activities team and meet the residents.",
        min_age=min_age, place=None if kind == "virtual" else geo.resolve(postcode, allow_partial=False),
        setting="care_home", will_do=will_do, will_not_do="No personal care, never alone with a resident",
        what_to_wear="Comfortable shoes", accessibility="Step-free entrance", dbs_required=dbs,
        safeguarding_contact_name="Dee Safe", safeguarding_contact="01305 123456",
        desired_values={"compassion_empathy": 5, "teamwork": 3})
    opportunity = posting.create(organisation, author, details)
    if risk:
        posting.save_risk_assessment(opportunity, author, **RISK)
    for days, places in sessions:
        start = clock.now().replace(hour=10, minute=0) + timedelta(days=days)
        posting.add_session(opportunity, author, starts_at=start, ends_at=start + timedelta(hours=3),
                            places_count=places, supervisor="Sam Reid")
    if status == "published":
        opportunity.status = "published"
        opportunity.published_at = clock.now()
        db.session.commit()
    elif status != "draft":
        opportunity.status = status
        db.session.commit()
    return opportunity


def make_visitor(age=15, email=None, **kwargs):
    return make_user("pupil" if age < 18 else "applicant", email=email, age=age, **kwargs)


def book(user, session, *, guardian_email="parent@home.example", join_waitlist=True, **kwargs) -> SignUp:
    needs_guardian = signups.age_on_day(user, session) < 18
    request = signups.SignUpRequest(guardian_name="Pat Parent" if needs_guardian else None,
                                    guardian_email=guardian_email if needs_guardian else None,
                                    join_waitlist=join_waitlist, **kwargs)
    return signups.sign_up(user, session, request)


def signup_of(user) -> SignUp:
    return db.session.execute(
        select(SignUp).where(SignUp.user_id == user.id).order_by(SignUp.id.desc())).scalars().first()


def outbox(to: str, template: str | None = None):
    from outreach.models.outbox import OutboxMessage

    query = select(OutboxMessage).where(OutboxMessage.to_address == to).order_by(OutboxMessage.id)
    if template:
        query = query.where(OutboxMessage.template == template)
    return db.session.execute(query).scalars().all()


def consent_token(guardian_email="parent@home.example") -> str:
    """The raw token from the newest consent email (the database keeps only its hash)."""
    import re

    messages = [m for m in outbox(guardian_email) if m.template in ("taster_consent_request",
                                                                    "taster_consent_reminder")]
    return re.search(r"/tasters/consent/([A-Za-z0-9_\-]+)", messages[-1].body_text).group(1)
