"""Emails about a taster or vacancy to the provider's recruiters, and a post's place as emails say it."""
from __future__ import annotations

from sqlalchemy import select

from outreach.extensions import db
from outreach.mail import queue_email
from outreach.models.accounts import User
from outreach.models.opportunities import Opportunity
from outreach.models.organisations import Membership, Organisation


def place_text(opportunity: Opportunity) -> str:
    """Where the taster or vacancy is, as an email says it."""
    if opportunity.is_virtual:
        return "Online (the provider sends joining details before the session)"
    if opportunity.postcode is None:
        return "Online"
    return f"{opportunity.organisation.name}, {opportunity.postcode}"


def provider_contacts(organisation: Organisation) -> list[User]:
    """The provider's owners and recruiters who can still sign in: who hears about its posts."""
    return list(db.session.execute(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == organisation.id, Membership.role.in_(("owner", "recruiter")),
               User.is_disabled.is_(False))
        .order_by(User.id)
    ).scalars())


def to_organisation(organisation: Organisation, template: str, subject: str, key: str, **context) -> None:
    """One templated email to each of the provider's contacts (``key`` keeps each sent once)."""
    for user in provider_contacts(organisation):
        queue_email(to=user.email, user=user, template=template, subject=subject, key=f"{key}:{user.id}",
                    staff_name=user.first_name, organisation_name=organisation.name, **context)
