"""Find published opportunities near a place: a bounding box in SQL, then exact distances.

Shared by the careers pages (tasters and jobs for a role's family near a postcode).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import and_, or_, select

from outreach import clock, geo
from outreach.extensions import db
from outreach.models.opportunities import Opportunity, TasterSession
from outreach.models.organisations import Organisation

KM_PER_DEGREE_LATITUDE = 111.2


@dataclass(frozen=True)
class Nearby:
    opportunity: Opportunity
    distance_km: float | None  # None for virtual sessions
    next_session: TasterSession | None


def nearby_opportunities(place: geo.Place, *, kinds: tuple[str, ...], role_slugs: tuple[str, ...] | None = None,
                         radius_km: float = 30, limit: int = 10) -> list[Nearby]:
    """Published opportunities of approved providers within ``radius_km``, nearest first (virtual last).

    ``role_slugs`` limits them to those roles (a role and its family, from outreach.content).
    Tasters need a future open session; jobs and apprenticeships need only to be published."""
    dlat = radius_km / KM_PER_DEGREE_LATITUDE
    dlon = radius_km / (KM_PER_DEGREE_LATITUDE * max(0.1, math.cos(math.radians(place.latitude))))
    in_box = and_(Opportunity.latitude.between(place.latitude - dlat, place.latitude + dlat),
                  Opportunity.longitude.between(place.longitude - dlon, place.longitude + dlon))
    query = (
        select(Opportunity)
        .join(Organisation, Organisation.id == Opportunity.organisation_id)
        .where(Opportunity.status == "published", Organisation.status == "approved", Opportunity.kind.in_(kinds),
               or_(in_box, Opportunity.latitude.is_(None)))
    )
    if role_slugs:
        query = query.where(Opportunity.role_slug.in_(role_slugs))
    found = []
    now = clock.now()
    for opportunity in db.session.execute(query).unique().scalars():
        distance = None
        if opportunity.latitude is not None:
            distance = geo.distance_km((place.latitude, place.longitude), (opportunity.latitude, opportunity.longitude))
            if distance > radius_km:
                continue
        upcoming = sorted((s for s in opportunity.sessions if s.starts_at > now and s.status == "open"),
                          key=lambda s: s.starts_at)
        is_taster = opportunity.kind not in ("apprenticeship", "job")
        if is_taster and not upcoming:
            continue
        found.append(Nearby(opportunity, round(distance, 1) if distance is not None else None,
                            upcoming[0] if upcoming else None))
    found.sort(key=lambda n: (n.distance_km is None, n.distance_km or 0))
    return found[:limit]
