"""Sharing out limited taster places: applicant-proposing deferred acceptance with capacities.

Why deferred acceptance (Gale-Shapley, hospitals/residents form): its result is *stable*, which
in school-choice terms means no justified envy. Nobody loses a place they wanted to someone
the provider ranked lower, which is the fairness a pupil or school can check. The applicant-
proposing version is also the best stable outcome for every applicant and cannot be gamed by
applicants misreporting their preferences. A utility-maximising assignment fills a few more
seats but leaves many people with justified envy, so it is not used.

Preferences come from the engine's scores: each applicant ranks their ``max_choices`` best
acceptable opportunities; each provider ranks applicants by its own column of scores (the same
engine score by default, or ``provider_scores`` if providers rank by their own criteria). A pair
is acceptable only if both scores are finite, so ineligible pairs (NaN in ``score_matrix``) can
never be allocated. Equal provider scores are broken by one seeded lottery over applicants,
published with the run, since DA needs strict preferences.

Each provider holds its current applicants in a min-heap keyed by its preference, so a proposal
costs O(log capacity); the whole run is O(sum of list lengths x log capacity).
"""
from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .rank import score_matrix
from .roles import RoleTaxonomy
from .types import ApplicantProfile, Identifier, Opportunity

DEFAULT_MAX_CHOICES = 10


@dataclass(frozen=True)
class Preferences:
    """Applicant lists in CSR form: row a's choices are ``choice[start[a]:start[a+1]]``, best first."""

    start: np.ndarray
    choice: np.ndarray
    provider_key: np.ndarray  # the provider's score of the applicant, per list entry
    lottery: np.ndarray  # per applicant: breaks ties in provider scores (higher wins)


def build_preferences(applicant_scores: np.ndarray, provider_scores: np.ndarray | None = None,
                      max_choices: int | None = DEFAULT_MAX_CHOICES, seed: int = 0) -> Preferences:
    """Preference lists from (N, M) score matrices; NaN (or -inf) marks an unacceptable pair."""
    applicant_scores = np.asarray(applicant_scores, dtype=np.float64)
    provider_scores = applicant_scores if provider_scores is None else np.asarray(provider_scores, dtype=np.float64)
    if provider_scores.shape != applicant_scores.shape:
        raise ValueError("applicant and provider score matrices must have the same shape")
    n = applicant_scores.shape[0]
    acceptable = np.isfinite(applicant_scores) & np.isfinite(provider_scores)
    rows, cols = np.nonzero(acceptable)
    keys = applicant_scores[rows, cols]
    order = np.lexsort((cols, -keys, rows))  # by applicant, best score first, then input order
    rows, cols = rows[order], cols[order]
    counts = np.bincount(rows, minlength=n)
    first = np.r_[0, np.cumsum(counts)[:-1]]
    if max_choices is not None:
        keep = (np.arange(len(rows)) - first[rows]) < max_choices
        rows, cols = rows[keep], cols[keep]
        counts = np.minimum(counts, max_choices)
    start = np.r_[0, np.cumsum(counts)].astype(np.int64)
    lottery = np.random.default_rng(seed).permutation(n)
    return Preferences(start=start, choice=cols.astype(np.int64),
                       provider_key=provider_scores[rows, cols], lottery=lottery)


def deferred_acceptance(preferences: Preferences, capacities: Sequence[int] | np.ndarray) -> np.ndarray:
    """Applicant-proposing DA. Returns (N,) int64: each applicant's opportunity, or -1."""
    capacity = [int(c) for c in capacities]
    start = preferences.start.tolist()
    choice = preferences.choice.tolist()
    key = preferences.provider_key.tolist()
    lottery = preferences.lottery.tolist()
    n = len(start) - 1
    following = start[:-1]  # next list position each applicant will propose to
    held: list[list[tuple[float, int, int]]] = [[] for _ in capacity]  # min-heap: worst on top
    free = list(range(n - 1, -1, -1))
    while free:
        applicant = free.pop()
        while applicant >= 0 and following[applicant] < start[applicant + 1]:
            position = following[applicant]
            following[applicant] = position + 1
            place = choice[position]
            entry = (key[position], lottery[applicant], applicant)
            heap = held[place]
            if len(heap) < capacity[place]:
                heapq.heappush(heap, entry)
                applicant = -1
            elif heap and entry > heap[0]:
                applicant = heapq.heapreplace(heap, entry)[2]  # the displaced one proposes on
    assigned = np.full(n, -1, dtype=np.int64)
    for place, heap in enumerate(held):
        for _key, _lottery, applicant in heap:
            assigned[applicant] = place
    return assigned


