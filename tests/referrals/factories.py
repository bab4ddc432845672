"""Factories for referral tests: links and leads made directly, so each test sets exactly what it needs."""
from __future__ import annotations

import secrets
from datetime import datetime

from outreach import clock
from outreach.extensions import db
from outreach.models.referrals import Lead, LeadStageChange, ReferralLink
from outreach.referrals import contact
from tests.factories import make_member, make_organisation


def make_link(user, kind: str = "provider") -> ReferralLink:
    link = ReferralLink(code=secrets.token_urlsafe(6), organisation_id=user.organisation.id, user_id=user.id,
                        target_kind=kind, created_at=clock.now())
    db.session.add(link)
    db.session.commit()
    return link


def make_lead(organisation, referrer=None, *, name: str = "Priya Shah", email: str | None = "priya@example.com",
              phone: str | None = None, stage: str = "new", confirmed: bool = True, at: datetime | None = None,
              link=None, hired_at: datetime | None = None, left_at: datetime | None = None,
              source: str = "link", email_confirmed: bool | None = None) -> Lead:
    """A lead; a confirmed one with an email counts as confirmed from the friend's own inbox (so it
    earns points) unless ``email_confirmed=False``."""
    at = at or clock.now()
    lead = Lead(organisation_id=organisation.id, referrer_id=getattr(referrer, "id", None),
                link_id=getattr(link, "id", None), source=source, friend_name=name, email=email, phone=phone,
                email_digest=contact.digest(email), phone_digest=contact.digest(phone), role_slug="care-worker",
                consent_at=at if confirmed else None, confirmed_at=at if confirmed else None, stage=stage,
                email_confirmed_at=at if (confirmed and email
                                          if email_confirmed is None else email_confirmed) else None,
                stage_changed_at=at, created_at=at, hired_at=hired_at, left_at=left_at,
                cold_at=at if stage == "cold" else None)
    db.session.add(lead)
    db.session.flush()
    db.session.add(LeadStageChange(lead_id=lead.id, from_stage=None, to_stage=stage, at=at))
    db.session.commit()
    return lead


def provider_team(name: str = "Fordington House", postcode: str = "DT1 1HR", prefix: str = "a"):
    """An approved provider with an owner, a recruiter and a staff member."""
    organisation = make_organisation(name, postcode=postcode)
    owner = make_member(organisation, "owner", f"owner-{prefix}@care.example", first_name="Olive")
    recruiter = make_member(organisation, "recruiter", f"recruiter-{prefix}@care.example", first_name="Raj")
    staff = make_member(organisation, "staff", f"staff-{prefix}@care.example", first_name="Sam")
    return organisation, owner, recruiter, staff
