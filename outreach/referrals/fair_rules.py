"""The fair rules a referral must pass before a friend becomes a lead.

- no self-referral, and not someone already on the provider's team;
- not while the friend is in the provider's pipeline (or works there);
- once per provider in 12 months (counting referrals the friend agreed to, or turned down);
- not if they left the provider in the last 12 months.

Callers check these with the provider's settings row locked, so of two referrals of the same friend
at once, the first valid one wins and the other is refused. Only the self-referral rule is ever
shown to a person; the others refuse quietly (``errors.PRIVATE_RULES``).
"""
from __future__ import annotations

from datetime import datetime

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, or_, select

from outreach.applications.queries import in_application_pipeline
from outreach.extensions import db
from outreach.models.accounts import User
from outreach.models.organisations import Membership, Organisation
from outreach.models.referrals import ACTIVE_STAGES, Lead
from outreach.referrals import contact
from outreach.referrals.errors import AlreadyInPipeline, AlreadyReferred, LeftRecently, SelfReferral

FAIR_WINDOW = relativedelta(months=12)


def check_fair_rules(organisation: Organisation, referrer: User | None, email: str | None, phone: str | None,
                     now: datetime) -> None:
    """Raise the first fair rule this referral breaks; return quietly when it breaks none."""
    if referrer is not None and email and email == (referrer.email or "").lower():
        raise SelfReferral()
    if email and _on_the_team(organisation, email):
        raise AlreadyInPipeline("This person is already on this provider's team.")
    _check_earlier_leads(_earlier_leads(organisation, email, phone), now - FAIR_WINDOW)
    if email and in_application_pipeline(organisation, email):
        raise AlreadyInPipeline()


def _on_the_team(organisation: Organisation, email: str) -> bool:
    return db.session.execute(
        select(Membership.id).join(User).where(Membership.organisation_id == organisation.id,
                                               func.lower(User.email) == email)
    ).first() is not None


def _earlier_leads(organisation: Organisation, email: str | None, phone: str | None) -> list:
    """(stage, consent_at, created_at, left_at) of this provider's leads with the same email or phone."""
    digests = [d for d in (contact.digest(email), contact.digest(phone)) if d]
    if not digests:
        return []
    return db.session.execute(
        select(Lead.stage, Lead.consent_at, Lead.created_at, Lead.left_at).where(
            Lead.organisation_id == organisation.id,
            or_(Lead.email_digest.in_(digests), Lead.phone_digest.in_(digests)),
        )
    ).all()


def _check_earlier_leads(rows: list, since: datetime) -> None:
    """In order of precedence: still in the pipeline, then left recently, then referred recently."""
    if any(stage in ACTIVE_STAGES for stage, _, _, _ in rows):
        raise AlreadyInPipeline()
    if any(stage == "left" and left_at is not None and left_at > since for stage, _, _, left_at in rows):
        raise LeftRecently()
    if any((consent_at is not None or stage == "declined") and created_at > since
           for stage, consent_at, created_at, _ in rows):
        raise AlreadyReferred()