def blocking_pairs(preferences: Preferences, capacities: Sequence[int] | np.ndarray,
                   assigned: np.ndarray) -> list[tuple[int, int]]:
    """Every (applicant, opportunity) pair that would both rather have each other: O(sum of lists).

    For each applicant, walk their list down to their own place; a place passed on the way blocks
    if it has a free seat or holds someone it ranks lower. Empty for a stable allocation.
    """
    capacity = np.asarray(capacities, dtype=np.int64)
    n = len(preferences.start) - 1
    holders: dict[int, list[tuple[float, int]]] = {}
    for applicant, place in enumerate(assigned.tolist()):
        if place >= 0:
            begin, end = preferences.start[applicant], preferences.start[applicant + 1]
            where = begin + int(np.flatnonzero(preferences.choice[begin:end] == place)[0])
            holders.setdefault(place, []).append(
                (float(preferences.provider_key[where]), int(preferences.lottery[applicant])))
    worst = {place: min(keys) for place, keys in holders.items()}
    blocking = []
    for applicant in range(n):
        for position in range(preferences.start[applicant], preferences.start[applicant + 1]):
            place = int(preferences.choice[position])
            if place == assigned[applicant]:
                break
            entry = (float(preferences.provider_key[position]), int(preferences.lottery[applicant]))
            if len(holders.get(place, ())) < capacity[place] or entry > worst.get(place, entry):
                blocking.append((applicant, place))
    return blocking


@dataclass(frozen=True)
class Allocation:
    """Who got which place. ``assigned[i]`` is applicant i's opportunity position, or -1."""

    assigned: np.ndarray
    matches: dict[Identifier, tuple[Identifier, ...]]  # opportunity id -> applicant ids
    unmatched: tuple[Identifier, ...]  # applicants with no place (including those with no options)
    lottery_seed: int


def allocate(applicants: Sequence[ApplicantProfile], opportunities: Sequence[Opportunity], *,
             scores: np.ndarray | None = None, provider_scores: np.ndarray | None = None,
             capacities: Sequence[int] | None = None, max_choices: int | None = DEFAULT_MAX_CHOICES,
             seed: int = 0, taxonomy: RoleTaxonomy | None = None) -> Allocation:
    """Share out places (``Opportunity.places`` unless ``capacities`` is given), stably.

    ``scores`` defaults to ``rank.score_matrix(applicants, opportunities)``; pass it in when you
    already have it. The result is a proposal for an administrator to confirm, not a decision.
    """
    if scores is None:
        scores = score_matrix(applicants, opportunities, taxonomy)
    if capacities is None:
        capacities = [o.places for o in opportunities]
    preferences = build_preferences(scores, provider_scores, max_choices, seed)
    assigned = deferred_acceptance(preferences, capacities)
    matches: dict[Identifier, list[Identifier]] = {o.id: [] for o in opportunities}
    for applicant, place in zip(applicants, assigned.tolist(), strict=True):
        if place >= 0:
            matches[opportunities[place].id].append(applicant.id)
    return Allocation(
        assigned=assigned,
        matches={k: tuple(v) for k, v in matches.items()},
        unmatched=tuple(a.id for a, p in zip(applicants, assigned.tolist(), strict=True) if p < 0),
        lottery_seed=seed,
    )
