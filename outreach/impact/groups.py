"""Fairness monitoring and workforce mix by age band and the voluntary equal-opportunities groups.

Any group with fewer than ``MIN_GROUP`` people is suppressed (shown as "fewer than 5") and left
out of the comparison. An impact ratio is a group's selection rate divided by the highest rate
of any shown group; under 0.8 is flagged for a closer look. It is a monitoring trigger, not a
legal test.
"""
from __future__ import annotations

from outreach.impact.figures import UNKNOWN, Filters, cube_by
from outreach.models.impact import ETHNICITY_CHOICES, SEX_CHOICES

MIN_GROUP = 5
FLAG_BELOW = 0.8
SUPPRESSED = "fewer than 5"
STAGES = (("shortlisted", "Shortlisted"), ("interviewed", "Interviewed"), ("offered", "Offered"), ("hired", "Hired"))


def _rows(filters: Filters, dimension: str):
    if dimension == "age":
        return cube_by(filters, 0)
    labels = dict(SEX_CHOICES if dimension == "sex" else ETHNICITY_CHOICES, not_answered="Did not answer")
    rows = cube_by(filters, 1 if dimension == "sex" else 2)
    return [(labels.get(key, key), *values) for key, *values in rows]


def fairness(filters: Filters, dimension: str) -> list[dict]:
    """One row per group: counts per stage, the stage-to-stage selection rate and its impact ratio."""
    raw = _rows(filters, dimension)
    result = []
    for label, applied, *reached in sorted(raw, key=lambda r: str(r[0])):
        row = {"group": label, "applied": applied, "suppressed": applied < MIN_GROUP, "stages": []}
        previous = applied
        for (key, name), count in zip(STAGES, reached):
            rate = (count / previous) if previous >= MIN_GROUP else None
            row["stages"].append({"key": key, "name": name, "count": count, "base": previous, "rate": rate})
            previous = count
        result.append(row)
    for index in range(len(STAGES)):
        rates = [r["stages"][index]["rate"] for r in result if not r["suppressed"]
                 and r["stages"][index]["rate"] is not None and r["group"] != UNKNOWN]
        best = max(rates) if rates else None
        for r in result:
            stage = r["stages"][index]
            usable = not r["suppressed"] and stage["rate"] is not None and best
            stage["ratio"] = round(stage["rate"] / best, 2) if usable else None
            stage["flagged"] = stage["ratio"] is not None and stage["ratio"] < FLAG_BELOW
    return result


def mix(filters: Filters, dimension: str) -> list[dict]:
    """Applicants and hires per group with shares; groups under 5 suppressed (share left out too)."""
    raw = _rows(filters, dimension)
    applicants = sum(r[1] for r in raw)
    hires = sum(r[5] for r in raw)
    rows = []
    for label, applied, _s, _i, _o, hired in sorted(raw, key=lambda r: str(r[0])):
        rows.append({"group": label,
                     "applicants": applied if applied >= MIN_GROUP else None,
                     "applicant_share": applied / applicants if applied >= MIN_GROUP and applicants else None,
                     "hires": hired if hired >= MIN_GROUP else None,
                     "hire_share": hired / hires if hired >= MIN_GROUP and hires else None})
    return rows


__all__ = ["fairness", "mix", "MIN_GROUP", "SUPPRESSED", "STAGES"]
