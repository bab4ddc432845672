"""Live opportunities shown on careers pages: tasters and jobs near a visitor's postcode.

Matched by role family (content/role_families.yaml), not only the exact role: someone reading
about care workers is shown a buddy shift and a home care job too.
"""
from __future__ import annotations

from outreach.geo import Place

NEARBY_KM = 30
NEARBY_LIMIT = 5
TASTER_KINDS = ("buddy", "volunteer", "shadowing", "insight", "virtual")
JOB_KINDS = ("job", "apprenticeship")


def nearby_for_roles(role_slugs: tuple[str, ...] | None, place: Place) -> dict[str, list]:
    """Published tasters, and jobs and apprenticeships, for these roles within NEARBY_KM, nearest first."""
    from outreach.opportunities.nearby import nearby_opportunities

    return {
        "tasters": nearby_opportunities(place, role_slugs=role_slugs, kinds=TASTER_KINDS,
                                        radius_km=NEARBY_KM, limit=NEARBY_LIMIT),
        "jobs": nearby_opportunities(place, role_slugs=role_slugs, kinds=JOB_KINDS,
                                     radius_km=NEARBY_KM, limit=NEARBY_LIMIT),
    }
