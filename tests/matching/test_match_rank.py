"""Ranking both ways and the batch matrix: order, k, filters, index reuse, and properties."""
from __future__ import annotations

import math
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching import (
    VALUE_KEYS,
    ApplicantIndex,
    ApplicantProfile,
    Opportunity,
    OpportunityIndex,
    ValueWeights,
    allocate,
    rank_applicants,
    rank_opportunities,
    score,
    score_matrix,
)
from matching.score import score_pairs
from tests.matching.engine_helpers import LONDON, make_applicant, make_opportunity, offset


def test_recommendations_come_best_first_and_stop_at_k(taxonomy):
    applicant = make_applicant(desired_roles=["care assistant"])
    opportunities = [make_opportunity(id=f"o{km}", at=offset(km_north=km)) for km in (6, 1, 4, 2, 7)]
    ranked = rank_opportunities(applicant, opportunities, 3, taxonomy)
    assert [m.opportunity_id for m in ranked] == ["o1", "o2", "o4"]
    assert all(a.total >= b.total for a, b in pairwise(ranked))
    assert all(m.reasons for m in ranked)


def test_ties_keep_input_order(taxonomy):
    applicant = make_applicant()
    opportunities = [make_opportunity(id=i) for i in range(5)]
    assert [m.opportunity_id for m in rank_opportunities(applicant, opportunities, 5, taxonomy)] == [0, 1, 2, 3, 4]
    assert [m.opportunity_id for m in rank_opportunities(applicant, opportunities, 2, taxonomy)] == [0, 1]


def test_ineligible_and_off_role_opportunities_never_appear(taxonomy):
    applicant = make_applicant(age=15, desired_roles=["carer"])
    opportunities = [
        make_opportunity(id="ok", min_age=14),
        make_opportunity(id="too young", min_age=16),
        make_opportunity(id="licence", licence_required=True),
        make_opportunity(id="far", at=offset(km_north=30)),
        make_opportunity(id="chef", role="care-home-chef"),
        make_opportunity(id="online", kind="virtual", lat=None, lon=None),
    ]
    assert {m.opportunity_id for m in rank_opportunities(applicant, opportunities, 10, taxonomy)} == {"ok", "online"}


def test_shortlist_ranks_applicants_for_a_provider(taxonomy):
    opportunity = make_opportunity(min_age=16, schedule={(5, "morning")},
                                   values=ValueWeights(desired={"dignity_respect": 80}, weights={"dignity_respect": 5}))
    applicants = [
        make_applicant(id="close, free, strong", at=offset(km_north=1), availability={(5, "morning")},
                       values={k: 90 for k in VALUE_KEYS}),
        make_applicant(id="close, busy", at=offset(km_north=1), availability={(1, "evening")},
                       values={k: 90 for k in VALUE_KEYS}),
        make_applicant(id="far but willing", at=offset(km_north=25), max_travel_km=30,
                       availability={(5, "morning")}, values={k: 90 for k in VALUE_KEYS}),
        make_applicant(id="too young", age=15),
        make_applicant(id="out of range", at=offset(km_north=12)),
        make_applicant(id="wants a chef job", desired_roles=["chef"]),
    ]
    shortlist = rank_applicants(opportunity, applicants, 10, taxonomy)
    assert [m.applicant_id for m in shortlist] == ["close, free, strong", "close, busy", "far but willing"]
    assert [m.applicant_id for m in rank_applicants(opportunity, applicants, 1, taxonomy)] == ["close, free, strong"]


def test_a_prebuilt_index_gives_the_same_answers_as_a_list(taxonomy):
    applicants = [make_applicant(id=i, at=offset(km_north=i)) for i in range(6)]
    opportunities = [make_opportunity(id=j, at=offset(km_east=j)) for j in range(6)]
    by_index = rank_opportunities(applicants[2], OpportunityIndex.build(opportunities, taxonomy), 4)
    assert by_index == rank_opportunities(applicants[2], opportunities, 4, taxonomy)
    shortlist = rank_applicants(opportunities[1], ApplicantIndex.build(applicants, taxonomy), 4)
    assert shortlist == rank_applicants(opportunities[1], applicants, 4, taxonomy)


