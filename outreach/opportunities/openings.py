"""Tasters and vacancies a referral can point to: a provider's published tasters with a future
session and its published vacancies still open for applications.

Referrals call these directly (staff make personal links to them; a referred friend is shown them).
Only an approved provider has openings.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, select

from outreach import clock
from outreach.extensions import db
from outreach.mail.links import path_for
from outreach.models.opportunities import TASTER_KINDS, Opportunity, TasterSession
from outreach.models.vacancies import VACANCY_KINDS, VacancyDetails

ENDPOINTS = {"taster": "tasters.detail", "vacancy": "vacancies.detail"}


@dataclass(frozen=True)
class Opening:
    """A taster or vacancy someone can be pointed to."""

    kind: str  # "vacancy" or "taster"
    public_id: str
    title: str
    url: str  # a path


def _open_tasters(organisation):
    upcoming = exists().where(TasterSession.opportunity_id == Opportunity.id, TasterSession.status == "open",
                              TasterSession.starts_at > clock.now())
    return select(Opportunity).where(Opportunity.organisation_id == organisation.id,
                                     Opportunity.kind.in_(TASTER_KINDS), Opportunity.status == "published", upcoming)


def _open_vacancies(organisation):
    return (select(Opportunity).join(VacancyDetails, VacancyDetails.opportunity_id == Opportunity.id)
            .where(Opportunity.organisation_id == organisation.id, Opportunity.kind.in_(VACANCY_KINDS),
                   Opportunity.status == "published", VacancyDetails.closing_date >= clock.today_uk()))


QUERIES = {"taster": _open_tasters, "vacancy": _open_vacancies}


def _opening(kind: str, opportunity: Opportunity) -> Opening:
    return Opening(kind, opportunity.public_id, opportunity.title,
                   path_for(ENDPOINTS[kind], public_id=opportunity.public_id))


def open_for(organisation) -> list[Opening]:
    """The provider's open tasters, then its open vacancies, each by title."""
    if organisation is None or not organisation.is_approved:
        return []
    return [_opening(kind, o) for kind, query in QUERIES.items()
            for o in db.session.execute(query(organisation).order_by(Opportunity.title, Opportunity.id)).scalars()]


def find(organisation, kind: str, public_id: str) -> Opening | None:
    """The provider's open taster or vacancy (``kind``) with that public id, or None."""
    if kind not in QUERIES or organisation is None or not organisation.is_approved:
        return None
    found = db.session.execute(QUERIES[kind](organisation).where(Opportunity.public_id == (public_id or ""))
                               ).scalar_one_or_none()
    return _opening(kind, found) if found is not None else None
