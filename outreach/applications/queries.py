"""Questions other features ask about applications (values sharing, referrals' digest and leads)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, select

from outreach.extensions import db
from outreach.mail.links import path_for
from outreach.models.accounts import User
from outreach.models.applications import OPEN_STAGES, Application
from outreach.models.opportunities import Opportunity


@dataclass(frozen=True)
class WaitingItem:
    """An application waiting for a recruiter, for the referrals' daily digest."""

    label: str  # a first name and the post: no private details of minors
    waiting_since: datetime
    url: str


def has_applied_to(organisation, user) -> bool:
    """True if the person has an application (not withdrawn) for one of the organisation's posts."""
    if organisation is None or user is None:
        return False
    return bool(db.session.execute(select(exists().where(
        Application.user_id == user.id, Application.stage != "withdrawn",
        Application.opportunity_id == Opportunity.id, Opportunity.organisation_id == organisation.id))).scalar())


def waiting_applications(organisation, older_than: datetime) -> list[WaitingItem]:
    """Applications still at "applied" since before ``older_than``, oldest first (first names only)."""
    rows = db.session.execute(
        select(Application.public_id, Application.stage_changed_at, User.first_name, Opportunity.title)
        .join(Opportunity, Opportunity.id == Application.opportunity_id)
        .join(User, User.id == Application.user_id)
        .where(Opportunity.organisation_id == organisation.id, Application.stage == "applied",
               Application.stage_changed_at <= older_than, User.is_disabled.is_(False))
        .order_by(Application.stage_changed_at, Application.id).limit(10)
    ).all()
    return [WaitingItem(f"{r.first_name} applied for {r.title}", r.stage_changed_at,
                        path_for("applications.review", public_id=r.public_id)) for r in rows]


def in_application_pipeline(organisation, email: str) -> bool:
    """True if this email has an open application with the organisation."""
    return bool(db.session.execute(select(exists().where(
        func.lower(User.email) == (email or "").strip().lower(), Application.user_id == User.id,
        Application.stage.in_(OPEN_STAGES), Application.opportunity_id == Opportunity.id,
        Opportunity.organisation_id == organisation.id))).scalar())