def test_opportunities_with_unknown_roles_are_refused(taxonomy):
    with pytest.raises(ValueError, match="not-a-role"):
        OpportunityIndex.build([make_opportunity(role="not-a-role")], taxonomy)


def test_empty_collections(taxonomy):
    assert rank_opportunities(make_applicant(), [], 5, taxonomy) == []
    assert rank_applicants(make_opportunity(), [], 5, taxonomy) == []
    assert score_matrix([make_applicant()], [], taxonomy).shape == (1, 0)


# ---- random collections and properties ---------------------------------------------------------

ROLES = ["care-worker", "home-care-worker", "senior-care-worker", "personal-assistant",
         "occupational-therapist", "registered-manager", "social-care-nurse", "care-home-chef"]
TYPED = ["carer", "home carer", "senior carer", "PA", "OT", "care home manager", "nurse", "cook",
         "care asistant", "chef", "domiciliary care worker", ""]
SLOTS = [(d, p) for d in range(7) for p in ("morning", "afternoon", "evening")]


def random_world(seed: int, n: int, m: int):
    rng = np.random.default_rng(seed)

    def place():
        if rng.random() < 0.1:
            return None, None
        return offset(km_north=float(rng.normal(0, 12)), km_east=float(rng.normal(0, 12)))

    applicants = []
    for i in range(n):
        lat, lon = place()
        age = int(rng.integers(14, 70))
        applicants.append(ApplicantProfile(
            id=i, age=age, desired_roles=[t for t in rng.choice(TYPED, size=int(rng.integers(0, 3))) if t],
            lat=lat, lon=lon, max_travel_km=float(rng.uniform(1, 30)) if rng.random() < 0.3 else None,
            driving_licence=bool(age >= 17 and rng.random() < 0.5),
            availability={SLOTS[k] for k in rng.choice(21, size=int(rng.integers(0, 6)), replace=False)},
            values=tuple(rng.uniform(0, 100, 8)) if rng.random() < 0.8 else None,
            interests=" ".join(rng.choice(["music", "cooking", "garden", "football", "art", "reading"], 2))))
    opportunities = []
    for j in range(m):
        virtual = rng.random() < 0.15
        lat, lon = (None, None) if virtual else place()
        opportunities.append(Opportunity(
            id=j, kind="virtual" if lat is None else "shadowing", role=str(rng.choice(ROLES)),
            description=" ".join(rng.choice(["music", "cooking", "garden", "meals", "residents"], 3)),
            lat=lat, lon=lon, min_age=int(rng.choice([0, 14, 16, 18])), licence_required=bool(rng.random() < 0.2),
            schedule={SLOTS[k] for k in rng.choice(21, size=int(rng.integers(0, 4)), replace=False)},
            values=ValueWeights(desired=tuple(rng.uniform(0, 90, 8)),
                                weights=tuple(rng.integers(0, 6, 8).astype(float))),
            places=int(rng.integers(0, 4))))
    return applicants, opportunities


def hard_filters_hold(applicant: ApplicantProfile, opportunity: Opportunity) -> bool:
    """An independent float64 check of age, licence and travel (5 m allowed for float32)."""
    if applicant.age < opportunity.min_age:
        return False
    if opportunity.licence_required and not applicant.driving_licence:
        return False
    if opportunity.lat is None:
        return True
    if applicant.lat is None:
        return False
    limit = applicant.max_travel_km
    if limit is None:
        limit = 20.0 if applicant.driving_licence and applicant.age >= 17 else 8.0
    p1, p2 = math.radians(applicant.lat), math.radians(opportunity.lat)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(opportunity.lon - applicant.lon) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(h)) <= limit + 0.005


