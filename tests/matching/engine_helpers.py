"""Factories and helpers for the matching engine's tests (plain functions, no database)."""
from __future__ import annotations

import math
from pathlib import Path

from matching import ApplicantProfile, Opportunity, ValueWeights

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_ROLES = Path(__file__).parent / "fixtures" / "roles"
CONTENT_ROLES = ROOT / "content" / "roles"
VALUES_YAML = ROOT / "content" / "values.yaml"
LONDON = (51.5074, -0.1278)


def offset(km_north: float = 0.0, km_east: float = 0.0, origin=LONDON) -> tuple[float, float]:
    """A point roughly km_north / km_east of origin (good to a few metres at these scales)."""
    lat = origin[0] + km_north / 111.195
    lon = origin[1] + km_east / (111.195 * math.cos(math.radians(origin[0])))
    return lat, lon


def make_applicant(**overrides) -> ApplicantProfile:
    lat, lon = overrides.pop("at", LONDON)
    fields = dict(id="applicant", age=25, desired_roles=("care worker",), lat=lat, lon=lon,
                  interests="", experience="", availability=frozenset(), driving_licence=False,
                  values=None)
    fields.update(overrides)
    return ApplicantProfile(**fields)


def make_opportunity(**overrides) -> Opportunity:
    if "at" in overrides:
        overrides["lat"], overrides["lon"] = overrides.pop("at")
    fields = dict(id="opportunity", kind="shadowing", role="care-worker", title="Care worker taster",
                  lat=LONDON[0], lon=LONDON[1], min_age=0, values=ValueWeights())
    fields.update(overrides)
    return Opportunity(**fields)
