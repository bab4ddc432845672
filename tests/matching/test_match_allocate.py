"""Allocation of limited places: stability, the PyPI ``matching`` oracle, capacities, ties."""
from __future__ import annotations

import numpy as np
import pytest

from matching import allocate, blocking_pairs, build_preferences, deferred_acceptance
from tests.matching import oracle
from tests.matching.engine_helpers import make_applicant, make_opportunity, offset


def random_scores(rng, n, m, density=0.3, distinct=True):
    """Score matrices with NaN for unacceptable pairs; distinct values give strict preferences."""
    if distinct:
        scores = rng.permutation(n * m).reshape(n, m).astype(float)
    else:
        scores = rng.integers(0, 5, (n, m)).astype(float)
    scores[rng.random((n, m)) > density] = np.nan
    return scores


def brute_force_blocking_pairs(applicant_scores, provider_scores, capacities, assigned, max_choices, lottery):
    """Independent of the engine's code: check every (applicant, place) pair from first principles.

    A pair blocks when both find it acceptable (finite scores, and the place is within the
    applicant's list of ``max_choices``), the applicant prefers it to what they got, and the place
    has a free seat or holds someone it ranks lower (provider score, then lottery).
    """
    n, m = applicant_scores.shape
    blocking = []
    for a in range(n):
        options = [h for h in range(m) if np.isfinite(applicant_scores[a, h]) and np.isfinite(provider_scores[a, h])]
        options.sort(key=lambda h: (-applicant_scores[a, h], h))
        options = options[:max_choices]
        mine = assigned[a]
        for h in options:
            if h == mine:
                break
            holders = [b for b in range(n) if assigned[b] == h]
            if len(holders) < capacities[h]:
                blocking.append((a, h))
            elif any((provider_scores[a, h], lottery[a]) > (provider_scores[b, h], lottery[b]) for b in holders):
                blocking.append((a, h))
    return blocking


def check_valid(applicant_scores, provider_scores, capacities, assigned, max_choices):
    for h, capacity in enumerate(capacities):
        assert np.sum(assigned == h) <= capacity
    for a, h in enumerate(assigned):
        if h >= 0:
            assert np.isfinite(applicant_scores[a, h]) and np.isfinite(provider_scores[a, h])
            rank = np.sum(np.nan_to_num(applicant_scores[a], nan=-np.inf) > applicant_scores[a, h])
            assert rank < max_choices


@pytest.mark.parametrize("seed", range(12))
def test_allocation_is_valid_and_stable_on_random_instances(seed):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(5, 60)), int(rng.integers(2, 15))
    applicant_scores = random_scores(rng, n, m)
    provider_scores = applicant_scores if seed % 2 else random_scores(rng, n, m, density=1.0)
    provider_scores = np.where(np.isnan(applicant_scores), np.nan, provider_scores)
    capacities = rng.integers(0, 4, m)
    max_choices = int(rng.integers(1, 6))
    preferences = build_preferences(applicant_scores, provider_scores, max_choices, seed=seed)
    assigned = deferred_acceptance(preferences, capacities)
    check_valid(applicant_scores, provider_scores, capacities, assigned, max_choices)
    assert brute_force_blocking_pairs(applicant_scores, provider_scores, capacities, assigned,
                                      max_choices, preferences.lottery) == []
    assert blocking_pairs(preferences, capacities, assigned) == []


def test_ties_are_broken_by_the_seeded_lottery_and_are_still_stable():
    rng = np.random.default_rng(3)
    scores = random_scores(rng, 40, 6, density=0.8, distinct=False)
    capacities = [2] * 6
    runs = {}
    for seed in (1, 2):
        preferences = build_preferences(scores, None, 3, seed=seed)
        assigned = deferred_acceptance(preferences, capacities)
        assert brute_force_blocking_pairs(scores, scores, capacities, assigned, 3, preferences.lottery) == []
        runs[seed] = assigned
        assert np.array_equal(assigned, deferred_acceptance(build_preferences(scores, None, 3, seed=seed), capacities))
    assert not np.array_equal(runs[1], runs[2])  # a different lottery can change who wins a tie


def test_the_blocking_pair_checker_finds_an_unstable_allocation():
    scores = np.array([[2.0, 1.0], [1.0, 2.0]])
    preferences = build_preferences(scores, None, 2)
    swapped = np.array([1, 0])  # both would rather swap back
    assert sorted(blocking_pairs(preferences, [1, 1], swapped)) == [(0, 0), (1, 1)]
    assert blocking_pairs(preferences, [1, 1], np.array([0, 1])) == []


def solve_with_oracle(applicant_scores, provider_scores, capacities, max_choices):
    """The PyPI ``matching`` HospitalResident solver, resident-optimal, on the same preferences."""
    preferences = build_preferences(applicant_scores, provider_scores, max_choices)
    resident_prefs, hospital_pool = {}, {h: [] for h in range(len(capacities))}
    for a in range(applicant_scores.shape[0]):
        choices = preferences.choice[preferences.start[a]:preferences.start[a + 1]].tolist()
        if not choices:
            continue  # the library cannot take a resident with an empty list; ours leaves them out
        resident_prefs[f"r{a}"] = [f"h{h}" for h in choices]
        for h in choices:
            hospital_pool[h].append(a)
    hospital_prefs = {f"h{h}": [f"r{a}" for a in sorted(pool, key=lambda a: -provider_scores[a, h])]
                      for h, pool in hospital_pool.items()}
    matched, stable = oracle.hospital_resident(resident_prefs, hospital_prefs,
                                               {f"h{h}": int(c) for h, c in enumerate(capacities)})
    assigned = np.full(applicant_scores.shape[0], -1)
    for hospital, residents in matched.items():
        for resident in residents:
            assigned[int(resident[1:])] = int(hospital[1:])
    return assigned, stable, preferences


@pytest.mark.parametrize("seed", range(6))
def test_same_allocation_as_the_matching_package_on_small_instances(seed):
    rng = np.random.default_rng(100 + seed)
    n, m = int(rng.integers(10, 80)), int(rng.integers(3, 12))
    applicant_scores = random_scores(rng, n, m, density=0.5)
    provider_scores = np.where(np.isnan(applicant_scores), np.nan, random_scores(rng, n, m, density=1.0))
    capacities = rng.integers(1, 5, m)
    oracle, oracle_stable, preferences = solve_with_oracle(applicant_scores, provider_scores, capacities, 5)
    ours = deferred_acceptance(preferences, capacities)
    assert oracle_stable
    np.testing.assert_array_equal(ours, oracle)


def test_allocate_shares_places_by_engine_score_and_capacity(taxonomy):
    applicants = [make_applicant(id=f"a{km}", at=offset(km_north=km)) for km in (1, 2, 3, 4)]
    opportunities = [make_opportunity(id="near", places=2), make_opportunity(id="far", at=offset(km_north=6), places=1),
                     make_opportunity(id="closed", places=0)]
    allocation = allocate(applicants, opportunities, taxonomy=taxonomy)
    assert allocation.matches == {"near": ("a1", "a2"), "far": ("a4",), "closed": ()}
    assert allocation.unmatched == ("a3",) or allocation.matches["far"] == ("a3",)
    assert allocation.assigned.tolist().count(-1) == 1 and allocation.lottery_seed == 0
