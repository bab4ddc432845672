"""Scoring one pair: hard filters, role floor, components, contributions, reasons, fairness."""
from __future__ import annotations

import numpy as np
import pytest

from matching import ROLE_FLOOR, VALUE_KEYS, WEIGHTS, ValueWeights, rank_opportunities, score, score_matrix
from tests.matching.engine_helpers import make_applicant, make_opportunity, offset


def test_weights_are_documented_and_sum_to_one():
    assert set(WEIGHTS) == {"role", "values", "distance", "availability", "text"}
    assert sum(WEIGHTS.values()) == pytest.approx(1.0)


def test_a_good_pair_scores_and_explains_itself(taxonomy):
    applicant = make_applicant(desired_roles=["home carer"], at=offset(km_north=3.2),
                               interests="cooking and gardening", availability={(5, "morning")},
                               values={key: 80 for key in VALUE_KEYS})
    opportunity = make_opportunity(role="home-care-worker", schedule={(5, "morning"), (6, "morning")},
                                   description="Help with cooking lunch and a little gardening",
                                   values=ValueWeights(desired={"dignity_respect": 70}, weights={"dignity_respect": 5}))
    result = score(applicant, opportunity, taxonomy)
    assert result.eligible and result.role_match and result.is_match
    assert result.components.role == 1.0 and result.components.values == 1.0
    assert result.components.availability == 0.5  # free for one of two sessions
    assert result.components.text == 1.0  # both of the applicant's two keywords are shared
    assert result.distance_km == pytest.approx(3.2, abs=0.02)
    assert sum(result.contributions.values()) == pytest.approx(result.total, abs=0.05)
    assert 0 < result.total <= 100
    assert result.reasons == (
        'Home care worker, matching "home carer"',
        "3.2 km away",
        "free on Saturday mornings",
        "strong on dignity and respect",
        "both mention gardening, cooking",
    )


@pytest.mark.parametrize("applicant,opportunity,reason", [
    (dict(age=15), dict(min_age=16), "minimum age is 16"),
    (dict(driving_licence=False), dict(licence_required=True), "needs a driving licence"),
    (dict(at=offset(km_north=9)), dict(), "9.0 km away, beyond the 8 km travel limit"),
    (dict(age=30, driving_licence=True, at=offset(km_east=21)), dict(), "21.0 km away, beyond the 20 km travel limit"),
    (dict(max_travel_km=2, at=offset(km_north=3)), dict(), "3.0 km away, beyond the 2 km travel limit"),
    (dict(at=(None, None)), dict(), "no home location given, so travel distance cannot be checked"),
])
def test_hard_filters_make_a_pair_ineligible_with_the_reason(taxonomy, applicant, opportunity, reason):
    result = score(make_applicant(**applicant), make_opportunity(**opportunity), taxonomy)
    assert not result.eligible and not result.is_match
    assert result.total == 0 and reason in result.ineligible_reasons
    assert np.isnan(score_matrix([make_applicant(**applicant)], [make_opportunity(**opportunity)], taxonomy)).all()


@pytest.mark.parametrize("applicant,opportunity", [
    (dict(age=16), dict(min_age=16)),  # exactly the minimum age
    (dict(age=17, driving_licence=True), dict(licence_required=True, at=offset(km_north=15))),
    (dict(at=offset(km_north=7.9)), dict()),
    (dict(max_travel_km=30, at=offset(km_east=25)), dict()),
    (dict(at=(None, None)), dict(kind="virtual", lat=None, lon=None)),  # virtual: no travel filter
    (dict(at=offset(km_north=500)), dict(kind="virtual", lat=None, lon=None)),
])
def test_pairs_inside_every_limit_are_eligible(taxonomy, applicant, opportunity):
    result = score(make_applicant(**applicant), make_opportunity(**opportunity), taxonomy)
    assert result.eligible, result.ineligible_reasons


def test_virtual_opportunities_have_no_distance(taxonomy):
    result = score(make_applicant(), make_opportunity(kind="virtual", lat=None, lon=None), taxonomy)
    assert result.distance_km is None and result.travel_limit_km is None
    assert result.components.distance == 1.0 and "online, no travel" in result.reasons


def test_role_floor_stops_an_unrelated_role_winning_on_distance(taxonomy):
    carer = make_applicant(desired_roles=["carer"])
    chef_next_door = make_opportunity(id="chef", role="care-home-chef")
    carer_far = make_opportunity(id="carer", role="care-worker", at=offset(km_north=7))
    result = score(carer, chef_next_door, taxonomy)
    assert result.eligible and not result.role_match and result.components.role < ROLE_FLOOR
    assert result.total == 0 and "Care home chef is not close to the roles typed" in result.reasons
    assert [m.opportunity_id for m in rank_opportunities(carer, [chef_next_door, carer_far], 5, taxonomy)] == ["carer"]


