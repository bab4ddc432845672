"""Matches for a signed-in applicant or pupil: open tasters and vacancies ranked by the engine,
with its reasons and the distance. Also used to suggest other openings to someone turned down.

Pupils are matched only once they turn personalised matches on; under 16 they see tasters only,
and from 16 also the jobs and apprenticeships open to their age (the engine checks each post's
minimum age).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import selectinload

import matching
from outreach import clock, matching_adapter
from outreach.applications import profiles
from outreach.extensions import db
from outreach.models.applications import ApplicantProfile, Application
from outreach.models.opportunities import TASTER_KINDS, Opportunity, TasterSession
from outreach.models.organisations import Organisation
from outreach.models.questionnaires import QuestionnaireResponse
from outreach.models.vacancies import VACANCY_KINDS, VacancyDetails
from outreach.questionnaire.service import latest_completed
from outreach.vacancies import pay

KM_PER_DEGREE = 111.2
SEARCH_KM = profiles.MAX_TRAVEL_KM  # no one's travel limit is larger, so nothing reachable is missed
MAX_MATCHES = 100
KIND_FILTERS = {"": "Everything", "tasters": "Tasters", "apprenticeship": "Apprenticeships", "job": "Jobs"}


@dataclass
class Match:
    opportunity: Opportunity
    score: matching.MatchScore
    details: VacancyDetails | None = None
    applied: bool = False

    @property
    def is_vacancy(self) -> bool:
        return self.details is not None


@dataclass
class Matches:
    allowed: bool  # False for a pupil who has not turned personalised matches on
    items: list[Match] = field(default_factory=list)
    has_profile: bool = False
    has_values: bool = False
    has_location: bool = False
    kinds: tuple[str, ...] = ()


def sees_vacancies(user) -> bool:
    """Applicants, and pupils from 16 (the youngest who may apply for a job or apprenticeship)."""
    if user.account_type == "applicant":
        return True
    age = matching_adapter.age_of(user.date_of_birth, clock.today_uk())
    return user.account_type == "pupil" and age is not None and age >= 16


def kinds_for(user, kind_filter: str) -> tuple[str, ...]:
    if not sees_vacancies(user):
        return TASTER_KINDS
    if kind_filter == "tasters":
        return TASTER_KINDS
    if kind_filter in VACANCY_KINDS:
        return (kind_filter,)
    return TASTER_KINDS + VACANCY_KINDS


def box_around(points: list[tuple[float, float]], km: float = SEARCH_KM):
    """(lat_min, lat_max, lon_min, lon_max) covering ``km`` around every point."""
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    dlat = km / KM_PER_DEGREE
    dlon = km / (KM_PER_DEGREE * max(0.05, math.cos(math.radians(max(abs(min(lats)), abs(max(lats)))))))
    return min(lats) - dlat, max(lats) + dlat, min(lons) - dlon, max(lons) + dlon


def open_opportunities(kinds: tuple[str, ...], box=None, exclude_ids: tuple[int, ...] = ()) -> list[tuple]:
    """Public, open opportunities of these kinds inside the box (plus virtual ones), as
    (Opportunity, VacancyDetails or None, engine Opportunity). Three queries, whatever the count."""
    now = clock.now()
    today = clock.today_uk()
    taster_kinds = tuple(k for k in kinds if k in TASTER_KINDS)
    vacancy_kinds = tuple(k for k in kinds if k in VACANCY_KINDS)
    open_taster = and_(Opportunity.kind.in_(taster_kinds), exists().where(
        TasterSession.opportunity_id == Opportunity.id, TasterSession.status == "open", TasterSession.starts_at > now))
    open_vacancy = and_(Opportunity.kind.in_(vacancy_kinds), exists().where(
        VacancyDetails.opportunity_id == Opportunity.id, VacancyDetails.closing_date >= today))
    query = (select(Opportunity).join(Organisation, Organisation.id == Opportunity.organisation_id)
             .where(Opportunity.status == "published", Organisation.status == "approved",
                    or_(open_taster, open_vacancy))
             .options(selectinload(Opportunity.sessions)).order_by(Opportunity.id))
    if box is not None:
        lat_min, lat_max, lon_min, lon_max = box
        query = query.where(or_(and_(Opportunity.latitude.between(lat_min, lat_max),
                                     Opportunity.longitude.between(lon_min, lon_max)),
                                Opportunity.kind == "virtual"))
    if exclude_ids:
        query = query.where(Opportunity.id.not_in(exclude_ids))
    found = db.session.execute(query).unique().scalars().all()
    vacancy_ids = [o.id for o in found if o.kind in VACANCY_KINDS]
    details = {}
    if vacancy_ids:
        details = {d.opportunity_id: d for d in db.session.execute(
            select(VacancyDetails).where(VacancyDetails.opportunity_id.in_(vacancy_ids))).scalars()}
    result = []
    for opportunity in found:
        detail = details.get(opportunity.id)
        engine = matching_adapter.engine_opportunity(opportunity, detail, opportunity.sessions, now)
        if engine is not None:
            result.append((opportunity, detail, engine))
    return result


def pay_allows(detail: VacancyDetails | None, age: int, today) -> bool:
    """False when a vacancy's advertised pay is below this person's own legal minimum today.

    Posting refuses pay below the minimum for the group it is for, but a youth rate is still below
    an older person's minimum, and a vacancy saved before 1 April can fall below the new rates.
    Such a vacancy is left out of the person's matches rather than offered unflagged
    (``outreach.vacancies.pay`` has the rule)."""
    if detail is None:
        return True
    return not pay.below_for_person(detail.opportunity.kind, detail.pay_type, detail.pay_pence,
                                    detail.hours_per_week, age, today)


def people_for(users: list) -> list[tuple]:
    """(user, profile, latest values scores) for each user, in two queries."""
    if not users:
        return []
    ids = [u.id for u in users]
    found = {p.user_id: p for p in db.session.execute(
        select(ApplicantProfile).where(ApplicantProfile.user_id.in_(ids))).scalars()}
    scores = {row.user_id: row.scores for row in db.session.execute(
        select(QuestionnaireResponse.user_id, QuestionnaireResponse.scores)
        .where(QuestionnaireResponse.user_id.in_(ids), QuestionnaireResponse.completed_at.is_not(None))
        .order_by(QuestionnaireResponse.user_id, QuestionnaireResponse.completed_at, QuestionnaireResponse.id))}
    return [(u, found.get(u.id), scores.get(u.id)) for u in users]


def matches_for(user, kind_filter: str = "") -> Matches:
    profile = profiles.profile_of(user)
    response = latest_completed(user)
    result = Matches(allowed=profiles.wants_personalised_matches(user, profile), has_profile=profile is not None,
                     has_values=response is not None, has_location=bool(user.postcode_sector))
    if not result.allowed:
        return result
    person = matching_adapter.engine_applicant(user.id, date_of_birth=user.date_of_birth,
                                               postcode_sector=user.postcode_sector, profile=profile,
                                               scores=response.scores if response is not None else None)
    if person is None:
        return result
    result.kinds = kinds_for(user, kind_filter)
    box = box_around([(person.lat, person.lon)]) if person.lat is not None else (0, 0, 0, 0)
    today = clock.today_uk()
    candidates = [c for c in open_opportunities(result.kinds, box) if pay_allows(c[1], person.age, today)]
    by_id = {opportunity.id: (opportunity, detail) for opportunity, detail, _ in candidates}
    ranked = matching_adapter.rank_for_applicant(person, [engine for *_, engine in candidates], MAX_MATCHES)
    applied = set(db.session.execute(
        select(Application.opportunity_id).where(Application.user_id == user.id,
                                                 Application.stage != "withdrawn")).scalars())
    for score in ranked:
        opportunity, detail = by_id[score.opportunity_id]
        result.items.append(Match(opportunity, score, detail, opportunity.id in applied))
    return result


def suggestions(people: list[tuple], exclude_opportunity_id: int, per_person: int = 3) -> dict[int, list[Match]]:
    """Up to ``per_person`` other open matches for each (user, profile, scores), keyed by user id.

    One query set for everyone (a box around all of them); the engine ranks each person.
    """
    engines = {}
    for user, profile, scores in people:
        person = matching_adapter.engine_applicant(user.id, date_of_birth=user.date_of_birth,
                                                   postcode_sector=user.postcode_sector, profile=profile,
                                                   scores=scores)
        if person is not None:
            engines[user.id] = (user, person)
    points = [(p.lat, p.lon) for _, p in engines.values() if p.lat is not None]
    if not engines:
        return {}
    kinds = TASTER_KINDS + VACANCY_KINDS
    candidates = open_opportunities(kinds, box_around(points) if points else (0, 0, 0, 0),
                                    exclude_ids=(exclude_opportunity_id,))
    if not candidates:
        return {}
    by_id = {opportunity.id: (opportunity, detail) for opportunity, detail, _ in candidates}
    index = matching_adapter.opportunity_index([engine for *_, engine in candidates])
    today = clock.today_uk()
    found = {}
    for user_id, (user, person) in engines.items():
        allowed = kinds_for(user, "")
        ranked = matching_adapter.rank_for_applicant(person, index, per_person * 3)
        items = [Match(by_id[s.opportunity_id][0], s, by_id[s.opportunity_id][1]) for s in ranked
                 if by_id[s.opportunity_id][0].kind in allowed
                 and pay_allows(by_id[s.opportunity_id][1], person.age, today)]
        found[user_id] = items[:per_person]
    return found
