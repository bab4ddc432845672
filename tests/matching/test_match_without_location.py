"""Scoring without location: the score a provider may see for someone whose location is private
(an under-18). Nothing in it may depend on where the person lives or where the opportunity is."""
from __future__ import annotations

import numpy as np
import pytest

from matching import VALUE_KEYS, WEIGHTS, ApplicantIndex, OpportunityIndex, ValueWeights, score
from matching.score import WEIGHTS_WITHOUT_LOCATION, check_pairs, component_scores, totals
from tests.matching.engine_helpers import make_applicant, make_opportunity, offset

PLACES = [offset(), offset(km_north=0.5), offset(km_north=7.9), offset(km_east=30), offset(km_north=-120),
          (57.15, -2.09), (None, None)]


def _applicant(at):
    return make_applicant(desired_roles=["care worker"], at=at, age=15, interests="music and cooking",
                          availability={(5, "morning")}, values={key: 70 for key in VALUE_KEYS})


def _opportunity(at=None):
    at = at or offset()
    return make_opportunity(at=at, schedule={(5, "morning"), (6, "morning")},
                            description="Music and cooking with residents",
                            values=ValueWeights(desired={"compassion_empathy": 75}, weights={"compassion_empathy": 4}))


def test_location_free_weights_drop_distance_and_still_sum_to_one():
    assert "distance" not in WEIGHTS_WITHOUT_LOCATION
    assert sum(WEIGHTS_WITHOUT_LOCATION.values()) == pytest.approx(1.0)
    for name, weight in WEIGHTS_WITHOUT_LOCATION.items():  # the others keep their proportions
        assert weight == pytest.approx(WEIGHTS[name] / (1 - WEIGHTS["distance"]))


@pytest.mark.parametrize("opportunity_at", [offset(), offset(km_east=-45), (53.48, -2.24)])
def test_a_score_without_location_is_the_same_wherever_either_side_is(taxonomy, opportunity_at):
    results = [score(_applicant(at), _opportunity(opportunity_at), taxonomy, without_location=True)
               for at in PLACES]
    first = results[0]
    assert first.eligible and first.is_match  # beyond the travel limit, or no location at all: still ranked
    for result in results:
        assert (result.total, result.contributions, result.reasons, result.ineligible_reasons) == (
            first.total, first.contributions, first.reasons, first.ineligible_reasons)
        assert result.distance_km is None and result.travel_limit_km is None
        assert result.components.distance is None  # not compared, so left out of the total
        assert "distance" not in result.contributions
        assert not any("km" in reason or "online" in reason for reason in result.reasons)
    assert sum(first.contributions.values()) == pytest.approx(first.total, abs=0.05)


def test_with_location_the_same_people_score_differently(taxonomy):
    """The control: the ordinary score does move with distance, so the test above could fail."""
    totals_seen = {score(_applicant(at), _opportunity(), taxonomy).total for at in PLACES[:3]}
    assert len(totals_seen) == 3


def test_vectorised_totals_and_filters_match_the_single_pair_score(taxonomy):
    people = [_applicant(at) for at in PLACES]
    a = ApplicantIndex.build(people, taxonomy)
    o = OpportunityIndex.build([_opportunity()], taxonomy)
    rows = np.arange(len(people))
    cols = np.zeros_like(rows)
    blind = np.array([True, False] * 3 + [True])
    eligible, role_fit, role_ok, distance = check_pairs(a, o, rows, cols, without_location=blind)
    assert eligible[blind].all() and np.isnan(distance[blind]).all()
    assert not eligible[3]  # 30 km away, scored normally: beyond an under-17's 8 km limit
    components = component_scores(a, o, rows, cols, role_fit, distance, without_location=blind)
    assert np.isnan(components[blind, 2]).all()
    scored = totals(components)
    for position, person in enumerate(people):
        if blind[position]:
            single = score(person, _opportunity(), taxonomy, without_location=True).total
            assert float(scored[position]) == pytest.approx(single, abs=0.05)
    assert len({round(float(t), 3) for t in scored[blind]}) == 1
