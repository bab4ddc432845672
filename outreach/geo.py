"""UK postcodes: validate, normalise and resolve to a sector (or district) centroid.

We keep only the sector (``DT1 1``), which is enough to rank by travel distance
without storing anyone's address. Centroids: content/data (ONS, OGL v3.0).
"""
from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from outreach.domain import DomainError

DATA = Path(__file__).resolve().parent.parent / "content" / "data"
_OUTWARD = r"(?:[A-Z]{1,2}[0-9][A-Z0-9]?)"
FULL_RE = re.compile(rf"^({_OUTWARD})([0-9])([A-Z]{{2}})$")
SECTOR_RE = re.compile(rf"^({_OUTWARD})([0-9])$")
DISTRICT_RE = re.compile(rf"^({_OUTWARD})$")


class PostcodeError(DomainError, ValueError):
    """The postcode is not a UK postcode we can place."""


@dataclass(frozen=True)
class Place:
    postcode: str  # what we keep: the normalised full postcode for organisations, sector for people
    sector: str
    district: str
    latitude: float
    longitude: float
    precision: str  # "sector" or "district"


@lru_cache(maxsize=1)
def _sectors() -> dict[str, tuple[float, float]]:
    with open(DATA / "uk-postcode-sectors.csv", newline="") as handle:
        return {row["sector"]: (float(row["latitude"]), float(row["longitude"])) for row in csv.DictReader(handle)}


@lru_cache(maxsize=1)
def _districts() -> dict[str, tuple[float, float]]:
    with open(DATA / "uk-postcode-districts.csv", newline="") as handle:
        return {row["district"]: (float(row["latitude"]), float(row["longitude"])) for row in csv.DictReader(handle)}


def known_districts() -> frozenset[str]:
    """Every UK postcode district we hold a centroid for (e.g. "DT1")."""
    return frozenset(_districts())


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", (text or "").upper())


def resolve(text: str, *, allow_partial: bool = True) -> Place:
    """Turn a typed postcode (full, sector or district) into a Place, or raise PostcodeError."""
    squashed = _squash(text)
    if not squashed:
        raise PostcodeError("Enter a postcode, for example DT1 1AA")
    full = FULL_RE.match(squashed)
    typed_space = bool(re.search(r"\S\s+\S", (text or "").strip()))
    if allow_partial and not full and not typed_space and squashed in _districts():
        # "LE11" is the district LE11, not the sector "LE1 1" (which needs the space).
        lat, lon = _districts()[squashed]
        return Place(squashed, squashed, squashed, lat, lon, "district")
    if full:
        district, sector_digit, unit = full.groups()
        normalised = f"{district} {sector_digit}{unit}"
    elif allow_partial and SECTOR_RE.match(squashed):
        district, sector_digit = SECTOR_RE.match(squashed).groups()
        normalised = f"{district} {sector_digit}"
    elif allow_partial and DISTRICT_RE.match(squashed):
        district, sector_digit = squashed, None
        normalised = district
    else:
        raise PostcodeError("Enter a real UK postcode, for example DT1 1AA")
    if sector_digit is not None:
        sector = f"{district} {sector_digit}"
        if sector in _sectors():
            lat, lon = _sectors()[sector]
            return Place(normalised, sector, district, lat, lon, "sector")
    if district in _districts():
        lat, lon = _districts()[district]
        sector = f"{district} {sector_digit}" if sector_digit is not None else district
        return Place(normalised, sector, district, lat, lon, "district")
    raise PostcodeError("We could not find that postcode. Check it and try again")


def coordinates_of(sector_or_district: str) -> tuple[float, float] | None:
    """Centroid for a stored sector (or district), or None if unknown."""
    key = (sector_or_district or "").upper().strip()
    if key in _sectors():
        return _sectors()[key]
    district = key.split(" ")[0]
    return _districts().get(district)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance for one pair (the engine vectorises this for many)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(h))
