"""Referral links and QR codes, the staff page, the recruiter's lead list and the points settings.

The lead lifecycle and fair rules live in leads.py; points in points.py.
"""
from __future__ import annotations

import io
import secrets
from dataclasses import dataclass

import segno
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from outreach import audit, clock
from outreach.domain import transaction
from outreach.extensions import db
from outreach.mail.links import path_for
from outreach.mail.outbox import absolute_url
from outreach.models.accounts import User
from outreach.models.organisations import Organisation
from outreach.models.referrals import (
    LEAD_STAGES,
    Lead,
    LeaderboardOptIn,
    LeadStageChange,
    ReferralLink,
    ReferralSettings,
)
from outreach.opportunities import openings
from outreach.referrals import points
from outreach.referrals.errors import LinkInactive, ReferralError
from outreach.referrals.leads import employment_check_due

SETTINGS_FIELDS = ("points_new", "points_applied", "points_interviewed", "points_hired", "points_employed_3m",
                   "points_employed_6m", "new_to_care_bonus", "monthly_share_cap", "leaderboard_enabled")


# --- links --------------------------------------------------------------------------------------

def _find_link(user: User, kind: str, target_public_id: str | None) -> ReferralLink | None:
    query = select(ReferralLink).where(ReferralLink.user_id == user.id, ReferralLink.target_kind == kind,
                                       ReferralLink.organisation_id == user.organisation.id)
    query = query.where(ReferralLink.target_public_id.is_(None) if target_public_id is None
                        else ReferralLink.target_public_id == target_public_id)
    return db.session.execute(query.order_by(ReferralLink.id).limit(1)).scalar_one_or_none()


@transaction
def _get_or_create_link(user: User, kind: str = "provider", target_public_id: str | None = None,
                        title: str | None = None) -> ReferralLink:
    link = _find_link(user, kind, target_public_id)
    if link is not None:
        return link
    for _ in range(5):
        link = ReferralLink(code=secrets.token_urlsafe(6), organisation_id=user.organisation.id, user_id=user.id,
                            target_kind=kind, target_public_id=target_public_id, target_title=title,
                            created_at=clock.now())
        try:
            with db.session.begin_nested():  # a code collision undoes only this attempt
                db.session.add(link)
            return link
        except IntegrityError:  # a code collision: try another
            continue
    raise RuntimeError("could not make a unique referral code")


def link_url(link: ReferralLink) -> str:
    return absolute_url(path_for("referrals.landing", code=link.code))


def make_target_link(user: User, target: str) -> ReferralLink:
    """A personal link for one of the provider's vacancies or tasters ("kind:public_id")."""
    kind, _, public_id = (target or "").partition(":")
    opening = openings.find(user.organisation, kind, public_id)
    if opening is None:
        raise ReferralError("Choose one of your organisation's tasters or vacancies", field="target")
    return _get_or_create_link(user, kind, opening.public_id, opening.title[:160])


def active_link(code: str) -> ReferralLink:
    """The link behind a public code, if its provider is approved and its owner still works there."""
    link = db.session.execute(select(ReferralLink).where(ReferralLink.code == (code or "")[:16])).scalar_one_or_none()
    if link is None or not link.organisation.is_approved or link.user.is_disabled:
        raise LinkInactive()
    membership = link.user.membership
    if membership is None or membership.organisation_id != link.organisation_id:
        raise LinkInactive()
    return link


@dataclass(frozen=True)
class Landing:
    link: ReferralLink
    organisation: Organisation
    referrer_name: str
    opening: openings.Opening | None


def landing(code: str) -> Landing:
    link = active_link(code)
    opening = None
    if link.target_kind != "provider" and link.target_public_id:
        opening = openings.find(link.organisation, link.target_kind, link.target_public_id)
    return Landing(link, link.organisation, link.user.first_name, opening)


def qr_svg(user: User, code: str) -> bytes:
    """The QR code of one of the signed-in member's organisation's links, as SVG."""
    link = db.session.execute(select(ReferralLink).where(ReferralLink.code == (code or "")[:16])).scalar_one_or_none()
    if link is None or user.organisation is None or link.organisation_id != user.organisation.id:
        raise LinkInactive()
    buffer = io.BytesIO()
    segno.make(link_url(link), error="m").save(
        buffer, kind="svg", scale=6, border=2, xmldecl=False, title=f"QR code for {link.organisation.name}",
    )
    return buffer.getvalue()