def test_score_matrix_equals_scoring_every_pair_without_the_prefilter(taxonomy):
    applicants, opportunities = random_world(7, 120, 60)
    a, o = ApplicantIndex.build(applicants, taxonomy), OpportunityIndex.build(opportunities, taxonomy)
    rows = np.repeat(np.arange(len(a)), len(o))
    cols = np.tile(np.arange(len(o)), len(a))
    rows, cols, _, totals, _ = score_pairs(a, o, rows, cols)
    expected = np.full((len(a), len(o)), np.nan, dtype=np.float32)
    expected[rows, cols] = totals
    np.testing.assert_array_equal(score_matrix(a, o), expected)
    assert 0 < np.isfinite(expected).mean() < 0.5  # a meaningful mix of matches and non-matches


def test_shortlists_and_recommendations_agree_with_the_matrix(taxonomy):
    applicants, opportunities = random_world(11, 80, 40)
    matrix = score_matrix(applicants, opportunities, taxonomy)
    for i in range(0, 80, 9):
        ranked = rank_opportunities(applicants[i], opportunities, 40, taxonomy)
        assert {m.opportunity_id for m in ranked} == set(np.flatnonzero(np.isfinite(matrix[i])).tolist())
        for match in ranked:
            assert match.total == pytest.approx(float(matrix[i, match.opportunity_id]), abs=0.01)
            assert match.total == pytest.approx(score(applicants[i], opportunities[match.opportunity_id],
                                                      taxonomy).total)
    for j in range(0, 40, 7):
        shortlist = rank_applicants(opportunities[j], applicants, 80, taxonomy)
        assert {m.applicant_id for m in shortlist} == set(np.flatnonzero(np.isfinite(matrix[:, j])).tolist())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10**6), n=st.integers(1, 30), m=st.integers(1, 20), k=st.integers(1, 10))
def test_no_ineligible_pair_is_ever_returned(taxonomy, seed, n, m, k):
    applicants, opportunities = random_world(seed, n, m)
    for applicant in applicants[:5]:
        for match in rank_opportunities(applicant, opportunities, k, taxonomy):
            assert match.eligible and match.role_match
            assert hard_filters_hold(applicant, opportunities[match.opportunity_id])
    for opportunity in opportunities[:5]:
        for match in rank_applicants(opportunity, applicants, k, taxonomy):
            assert hard_filters_hold(applicants[match.applicant_id], opportunity)
    matrix = score_matrix(applicants, opportunities, taxonomy)
    for i, j in zip(*np.nonzero(np.isfinite(matrix)), strict=True):
        assert hard_filters_hold(applicants[i], opportunities[j])
    allocation = allocate(applicants, opportunities, scores=matrix)
    for opportunity_id, applicant_ids in allocation.matches.items():
        assert len(applicant_ids) <= opportunities[opportunity_id].places
        for applicant_id in applicant_ids:
            assert hard_filters_hold(applicants[applicant_id], opportunities[opportunity_id])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(age=st.integers(1, 100), min_age=st.integers(0, 100), km=st.floats(0, 60),
       limit=st.one_of(st.none(), st.floats(0, 60)), licence=st.booleans(), required=st.booleans())
def test_a_single_pair_is_eligible_exactly_when_the_filters_hold(taxonomy, age, min_age, km, limit, licence, required):
    applicant = make_applicant(age=age, max_travel_km=limit, driving_licence=licence, at=offset(km_north=km))
    opportunity = make_opportunity(min_age=min_age, licence_required=required, at=LONDON)
    result = score(applicant, opportunity, taxonomy)
    assert result.eligible == (not result.ineligible_reasons)
    if result.eligible:
        assert hard_filters_hold(applicant, opportunity)
    elif result.distance_km is not None and abs(result.distance_km - (result.travel_limit_km or 0)) > 0.01:
        assert not hard_filters_hold(applicant, opportunity)


def test_k_of_zero_and_mismatched_taxonomies(taxonomy, content_taxonomy):
    opportunities = OpportunityIndex.build([make_opportunity()], taxonomy)
    assert rank_opportunities(make_applicant(), opportunities, 0) == []
    with pytest.raises(ValueError):
        rank_opportunities(make_applicant(), opportunities, 5, content_taxonomy)
    with pytest.raises(ValueError):
        score_matrix(ApplicantIndex.build([make_applicant()], content_taxonomy), opportunities)
