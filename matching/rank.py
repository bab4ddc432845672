"""Ranking in both directions, and the full score matrix.

- ``rank_opportunities(applicant, opportunities, k)``: an applicant's recommendations.
- ``rank_applicants(opportunity, applicants, k)``: a provider's advisory shortlist.
- ``score_matrix(applicants, opportunities)``: every pair at once (for allocation and audits).

All three filter first (age, licence, travel, role floor), score only the surviving pairs with
numpy and ``rapidfuzz.process.cdist``/``cpdist``, and write explanations for the top k only.
Pass a prebuilt ``ApplicantIndex``/``OpportunityIndex`` to rank repeatedly against the same
collection without rebuilding its arrays. Ties are broken by input order, so results are
deterministic.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .geo import KM_PER_DEGREE_LAT
from .index import ApplicantIndex, OpportunityIndex
from .roles import RoleTaxonomy
from .score import ROLE_FLOOR, explain, score_pairs
from .types import ApplicantProfile, MatchScore, Opportunity

BAND_MARGIN_DEGREES = np.float32(1e-3)  # ~100 m, so float32 rounding never drops a pair


def _own_taxonomy(built: RoleTaxonomy, given: RoleTaxonomy | None) -> None:
    """A prebuilt index is used as it is: it fixes its own taxonomy."""
    if given is not None and given is not built:
        raise ValueError("a prebuilt index carries its own taxonomy; do not pass another")


def _applicant_index(items: Sequence[ApplicantProfile] | ApplicantIndex,
                     taxonomy: RoleTaxonomy | None) -> ApplicantIndex:
    if isinstance(items, ApplicantIndex):
        _own_taxonomy(items.taxonomy, taxonomy)
        return items
    return ApplicantIndex.build(items, taxonomy)


def _opportunity_index(items: Sequence[Opportunity] | OpportunityIndex,
                       taxonomy: RoleTaxonomy | None) -> OpportunityIndex:
    if isinstance(items, OpportunityIndex):
        _own_taxonomy(items.taxonomy, taxonomy)
        return items
    return OpportunityIndex.build(items, taxonomy)


def _top(totals: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k highest totals, best first, ties in input order."""
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    if k < len(totals):
        cut = np.partition(totals, len(totals) - k)[len(totals) - k]
        candidates = np.flatnonzero(totals >= cut)  # keeps every tie at the boundary
    else:
        candidates = np.arange(len(totals))
    order = np.argsort(-totals[candidates], kind="stable")
    return candidates[order][:k]


def rank_opportunities(applicant: ApplicantProfile,
                       opportunities: Sequence[Opportunity] | OpportunityIndex,
                       k: int = 10, taxonomy: RoleTaxonomy | None = None) -> list[MatchScore]:
    """The applicant's k best matches, best first; ineligible or off-role pairs never appear."""
    o = _opportunity_index(opportunities, taxonomy)
    a = ApplicantIndex.build([applicant], o.taxonomy)
    cols = np.arange(len(o))
    rows, cols, components, totals, distance = score_pairs(a, o, np.zeros_like(cols), cols)
    return [explain(a, o, 0, int(cols[p]), components[p], float(distance[p]))
            for p in _top(totals, k)]


def rank_applicants(opportunity: Opportunity,
                    applicants: Sequence[ApplicantProfile] | ApplicantIndex,
                    k: int = 20, taxonomy: RoleTaxonomy | None = None) -> list[MatchScore]:
    """An advisory shortlist for the provider: the k best eligible applicants, with reasons."""
    a = _applicant_index(applicants, taxonomy)
    o = OpportunityIndex.build([opportunity], a.taxonomy)
    rows = np.arange(len(a))
    rows, cols, components, totals, distance = score_pairs(a, o, rows, np.zeros_like(rows))
    return [explain(a, o, int(rows[p]), 0, components[p], float(distance[p]))
            for p in _top(totals, k)]


def _expand(starts: np.ndarray, stops: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For ranges [starts[i], stops[i]): (which range, position) of every element, vectorised."""
    counts = np.maximum(stops - starts, 0)
    owner = np.repeat(np.arange(len(starts)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return owner, starts[owner] + offsets


def candidate_pairs(a: ApplicantIndex, o: OpportunityIndex) -> tuple[np.ndarray, np.ndarray]:
    """Pairs that could pass the role floor and the travel limit, found without a dense pass.

    Opportunities are grouped by role and sorted by latitude (``OpportunityIndex.by_role``).
    For each role, only applicants over the role floor are joined, and only to opportunities
    inside their latitude band (|difference| <= travel limit, found by ``searchsorted``), plus
    every virtual opportunity of that role. The band never drops a pair within the limit;
    ``score.check_pairs`` then applies every filter exactly.
    """
    role_ok = a.open_to_any_role[:, None] | (a.role_fit >= ROLE_FLOOR)
    band = a.travel_limit / KM_PER_DEGREE_LAT + BAND_MARGIN_DEGREES
    low, high = a.lat - band, a.lat + band
    order, bounds = o.by_role
    rows, cols = [], []
    for role in np.flatnonzero(bounds[1:] > bounds[:-1]):
        people = np.flatnonzero(role_ok[:, role])
        if len(people) == 0:
            continue
        first, last = bounds[role], bounds[role + 1]
        latitudes = o.lat[order[first:last]]  # ascending, virtual (NaN) last
        in_person = first + int(np.count_nonzero(~np.isnan(latitudes)))
        owner, position = _expand(
            first + np.searchsorted(latitudes[: in_person - first], low[people], side="left"),
            first + np.searchsorted(latitudes[: in_person - first], high[people], side="right"))
        rows += [people[owner], np.repeat(people, last - in_person)]
        cols += [order[position], np.tile(order[in_person:last], len(people))]
    if not rows:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(rows), np.concatenate(cols)


def score_matrix(applicants: Sequence[ApplicantProfile] | ApplicantIndex,
                 opportunities: Sequence[Opportunity] | OpportunityIndex,
                 taxonomy: RoleTaxonomy | None = None) -> np.ndarray:
    """(N, M) float32 totals 0..100, NaN where the pair is ineligible or not a role match."""
    a = _applicant_index(applicants, taxonomy)
    o = _opportunity_index(opportunities, taxonomy or a.taxonomy)
    if o.taxonomy is not a.taxonomy:
        raise ValueError("both indexes must be built with the same taxonomy")
    matrix = np.full((len(a), len(o)), np.nan, dtype=np.float32)
    rows, cols = candidate_pairs(a, o)
    rows, cols, _components, totals, _distance = score_pairs(a, o, rows, cols)
    matrix[rows, cols] = totals
    return matrix