def test_someone_who_typed_no_role_is_open_to_any_role(taxonomy):
    result = score(make_applicant(desired_roles=[]), make_opportunity(role="care-home-chef"), taxonomy)
    assert result.role_match and result.components.role == 0.5
    assert result.reasons[0] == "Care home chef (no preferred role given)"


def test_best_of_several_typed_roles_counts(taxonomy):
    applicant = make_applicant(desired_roles=["chef", "OT"])
    result = score(applicant, make_opportunity(role="occupational-therapist"), taxonomy)
    assert result.components.role == 1.0 and result.reasons[0] == 'Occupational therapist, matching "OT"'


def test_scores_do_not_move_when_only_age_changes_within_an_eligible_band(taxonomy):
    opportunity = make_opportunity(min_age=16, at=offset(km_north=4), schedule={(2, "evening")},
                                   values=ValueWeights(desired={"teamwork": 70, "courage": 60}))
    base = dict(desired_roles=["care assistant"], availability={(2, "evening")}, interests="music",
                values={key: 55 for key in VALUE_KEYS})
    # Without a licence every age has the same 8 km default; with one, every age from 17 has 20 km.
    for licence, ages in ((False, range(16, 80)), (True, range(17, 80))):
        results = [score(make_applicant(age=age, driving_licence=licence, **base), opportunity, taxonomy)
                   for age in ages]
        assert len({(r.total, r.components) for r in results}) == 1
        assert all(r.eligible for r in results)


def test_age_only_ever_filters(taxonomy):
    opportunity = make_opportunity(min_age=18)
    young, old = (score(make_applicant(age=age), opportunity, taxonomy) for age in (17, 18))
    assert not young.eligible and old.eligible
    assert young.components == old.components  # the same pair, only eligibility differs


def test_score_agrees_with_the_batch_matrix(taxonomy):
    applicants = [make_applicant(id=i, at=offset(km_north=i), desired_roles=[role], values=vals)
                  for i, (role, vals) in enumerate([("carer", None), ("home carer", {k: 60 for k in VALUE_KEYS}),
                                                     ("senior carer", None), ("chef", None)])]
    opportunities = [make_opportunity(id=j, role=role, at=offset(km_east=j),
                                      values=ValueWeights(desired={"teamwork": 80}))
                     for j, role in enumerate(["care-worker", "home-care-worker", "senior-care-worker",
                                               "care-home-chef"])]
    matrix = score_matrix(applicants, opportunities, taxonomy)
    for i, applicant in enumerate(applicants):
        for j, opportunity in enumerate(opportunities):
            single = score(applicant, opportunity, taxonomy)
            if single.is_match:
                assert matrix[i, j] == pytest.approx(single.total, abs=0.01)
            else:
                assert np.isnan(matrix[i, j])


# ---- a component with nothing to compare is left out ------------------------------------------

def _careful_and_sparse(taxonomy, **sparse):
    person = make_applicant(desired_roles=["care worker"], availability={(5, "morning")},
                            values={key: 60 for key in VALUE_KEYS})
    careful = make_opportunity(schedule={(5, "morning"), (6, "morning")},
                               values=ValueWeights(desired={"teamwork": 70}, weights={"teamwork": 3}))
    return person, careful, make_opportunity(**sparse)


def test_a_post_without_values_wishes_or_times_is_scored_on_what_it_states(taxonomy):
    person, careful, sparse = _careful_and_sparse(taxonomy)
    result = score(person, sparse, taxonomy)
    assert result.components.values is None and result.components.availability is None
    assert set(result.contributions) == {"role", "distance", "text"}
    assert sum(result.contributions.values()) == pytest.approx(result.total, abs=0.05)
    compared = {name: WEIGHTS[name] for name in ("role", "distance", "text")}
    expected = 100 * sum(w * getattr(result.components, n) for n, w in compared.items()) / sum(compared.values())
    assert result.total == pytest.approx(expected, abs=0.05)
    assert "no values wishes stated, so values are left out of the score" in result.reasons
    assert "flexible times, so availability is left out of the score" in result.reasons


def test_saying_nothing_no_longer_earns_full_marks(taxonomy):
    """Before: the sparse post scored 1.0 on values and availability and so outranked a careful
    post the person fits well. Now it is judged on the components it states."""
    person, careful, sparse = _careful_and_sparse(taxonomy)
    careful_score, sparse_score = score(person, careful, taxonomy), score(person, sparse, taxonomy)
    assert careful_score.components.values is not None and careful_score.components.availability == 0.5
    old_sparse_total = 100 * sum(WEIGHTS[n] * (1.0 if n in ("values", "availability") else getattr(
        sparse_score.components, n)) for n in WEIGHTS)
    assert sparse_score.total < old_sparse_total


def test_the_batch_matrix_leaves_out_the_same_components(taxonomy):
    person, careful, sparse = _careful_and_sparse(taxonomy)
    matrix = score_matrix([person], [careful, sparse], taxonomy)
    for column, opportunity in enumerate((careful, sparse)):
        assert float(matrix[0, column]) == pytest.approx(score(person, opportunity, taxonomy).total, abs=0.01)
