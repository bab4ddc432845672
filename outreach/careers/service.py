"""Live opportunities shown on careers pages: tasters and apprenticeships near a visitor's postcode."""
from __future__ import annotations

from outreach.geo import Place

NEARBY_KM = 30
NEARBY_LIMIT = 5


def nearby_for_role(role_slug: str, place: Place) -> dict[str, list]:
    """Published tasters and apprenticeships for a role within NEARBY_KM, nearest first."""
    from outreach.opportunities_search import nearby_opportunities

    return {
        "tasters": nearby_opportunities(place, role_slug=role_slug, kinds=("buddy", "volunteer", "shadowing",
                                                                           "insight", "virtual"),
                                        radius_km=NEARBY_KM, limit=NEARBY_LIMIT),
        "apprenticeships": nearby_opportunities(place, role_slug=role_slug, kinds=("apprenticeship",),
                                                radius_km=NEARBY_KM, limit=NEARBY_LIMIT),
    }


def nearby_tasters(place: Place) -> list:
    from outreach.opportunities_search import nearby_opportunities

    return nearby_opportunities(place, kinds=("buddy", "volunteer", "shadowing", "insight", "virtual"),
                                radius_km=NEARBY_KM, limit=NEARBY_LIMIT)
