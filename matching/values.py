"""Values fit: an asymmetric, weighted shortfall against what the provider hopes for.

Why not cosine: cosine is blind to level, so someone answering 20 on everything looks identical
to someone answering 90 on everything. Why asymmetric: scoring *above* a provider's desired
level is never a problem, so only the shortfall counts:

    shortfall_v = max(desired_v - applicant_v, 0)
    fit = 1 - sqrt( sum_v w_v * shortfall_v**2 / sum_v w_v * desired_v**2 )

i.e. one minus the weighted root-mean-square shortfall as a share of the weighted target. It is
1 when every desired level is met, 0 when the applicant scores zero on everything asked for,
and does not depend on the scale of the weights (0-5 or 0-1). A provider that asks for nothing
gives everyone 1. An applicant who has not answered the questionnaire gets a neutral 0.5.

Self-rated questionnaires carry response-style bias (some groups rate themselves lower for the
same true values), so this component is one of five, and the guide's fairness monitoring
applies to it.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from .types import VALUE_KEYS, VALUE_SHORT_NAMES

VALUES_UNKNOWN = np.float32(0.5)  # neutral fit for someone who has not answered yet
MANY_MEASURED = 6  # with this many values measured a report names 3 strengths, otherwise 2


def strengths(scores: Mapping[str, float | None], order: Iterable[str] = VALUE_KEYS) -> tuple[str, ...]:
    """The values a person's questionnaire report names as their strengths, best first.

    Their highest measured scores: 3 of them when six or more values were measured, else 2; ties
    go to ``order`` (content/values.yaml's order), so the same scores always give the same answer.
    This one definition is used by the report (``outreach.questionnaire.bank.strengths_report``)
    and by the match reasons (``describe_values``), so a reason never calls a person's reported
    strength "less strong" than a role hopes for.
    """
    rank = {value: i for i, value in enumerate(order)}
    measured = [(value, score) for value, score in scores.items() if score is not None and value in rank]
    high_first = sorted(measured, key=lambda vs: (-vs[1], rank[vs[0]]))
    count = min(len(measured), 3 if len(measured) >= MANY_MEASURED else 2)
    return tuple(value for value, _ in high_first[:count])


def target_norms(desired_by_value: np.ndarray, weights_by_value: np.ndarray) -> np.ndarray:
    """sum_v w_v * desired_v**2 per opportunity, from (8, M) arrays (precomputed once)."""
    norms: np.ndarray = (weights_by_value * desired_by_value * desired_by_value).sum(axis=0, dtype=np.float32)
    return norms


def values_fit(applicant_by_value: np.ndarray, rows: np.ndarray, desired_by_value: np.ndarray,
               weights_by_value: np.ndarray, norms: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Fit 0..1 for each pair (rows[p], cols[p]).

    Arrays are stored one row per value, (8, N) and (8, M), so each of the eight passes is a
    contiguous 1-D gather; that is several times faster than gathering (P, 8) blocks.
    Applicant columns of NaN mean "not answered" and get ``VALUES_UNKNOWN``. An opportunity that
    states no values wishes has nothing to compare against: NaN, left out of the total.
    """
    numerator = np.zeros(len(rows), dtype=np.float32)
    for value in range(len(VALUE_KEYS)):
        shortfall = desired_by_value[value][cols] - applicant_by_value[value][rows]
        np.maximum(shortfall, np.float32(0), out=shortfall)
        shortfall *= shortfall
        shortfall *= weights_by_value[value][cols]
        numerator += shortfall
    pair_norms = norms[cols]
    with np.errstate(divide="ignore", invalid="ignore"):
        fit = np.float32(1) - np.sqrt(numerator / pair_norms)
    fit = np.where(np.isnan(fit), VALUES_UNKNOWN, np.clip(fit, 0, 1))
    return np.where(pair_norms > 0, fit, np.float32(np.nan)).astype(np.float32)


def describe_values(applicant: tuple[float, ...] | None, desired: tuple[float, ...],
                    weights: tuple[float, ...], person_strengths: Iterable[str] | None = None) -> list[str]:
    """At most two phrases, in the words of the person's own report.

    "strong on X": X is one of the person's report strengths (``strengths``) that the role asks
    for, the one the role weights most. "this role hopes for more X": the largest weighted
    shortfall against the role's hoped-for levels, never one of the person's strengths.
    ``person_strengths`` defaults to ``strengths`` of the scores given (all eight measured).
    """
    if not any(w > 0 and d > 0 for d, w in zip(desired, weights, strict=True)):
        return ["no values wishes stated, so values are left out of the score"]
    if applicant is None:
        return ["values questionnaire not answered yet"]
    if person_strengths is None:
        person_strengths = strengths(dict(zip(VALUE_KEYS, applicant, strict=True)))
    own = tuple(person_strengths)
    reasons = []
    asked = [(w * d, -own.index(key), key) for key, d, w in zip(VALUE_KEYS, desired, weights, strict=True)
             if w > 0 and d > 0 and key in own]
    if asked:
        reasons.append(f"strong on {VALUE_SHORT_NAMES[max(asked)[2]]}")
    gaps = sorted(((w * (d - a) ** 2, key) for key, a, d, w in zip(VALUE_KEYS, applicant, desired, weights, strict=True)
                   if w > 0 and a < d and key not in own), reverse=True)
    if gaps:
        reasons.append(f"this role hopes for more {VALUE_SHORT_NAMES[gaps[0][1]]}")
    return reasons
