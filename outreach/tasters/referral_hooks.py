"""Tasters for the referrals feature: staff can make a personal link to one of their provider's
published tasters, and a referred friend is shown them."""
from __future__ import annotations

from sqlalchemy import exists, select

from outreach import clock
from outreach.extensions import db
from outreach.models.opportunities import TASTER_KINDS, Opportunity, TasterSession
from outreach.referrals import hooks
from outreach.mail.links import path_for


def _open_query(organisation):
    upcoming = exists().where(TasterSession.opportunity_id == Opportunity.id, TasterSession.status == "open",
                              TasterSession.starts_at > clock.now())
    return select(Opportunity).where(Opportunity.organisation_id == organisation.id,
                                     Opportunity.kind.in_(TASTER_KINDS), Opportunity.status == "published", upcoming)


def _opening(opportunity: Opportunity) -> hooks.Opening:
    return hooks.Opening("taster", opportunity.public_id, opportunity.title,
                         path_for("tasters.detail", public_id=opportunity.public_id))


def open_tasters(organisation) -> list[hooks.Opening]:
    if organisation is None or not organisation.is_approved:
        return []
    rows = db.session.execute(_open_query(organisation).order_by(Opportunity.title, Opportunity.id)).scalars()
    return [_opening(o) for o in rows]


def find_taster(organisation, kind: str, public_id: str) -> hooks.Opening | None:
    if kind != "taster" or organisation is None or not organisation.is_approved:
        return None
    found = db.session.execute(_open_query(organisation).where(Opportunity.public_id == (public_id or ""))
                               ).scalar_one_or_none()
    return _opening(found) if found is not None else None


def register() -> None:
    hooks.provide("provider_roles", open_tasters)
    hooks.provide("link_targets", open_tasters)
    hooks.provide("find_target", find_taster)
