"""Vacancies for the referrals feature: the provider's open jobs and apprenticeships, which staff
can make personal referral links for and which a referred friend is shown."""
from __future__ import annotations

from sqlalchemy import select

from outreach import clock
from outreach.extensions import db
from outreach.mail.links import path_for
from outreach.models.opportunities import Opportunity
from outreach.models.vacancies import VACANCY_KINDS, VacancyDetails
from outreach.referrals import hooks


def _open_query(organisation):
    return (select(Opportunity).join(VacancyDetails, VacancyDetails.opportunity_id == Opportunity.id)
            .where(Opportunity.organisation_id == organisation.id, Opportunity.kind.in_(VACANCY_KINDS),
                   Opportunity.status == "published", VacancyDetails.closing_date >= clock.today_uk()))


def _opening(opportunity: Opportunity) -> hooks.Opening:
    return hooks.Opening("vacancy", opportunity.public_id, opportunity.title,
                         path_for("vacancies.detail", public_id=opportunity.public_id))


def open_vacancies(organisation) -> list[hooks.Opening]:
    if organisation is None or not organisation.is_approved:
        return []
    rows = db.session.execute(_open_query(organisation).order_by(Opportunity.title, Opportunity.id)).scalars()
    return [_opening(o) for o in rows]


def find_vacancy(organisation, kind: str, public_id: str) -> hooks.Opening | None:
    if kind != "vacancy" or organisation is None or not organisation.is_approved:
        return None
    found = db.session.execute(_open_query(organisation).where(Opportunity.public_id == (public_id or ""))
                               ).scalar_one_or_none()
    return _opening(found) if found is not None else None


def register() -> None:
    hooks.provide("provider_roles", open_vacancies)
    hooks.provide("link_targets", open_vacancies)
    hooks.provide("find_target", find_vacancy)
