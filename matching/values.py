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

import numpy as np

from .types import VALUE_KEYS, VALUE_SHORT_NAMES

VALUES_UNKNOWN = np.float32(0.5)  # neutral fit for someone who has not answered yet


def target_norms(desired_by_value: np.ndarray, weights_by_value: np.ndarray) -> np.ndarray:
    """sum_v w_v * desired_v**2 per opportunity, from (8, M) arrays (precomputed once)."""
    return (weights_by_value * desired_by_value * desired_by_value).sum(axis=0, dtype=np.float32)


def values_fit(applicant_by_value: np.ndarray, rows: np.ndarray, desired_by_value: np.ndarray,
               weights_by_value: np.ndarray, norms: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Fit 0..1 for each pair (rows[p], cols[p]).

    Arrays are stored one row per value, (8, N) and (8, M), so each of the eight passes is a
    contiguous 1-D gather; that is several times faster than gathering (P, 8) blocks.
    Applicant columns of NaN mean "not answered" and get ``VALUES_UNKNOWN``.
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
    fit = np.where(pair_norms > 0, fit, np.float32(1))
    return np.where(np.isnan(fit), VALUES_UNKNOWN, np.clip(fit, 0, 1)).astype(np.float32)


def describe_values(applicant: tuple[float, ...] | None, desired: tuple[float, ...],
                    weights: tuple[float, ...]) -> list[str]:
    """At most two phrases: the strongest met value and the largest weighted shortfall."""
    if applicant is None:
        return ["values questionnaire not answered yet"] if any(weights) else []
    reasons = []
    asked = [(w * d, key, a, d) for key, a, d, w in zip(VALUE_KEYS, applicant, desired, weights)
             if w > 0 and d > 0]
    met = sorted((item for item in asked if item[2] >= item[3]), reverse=True)
    if met:
        reasons.append(f"strong on {VALUE_SHORT_NAMES[met[0][1]]}")
    gaps = sorted(((w * (d - a) ** 2, key) for key, a, d, w in zip(VALUE_KEYS, applicant, desired, weights)
                   if w > 0 and a < d), reverse=True)
    if gaps:
        reasons.append(f"less strong on {VALUE_SHORT_NAMES[gaps[0][1]]} than hoped for")
    return reasons
