"""Reference data for the impact dashboard, edited in content/ without code changes.

``areas()``: local authority areas as lists of postcode districts (content/areas.yaml).
``baseline()``: published shares of the adult social care workforce to compare applicants and
hires with (content/workforce_baseline.yaml). Both files are checked when first read: a
malformed file fails loudly rather than showing a wrong figure.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from outreach import geo
from outreach.models.impact import ETHNICITY_CHOICES, SEX_CHOICES

CONTENT = Path(__file__).resolve().parents[2] / "content"
DIMENSIONS = ("age", "sex", "ethnicity")


@dataclass(frozen=True)
class Area:
    slug: str
    name: str
    code: str
    districts: tuple[str, ...]


@dataclass(frozen=True)
class BaselineShare:
    dimension: str
    label: str
    groups: tuple[str, ...]
    share: float  # per cent
    period: str
    published: date
    source: str
    source_url: str


@lru_cache(maxsize=4)
def areas(path: str = str(CONTENT / "areas.yaml")) -> tuple[Area, ...]:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    known = geo.known_districts()
    seen: dict[str, str] = {}
    result = []
    for row in raw.get("areas") or []:
        slug, name = str(row.get("slug") or ""), str(row.get("name") or "")
        if not slug or not name or not row.get("districts"):
            raise ValueError(f"areas.yaml: every area needs a slug, a name and districts ({row!r})")
        districts = tuple(str(d).upper() for d in row["districts"])
        for district in districts:
            if district not in known:
                raise ValueError(f"areas.yaml: {name} lists {district}, which is not a UK postcode district")
            if district in seen:
                raise ValueError(f"areas.yaml: {district} is listed under both {seen[district]} and {name}")
            seen[district] = name
        result.append(Area(slug, name, str(row.get("code") or ""), districts))
    if len({a.slug for a in result}) != len(result):
        raise ValueError("areas.yaml: two areas share a slug")
    return tuple(sorted(result, key=lambda a: a.name))


def check() -> None:
    """Read both files at start-up, so a broken edit stops the app instead of a dashboard page."""
    areas()
    baseline()


def area(slug: str) -> Area | None:
    return next((a for a in areas() if a.slug == slug), None)


def _group_keys(dimension: str) -> set[str]:
    if dimension == "age":
        from outreach.impact.figures import AGE_BANDS

        return {label for label, _low, _high in AGE_BANDS}
    return set(SEX_CHOICES if dimension == "sex" else ETHNICITY_CHOICES)


@lru_cache(maxsize=4)
def baseline(path: str = str(CONTENT / "workforce_baseline.yaml")) -> tuple[BaselineShare, ...]:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    result = []
    for row in raw.get("baseline") or []:
        where = f"workforce_baseline.yaml: {row.get('label')!r}"
        dimension = row.get("dimension")
        if dimension not in DIMENSIONS:
            raise ValueError(f"{where}: dimension must be one of {', '.join(DIMENSIONS)}")
        groups = tuple(str(g) for g in row.get("groups") or [])
        unknown = set(groups) - _group_keys(dimension)
        if not groups or unknown:
            raise ValueError(f"{where}: unknown or missing groups {sorted(unknown)}")
        share = row.get("share")
        if not isinstance(share, (int, float)) or not 0 <= share <= 100:
            raise ValueError(f"{where}: share must be a percentage")
        for key in ("label", "period", "source", "source_url"):
            if not row.get(key):
                raise ValueError(f"{where}: {key} is required (every figure needs its source and period)")
        if not isinstance(row.get("published"), date):
            raise ValueError(f"{where}: published must be a date like 2025-10-15")
        result.append(BaselineShare(dimension, row["label"], groups, float(share), str(row["period"]),
                                    row["published"], row["source"], row["source_url"]))
    return tuple(result)
