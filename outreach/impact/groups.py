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
        for (key, name), count in zip(STAGES, reached, strict=True):
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


def compare(filters: Filters, dimension: str) -> list[dict]:
    """Applicants and hires against the sector's published shares (content/workforce_baseline.yaml).

    Shares are over people whose answer is known ("Did not answer", "Prefer not to say" and an
    unknown age are left out). A share is suppressed when the people in it, or the people
    outside it, number fewer than 5: either would let someone work out a small group."""
    from outreach.impact.reference import baseline
    from outreach.models.impact import PREFER_NOT

    raw = cube_by(filters, {"age": 0, "sex": 1, "ethnicity": 2}[dimension])
    known = [r for r in raw if r[0] not in (UNKNOWN, "not_answered", PREFER_NOT)]
    result = []
    for figure in baseline():
        if figure.dimension != dimension:
            continue
        row = {"label": figure.label, "sector": figure.share, "figure": figure}
        for name, column in (("applicants", 1), ("hires", 5)):
            total = sum(r[column] for r in known)
            inside = sum(r[column] for r in known if r[0] in figure.groups)
            shown = inside >= MIN_GROUP and total - inside >= MIN_GROUP
            row[name] = inside if shown else None
            row[f"{name}_share"] = inside / total if shown else None
            row[f"{name}_known"] = total
        result.append(row)
    return result


__all__ = ["compare", "fairness", "mix", "MIN_GROUP", "SUPPRESSED", "STAGES"]
