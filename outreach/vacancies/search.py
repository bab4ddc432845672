"""The public jobs search (/jobs): published jobs and apprenticeships anyone can find.

What: a typed role goes through the matching engine's normaliser ("home care asisstant",
"HCA"), and the search covers that role's family (content/role_families.yaml), the exact role
first. A title the engine cannot place falls back to words in the post's title.
Where: a postcode and radius (a bounding box in SQL, then exact distances), nearest first;
or newest first. Filters: kind, hours and a minimum hourly rate. Closed, filled, past-closing
and unapproved providers' posts are never shown.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import and_, select

from outreach import clock, geo
from outreach.extensions import db
from outreach.models.opportunities import Opportunity
from outreach.models.organisations import Organisation
from outreach.models.vacancies import VACANCY_KINDS, VacancyDetails

KM_PER_DEGREE = 111.2
RADIUS_CHOICES_KM = (5, 10, 25, 50, 100)
DEFAULT_RADIUS_KM = 25
FULL_TIME_HOURS = 30
WEEKS_A_YEAR = 52
PER_PAGE = 10
MAX_RESULTS = 2000  # a search never reads more rows than this


@dataclass(frozen=True)
class Criteria:
    role_slugs: tuple[str, ...] | None = None  # the typed role first, then its family
    title_words: str | None = None  # when the typed text is not a role we know
    place: geo.Place | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    kinds: tuple[str, ...] = VACANCY_KINDS
    hours: str = ""  # "", "part" (under 30 a week) or "full"
    min_hourly_pence: int | None = None
    sort: str = "distance"  # "distance" (needs a place) or "newest"


@dataclass(frozen=True)
class Result:
    details: VacancyDetails
    distance_km: float | None

    @property
    def opportunity(self) -> Opportunity:
        return self.details.opportunity


def hourly_pence(details: VacancyDetails) -> float:
    """Pay per hour, for comparing hourly and annual posts (annual spread over the weekly hours)."""
    if details.pay_type == "annual":
        return details.pay_pence / (WEEKS_A_YEAR * max(1.0, details.hours_per_week))
    return float(details.pay_pence)


def _bounding_box(place: geo.Place, radius_km: float):
    dlat = radius_km / KM_PER_DEGREE
    dlon = radius_km / (KM_PER_DEGREE * max(0.05, math.cos(math.radians(place.latitude))))
    return and_(Opportunity.latitude.between(place.latitude - dlat, place.latitude + dlat),
                Opportunity.longitude.between(place.longitude - dlon, place.longitude + dlon))


def find(criteria: Criteria) -> list[Result]:
    """Every post that fits, in the order asked for."""
    query = (
        select(VacancyDetails)
        .join(Opportunity, Opportunity.id == VacancyDetails.opportunity_id)
        .join(Organisation, Organisation.id == Opportunity.organisation_id)
        .where(Opportunity.status == "published", Organisation.status == "approved",
               Opportunity.kind.in_(criteria.kinds), VacancyDetails.closing_date >= clock.today_uk())
        .order_by(Opportunity.published_at.desc().nulls_last(), Opportunity.id.desc())
        .limit(MAX_RESULTS)
    )
    if criteria.role_slugs:
        query = query.where(Opportunity.role_slug.in_(criteria.role_slugs))
    elif criteria.title_words:
        for word in criteria.title_words.split()[:6]:
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            query = query.where(Opportunity.title.ilike(f"%{escaped}%", escape="\\"))
    if criteria.hours == "part":
        query = query.where(VacancyDetails.hours_per_week < FULL_TIME_HOURS)
    elif criteria.hours == "full":
        query = query.where(VacancyDetails.hours_per_week >= FULL_TIME_HOURS)
    if criteria.place is not None:
        query = query.where(_bounding_box(criteria.place, criteria.radius_km))
    results = []
    origin = (criteria.place.latitude, criteria.place.longitude) if criteria.place else None
    for details in db.session.execute(query).unique().scalars():
        opportunity = details.opportunity
        distance = None
        if origin is not None and opportunity.latitude is not None:
            distance = geo.distance_km(origin, (opportunity.latitude, opportunity.longitude))
            if distance > criteria.radius_km:
                continue
        if criteria.min_hourly_pence is not None and hourly_pence(details) < criteria.min_hourly_pence:
            continue
        results.append(Result(details, round(distance, 1) if distance is not None else None))
    exact = criteria.role_slugs[0] if criteria.role_slugs else None
    if criteria.sort == "distance" and origin is not None:
        results.sort(key=lambda r: (r.opportunity.role_slug != exact if exact else False, r.distance_km or 0))
    elif exact:
        results.sort(key=lambda r: r.opportunity.role_slug != exact)  # stable: newest first within each
    return results


def wider_radius(radius_km: float) -> int | None:
    """The next radius worth suggesting when nothing was found, or None at the widest."""
    return next((r for r in RADIUS_CHOICES_KM if r > radius_km), None)
