"""Reference tables in content/, read and checked: a malformed file fails loudly rather than
showing a wrong figure or accepting an illegal wage.

- ``load_areas``: local authority areas as lists of postcode districts (areas.yaml), for the impact
  dashboard.
- ``load_baseline``: published shares of the adult social care workforce to compare applicants and
  hires with (workforce_baseline.yaml).
- ``load_pay_rates``: the dated table of legal minimum hourly pay (pay_rates.yaml), newest first.
- ``load_motivation_questions``: the questions a recruiter may ask applicants
  (motivation_questions.yaml).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import yaml

from outreach import geo
from outreach.models.impact import ETHNICITY_CHOICES, SEX_CHOICES

DIMENSIONS = ("age", "sex", "ethnicity")
# Pay band -> (column in pay_rates.yaml, who the rate is for).
BAND_COLUMNS = {
    "21_plus": ("national_living_wage_21_plus", "people aged 21 and over"),
    "18_20": ("age_18_to_20", "people aged 18 to 20"),
    "under_18": ("under_18", "people aged 16 and 17"),
    "apprentice": ("apprentice", "apprentices"),
}


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


@dataclass(frozen=True)
class Rates:
    effective_from: date
    pence: dict[str, int]  # band -> minimum pence an hour
    source: str
    source_url: str


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    hint: str


def _read(path: Path | str):
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def load_areas(path: Path | str) -> tuple[Area, ...]:
    raw = _read(path) or {}
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


def _group_keys(dimension: str) -> set[str]:
    if dimension == "age":
        from outreach.impact.figures import AGE_BANDS

        return {label for label, _low, _high in AGE_BANDS}
    return set(SEX_CHOICES if dimension == "sex" else ETHNICITY_CHOICES)


def load_baseline(path: Path | str) -> tuple[BaselineShare, ...]:
    raw = _read(path) or {}
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


def load_pay_rates(path: Path | str) -> tuple[Rates, ...]:
    """Every row of the dated table, newest first."""
    raw = _read(path)
    rows = []
    for row in raw["rates"]:
        effective = row["effective_from"]
        if not isinstance(effective, date):
            raise ValueError(f"pay_rates.yaml: effective_from {effective!r} is not a date")
        pence = {band: int(Decimal(str(row[column])) * 100) for band, (column, _) in BAND_COLUMNS.items()}
        if not row.get("source") or not row.get("source_url"):
            raise ValueError(f"pay_rates.yaml: the {effective} row needs a source and source_url")
        rows.append(Rates(effective, pence, row["source"], row["source_url"]))
    return tuple(sorted(rows, key=lambda r: r.effective_from, reverse=True))


def load_motivation_questions(path: Path | str) -> tuple[Question, ...]:
    raw = _read(path)
    questions = tuple(Question(q["key"], q["text"].strip(), (q.get("hint") or "").strip()) for q in raw["questions"])
    keys = [q.key for q in questions]
    if len(set(keys)) != len(keys):
        raise ValueError("motivation_questions.yaml: question keys must be unique")
    return questions
