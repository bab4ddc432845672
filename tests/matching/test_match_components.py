"""Each score component on its own: distance, values, availability, text."""
from __future__ import annotations

import math

import numpy as np
import pytest

from matching import DAY_PARTS, VALUE_KEYS
from matching.availability import (
    AVAILABILITY_UNKNOWN,
    describe_availability,
    describe_slots,
    from_mask,
    overlap,
    to_mask,
)
from matching.geo import (
    DEFAULT_TRAVEL_KM,
    DISTANCE_SCALE_KM,
    DRIVER_TRAVEL_KM,
    describe_distance,
    distance_score,
    haversine_km_degrees,
    travel_limit_km,
)
from matching.text import (
    clean_title,
    keyword_signature,
    keywords,
    shared_words,
    text_similarity,
)
from matching.values import VALUES_UNKNOWN, describe_values, target_norms, values_fit


def haversine_reference(lat1, lon1, lat2, lon2):
    """float64 textbook haversine, independent of the engine's code."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


# ---- distance ----------------------------------------------------------------------------------

def test_haversine_london_to_manchester_is_about_262_km():
    km = float(haversine_km_degrees(np.float32(51.5074), np.float32(-0.1278),
                                    np.float32(53.4808), np.float32(-2.2426)))
    assert km == pytest.approx(262.0, abs=1.5)


def test_float32_haversine_is_within_a_few_metres_of_float64():
    rng = np.random.default_rng(1)
    lat1, lon1 = rng.uniform(50, 58, 500), rng.uniform(-5, 1.5, 500)
    lat2, lon2 = lat1 + rng.normal(0, 0.2, 500), lon1 + rng.normal(0, 0.3, 500)
    engine = haversine_km_degrees(lat1, lon1, lat2, lon2)
    assert engine.dtype == np.float32
    reference = np.array([haversine_reference(*p) for p in zip(lat1, lon1, lat2, lon2, strict=True)])
    assert np.max(np.abs(engine - reference)) < 0.005  # 5 metres


def test_haversine_of_a_point_with_itself_is_zero_not_a_cancellation_error():
    assert float(haversine_km_degrees(np.float32(55.0), np.float32(-3.0), np.float32(55.0), np.float32(-3.0))) == 0.0


@pytest.mark.parametrize("age,licence,override,expected", [
    (15, False, None, DEFAULT_TRAVEL_KM),
    (16, True, None, DEFAULT_TRAVEL_KM),  # under 17: the short default even with a licence
    (30, False, None, DEFAULT_TRAVEL_KM),
    (17, True, None, DRIVER_TRAVEL_KM),
    (40, True, None, DRIVER_TRAVEL_KM),
    (15, False, 12.5, 12.5),  # everyone may set their own
    (40, True, 3.0, 3.0),
])
def test_travel_limits(age, licence, override, expected):
    assert travel_limit_km(age, licence, override) == expected
    assert DEFAULT_TRAVEL_KM == pytest.approx(8) and DRIVER_TRAVEL_KM == pytest.approx(20)


def test_distance_score_decays_smoothly_with_the_documented_scale():
    distances = np.array([0, 1, DISTANCE_SCALE_KM, 20, np.nan], dtype=np.float32)
    scores = distance_score(distances)
    assert scores[0] == 1 and scores[-1] == 1  # NaN = virtual: no travel
    assert scores[2] == pytest.approx(math.exp(-1), rel=1e-5)
    assert np.all(np.diff(scores[:4]) < 0)


def test_distance_descriptions():
    assert describe_distance(3.21) == "3.2 km away"
    assert describe_distance(0.4) == "less than 1 km away"
    assert describe_distance(None) == "online, no travel"


# ---- values ------------------------------------------------------------------------------------

def fit(applicant, desired, weights):
    a = np.array(applicant, dtype=np.float32).reshape(8, 1)
    d = np.array(desired, dtype=np.float32).reshape(8, 1)
    w = np.array(weights, dtype=np.float32).reshape(8, 1)
    zero = np.zeros(1, dtype=np.int64)
    return float(values_fit(a, zero, d, w, target_norms(d, w), zero)[0])


def test_values_fit_is_one_when_every_desired_level_is_met_or_exceeded():
    assert fit([90] * 8, [70] * 8, [1] * 8) == 1.0
    assert fit([70] * 8, [70] * 8, [1] * 8) == 1.0


def test_values_fit_is_not_cosine_flat_low_and_flat_high_differ():
    # Cosine would give both applicants the same similarity to a flat target.
    assert fit([20] * 8, [80] * 8, [1] * 8) == pytest.approx(0.25)
    assert fit([80] * 8, [80] * 8, [1] * 8) == 1.0


def test_values_fit_only_penalises_shortfall_weighted_by_the_provider():
    desired = [80, 80, 0, 0, 0, 0, 0, 0]
    weights = [5, 1, 0, 0, 0, 0, 0, 0]
    short_on_heavy = fit([40, 80, 0, 0, 0, 0, 0, 0], desired, weights)
    short_on_light = fit([80, 40, 0, 0, 0, 0, 0, 0], desired, weights)
    assert short_on_light > short_on_heavy
    # Exactly: 1 - sqrt(w * s^2 / sum w * t^2)
    assert short_on_heavy == pytest.approx(1 - math.sqrt(5 * 40**2 / (5 * 80**2 + 80**2)), rel=1e-5)
    # Surplus elsewhere does not compensate a shortfall.
    assert fit([40, 100, 100, 100, 100, 100, 100, 100], desired, weights) == pytest.approx(
        fit([40, 80, 0, 0, 0, 0, 0, 0], desired, weights))


def test_values_fit_does_not_depend_on_the_weight_scale():
    desired = [80, 60, 70, 0, 0, 0, 0, 50]
    applicant = [50, 65, 30, 10, 10, 10, 10, 20]
    assert fit(applicant, desired, [5, 2, 3, 0, 0, 0, 0, 1]) == pytest.approx(
        fit(applicant, desired, [1, 0.4, 0.6, 0, 0, 0, 0, 0.2]), rel=1e-5)


def test_values_fit_edge_cases():
    assert np.isnan(fit([90] * 8, [0] * 8, [0] * 8))  # provider asks for nothing: nothing to compare
    assert fit([np.nan] * 8, [80] * 8, [1] * 8) == VALUES_UNKNOWN  # questionnaire not answered
    assert fit([0] * 8, [80] * 8, [1] * 8) == 0.0


def test_values_reasons_name_a_strength_and_the_largest_gap_that_is_not_a_strength():
    desired = [80, 0, 0, 0, 60, 0, 0, 0]
    weights = [5, 0, 0, 0, 2, 0, 0, 0]
    applicant = (90, 70, 75, 0, 30, 0, 0, 0)  # strengths: dignity, choice and independence, compassion
    reasons = describe_values(applicant, desired, weights)
    assert reasons == ["strong on dignity and respect", "this role hopes for more teamwork"]
    # Teamwork is one of this person's three strengths: never "hopes for more" of it.
    assert describe_values((90, 0, 0, 0, 30, 0, 0, 0), desired, weights) == ["strong on dignity and respect"]
    # A strength below the hoped-for level is still called a strength, as the report does.
    assert describe_values((70, 60, 65, 0, 50, 0, 0, 0), [80, 0, 0, 0, 80, 0, 0, 0], weights) == [
        "strong on dignity and respect", "this role hopes for more teamwork"]
    assert describe_values(None, desired, weights) == ["values questionnaire not answered yet"]
    nothing_asked = ["no values wishes stated, so values are left out of the score"]
    assert describe_values((50,) * 8, (0,) * 8, (0,) * 8) == nothing_asked
    assert describe_values(None, (0,) * 8, (0,) * 8) == nothing_asked
    assert len(VALUE_KEYS) == 8


# ---- availability ------------------------------------------------------------------------------

def test_masks_round_trip():
    slots = {(0, "morning"), (5, "morning"), (6, "evening")}
    assert set(from_mask(to_mask(slots))) == slots
    assert to_mask(set()) == 0


def test_overlap_is_the_share_of_sessions_the_person_is_free_for():
    schedule = np.uint32(to_mask({(5, "morning"), (6, "morning")}))
    free = np.array([to_mask({(5, "morning")}), to_mask({(5, "morning"), (6, "morning"), (0, "evening")}),
                     to_mask({(1, "evening")}), 0], dtype=np.uint32)
    assert overlap(free, schedule).tolist() == [0.5, 1.0, 0.0, AVAILABILITY_UNKNOWN]
    assert np.isnan(overlap(free, np.uint32(0))).all()  # flexible opportunity: nothing to compare


def test_availability_descriptions():
    assert describe_slots({(5, "morning")}) == "Saturday mornings"
    assert describe_slots({(0, "evening"), (4, "evening"), (2, "evening")}) == "Monday, Wednesday and Friday evenings"
    assert describe_availability(to_mask({(5, "morning"), (1, "evening")}), to_mask({(5, "morning")})) == \
        "free on Saturday mornings"
    assert describe_availability(to_mask({(1, "evening")}), to_mask({(5, "morning")})).startswith(
        "not free at the session times")
    assert describe_availability(0, to_mask({(5, "morning")})) == "availability not given yet"
    assert describe_availability(to_mask({(1, "evening")}), 0) == \
        "flexible times, so availability is left out of the score"


def test_night_shifts_are_a_part_of_the_day_of_their_own():
    every_slot = {(day, part) for day in range(7) for part in DAY_PARTS}
    assert "night" in DAY_PARTS and set(from_mask(to_mask(every_slot))) == every_slot
    assert to_mask(every_slot) < 2 ** 32  # still fits the uint32 arrays
    nights = np.uint32(to_mask({(4, "night"), (5, "night")}))
    free = np.array([to_mask({(4, "night"), (5, "night")}), to_mask({(4, "evening"), (5, "evening")})],
                    dtype=np.uint32)
    assert overlap(free, nights).tolist() == [1.0, 0.0]  # free evenings is not free nights
    assert describe_availability(int(free[0]), int(nights)) == "free on Friday and Saturday nights"
    assert describe_availability(int(free[1]), int(nights)) == \
        "not free at the session times (Friday and Saturday nights)"


# ---- text --------------------------------------------------------------------------------------

def test_clean_title_strips_filler_and_keeps_home_care_and_care_home_apart():
    assert clean_title("Looking for a CARER job!") == "carer"
    assert clean_title("home care assistant") == "homecare assistant"
    assert clean_title("care home assistant") == "carehome assistant"
    assert clean_title("H.C.A.") == "hca"
    assert clean_title("Activities Co-ordinator") == "activity coordinator"


def test_keywords_drop_stop_words_and_stem_lightly():
    assert keywords("I love cooking and Chatting with older people") == frozenset({"cook", "chat", "older"})


def test_keyword_signatures_count_shared_keywords_exactly():
    a = keyword_signature(keywords("cooking gardening music"))
    b = keyword_signature(keywords("music and gardening club, baking"))
    c = keyword_signature(keywords("driving rota evenings"))
    scores = text_similarity([a], [b, c, ""])[0]
    assert scores[0] == pytest.approx(2 / 3)  # two of three shared; full marks at three
    assert scores[1] == 0 and scores[2] == 0
    assert text_similarity([a], [a])[0, 0] == 1


def test_shared_words_are_shown_as_the_opportunity_writes_them():
    assert shared_words("I enjoy cooking and music", "Cook meals; music afternoons") == ["music", "cook"]
