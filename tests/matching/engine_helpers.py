"""Factories and helpers for the matching engine's tests (plain functions, no database)."""
from __future__ import annotations

import importlib
import importlib.metadata
import math
import sys
import warnings
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


def load_pypi_matching():
    """Import the PyPI ``matching`` package's HospitalResident under our package's nose.

    Our modules are set aside in ``sys.modules``, site-packages goes first on ``sys.path`` for
    the import, and everything is put back afterwards. The library calls
    ``warnings.simplefilter("always")`` on import, so its import is wrapped to keep our filters.
    """
    distribution = importlib.metadata.distribution("matching")
    site = str(distribution.locate_file(""))
    ours = {n: m for n, m in sys.modules.items() if n == "matching" or n.startswith("matching.")}
    for name in ours:
        del sys.modules[name]
    saved_path = sys.path[:]
    theirs = {}
    try:
        sys.path.insert(0, site)
        with warnings.catch_warnings():
            games = importlib.import_module("matching.games")
        theirs = {n: m for n, m in sys.modules.items() if n == "matching" or n.startswith("matching.")}
        assert str(Path(games.__file__)).startswith(site), games.__file__
        return games.HospitalResident
    finally:
        for name in theirs:
            sys.modules.pop(name, None)
        sys.modules.update(ours)
        sys.path[:] = saved_path