# --- the staff member's page --------------------------------------------------------------------

@dataclass
class StaffOverview:
    links: list[ReferralLink]
    general: ReferralLink
    targets: list[openings.Opening]
    leads: object  # a pagination of the member's own leads
    total_points: int
    recent_points: list
    settings: ReferralSettings
    opted_in: bool
    leaderboard: list


@transaction
def staff_overview(user: User, page: int = 1) -> StaffOverview:
    organisation = user.organisation
    general = _get_or_create_link(user)
    links = list(db.session.execute(
        select(ReferralLink).where(ReferralLink.user_id == user.id, ReferralLink.organisation_id == organisation.id)
        .order_by(ReferralLink.id)
    ).scalars())
    leads = db.paginate(
        select(Lead).where(Lead.referrer_id == user.id, Lead.organisation_id == organisation.id)
        .order_by(Lead.created_at.desc()), page=page, per_page=20, error_out=False,
    )
    settings = points.settings_for(organisation.id)
    opted_in = points.is_opted_in(user)
    board = points.leaderboard(organisation.id, user) if settings.leaderboard_enabled and opted_in else []
    overview = StaffOverview(links, general, openings.open_for(organisation), leads,
                             points.total_for(user, organisation.id), points.recent_for(user, organisation.id),
                             settings, opted_in, board)
    return overview


@transaction
def set_leaderboard_opt_in(user: User, opt_in: bool) -> None:
    if opt_in:
        if not points.is_opted_in(user):
            db.session.add(LeaderboardOptIn(user_id=user.id, organisation_id=user.organisation.id,
                                            created_at=clock.now()))
    else:
        db.session.execute(delete(LeaderboardOptIn).where(LeaderboardOptIn.user_id == user.id))
    audit.record("referral.leaderboard_opt_in" if opt_in else "referral.leaderboard_opt_out", actor=user,
                 subject=user)


# --- recruiters ---------------------------------------------------------------------------------

def leads_for_recruiter(organisation: Organisation, stage: str | None, page: int = 1):
    query = select(Lead).where(Lead.organisation_id == organisation.id)
    if stage == "unconfirmed":
        query = query.where(Lead.confirmed_at.is_(None), Lead.stage == "new")
    elif stage in LEAD_STAGES:
        query = query.where(Lead.stage == stage)
        if stage == "new":
            query = query.where(Lead.confirmed_at.is_not(None))
    return db.paginate(query.order_by(Lead.stage_changed_at.desc(), Lead.id.desc()), page=page, per_page=25,
                       error_out=False)


def stage_counts(organisation: Organisation) -> dict[str, int]:
    return dict(db.session.execute(
        select(Lead.stage, func.count()).where(Lead.organisation_id == organisation.id).group_by(Lead.stage)
    ).all())


def checks_due(organisation: Organisation) -> list[Lead]:
    """Hired friends whose 3- or 6-month "still with you?" question is waiting for an answer."""
    hired = db.session.execute(
        select(Lead).where(Lead.organisation_id == organisation.id, Lead.stage.in_(("hired", "employed_3m")))
        .order_by(Lead.hired_at)
    ).scalars()
    now = clock.now()
    return [lead for lead in hired if employment_check_due(lead, now)]


def history(lead: Lead) -> list[LeadStageChange]:
    return list(db.session.execute(
        select(LeadStageChange).where(LeadStageChange.lead_id == lead.id).order_by(LeadStageChange.id)
    ).scalars())


@transaction
def update_settings(organisation: Organisation, actor: User, values: dict) -> ReferralSettings:
    settings = points.settings_for(organisation.id, lock=True)
    changed = {}
    for name in SETTINGS_FIELDS:
        if name in values and getattr(settings, name) != values[name]:
            changed[name] = values[name]
            setattr(settings, name, values[name])
    settings.updated_at, settings.updated_by_id = clock.now(), actor.id
    audit.record("referral.settings_changed", actor=actor, subject=organisation,
                 **{k: str(v) for k, v in changed.items()})
    return settings

