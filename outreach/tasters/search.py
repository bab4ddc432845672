"""Find published tasters near a place, for the /tasters/ page and the public API.

A bounding box in SQL narrows the rows; exact great-circle distances (outreach.geo) then
filter and sort them. Virtual sessions have no distance and are listed separately.
Only published tasters of approved providers with a future open session are found.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import and_, exists, select

from outreach import clock, geo
from outreach.extensions import db
from outreach.models.opportunities import TASTER_KINDS, Opportunity, TasterSession
from outreach.models.organisations import Organisation

KM_PER_MILE = 1.609344
KM_PER_DEGREE = 111.2
MAX_RADIUS_KM = 300.0
DEFAULT_RADIUS_KM = 25.0
PER_PAGE = 10


@dataclass
class Criteria:
    place: geo.Place | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    kinds: tuple[str, ...] = TASTER_KINDS
    date_from: date | None = None
    date_to: date | None = None
    age: int | None = None


@dataclass
class Found:
    opportunity_id: int
    distance_km: float | None
    opportunity: Opportunity | None = None  # loaded by with_sessions for the page shown
    next_session: TasterSession | None = None
    upcoming: list[TasterSession] = field(default_factory=list)

    @property
    def has_places(self) -> bool:
        return self.next_session is not None and self.next_session.places_left > 0


@dataclass
class Results:
    in_person: list[Found]
    virtual: list[Found]


def uk_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=clock.UK).astimezone(timezone.utc)


def _session_filters(criteria: Criteria) -> list:
    filters = [TasterSession.status == "open", TasterSession.starts_at > clock.now()]
    if criteria.date_from:
        filters.append(TasterSession.starts_at >= uk_midnight(criteria.date_from))
    if criteria.date_to:
        filters.append(TasterSession.starts_at < uk_midnight(criteria.date_to + timedelta(days=1)))
    return filters


def _bounding_box(place: geo.Place, radius_km: float):
    dlat = radius_km / KM_PER_DEGREE
    dlon = radius_km / (KM_PER_DEGREE * max(0.05, math.cos(math.radians(place.latitude))))
    return and_(Opportunity.latitude.between(place.latitude - dlat, place.latitude + dlat),
                Opportunity.longitude.between(place.longitude - dlon, place.longitude + dlon))


def _matching(criteria: Criteria, query, *, virtual: bool):
    """Published tasters of approved providers with a future open session that fits the criteria."""
    query = (
        query.join(Organisation, Organisation.id == Opportunity.organisation_id)
        .where(Opportunity.status == "published", Organisation.status == "approved",
               Opportunity.kind.in_(criteria.kinds),
               exists().where(TasterSession.opportunity_id == Opportunity.id, *_session_filters(criteria)))
    )
    if criteria.age is not None:
        query = query.where(Opportunity.min_age <= criteria.age)
    if virtual:
        return query.where(Opportunity.kind == "virtual")
    return query.where(Opportunity.kind != "virtual", _bounding_box(criteria.place, criteria.radius_km))


def _sessions_for(opportunity_ids: list[int], criteria: Criteria) -> dict[int, list[TasterSession]]:
    if not opportunity_ids:
        return {}
    rows = db.session.execute(
        select(TasterSession).where(TasterSession.opportunity_id.in_(opportunity_ids), *_session_filters(criteria))
        .order_by(TasterSession.starts_at)
    ).scalars()
    grouped: dict[int, list[TasterSession]] = {}
    for session in rows:
        grouped.setdefault(session.opportunity_id, []).append(session)
    return grouped


def _complete(found: Found, opportunity: Opportunity, sessions: list[TasterSession]) -> Found:
    with_places = next((s for s in sessions if s.places_left > 0), None)
    return Found(found.opportunity_id, found.distance_km, opportunity,
                 with_places or (sessions[0] if sessions else None), sessions)


def find(criteria: Criteria) -> Results:
    """Every match, in order. Only ids, distances and titles are read for in-person results:
    call ``with_sessions`` on the page you show, which loads those tasters and their sessions,
    so a wide search stays fast. Virtual results come complete (they sort by next session)."""
    in_person: list[Found] = []
    virtual: list[Found] = []
    if criteria.place is not None and any(k != "virtual" for k in criteria.kinds):
        origin = (criteria.place.latitude, criteria.place.longitude)
        rows = db.session.execute(_matching(criteria, select(
            Opportunity.id, Opportunity.latitude, Opportunity.longitude, Opportunity.title), virtual=False)).all()
        near = []
        for row in rows:
            distance = geo.distance_km(origin, (row.latitude, row.longitude))
            if distance <= criteria.radius_km:
                near.append((distance, row.title, row.id))
        near.sort()
        in_person = [Found(opportunity_id, round(distance, 1)) for distance, _, opportunity_id in near]
    if "virtual" in criteria.kinds:
        online = db.session.execute(_matching(criteria, select(Opportunity), virtual=True)).unique().scalars().all()
        sessions = _sessions_for([o.id for o in online], criteria)
        virtual = [_complete(Found(o.id, None), o, sessions.get(o.id, [])) for o in online]
        virtual.sort(key=lambda f: (f.next_session.starts_at if f.next_session else clock.now(), f.opportunity.title))
    return Results(in_person, virtual)


def with_sessions(items: list[Found], criteria: Criteria) -> list[Found]:
    """Load the tasters on this page with their upcoming sessions and next session with places."""
    missing = [f.opportunity_id for f in items if f.opportunity is None]
    if not missing:
        return items
    loaded = {o.id: o for o in db.session.execute(select(Opportunity).where(Opportunity.id.in_(missing))).scalars()}
    sessions = _sessions_for(missing, criteria)
    return [f if f.opportunity is not None
            else _complete(f, loaded[f.opportunity_id], sessions.get(f.opportunity_id, [])) for f in items]


def public_taster(public_id: str) -> Opportunity | None:
    opportunity = db.session.execute(
        select(Opportunity).where(Opportunity.public_id == public_id, Opportunity.kind.in_(TASTER_KINDS))
    ).scalar_one_or_none()
    return opportunity if opportunity is not None and opportunity.is_public else None


def km_to(unit: str, km: float) -> float:
    return km / KM_PER_MILE if unit == "miles" else km


def to_km(unit: str, value: float) -> float:
    return value * KM_PER_MILE if unit == "miles" else value


def wider_radius(value: float, unit: str) -> float | None:
    """The next radius (in the same unit) worth suggesting when nothing was found, or None at the maximum."""
    maximum = km_to(unit, MAX_RADIUS_KM)
    for step in (10, 25, 50, 100, 150):
        if value + 0.01 < step <= maximum:
            return float(step)
    return None
