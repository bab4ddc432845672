"""The dataclasses: value order, value names, validation, and no protected characteristics."""
from __future__ import annotations

import dataclasses

import pytest
import yaml

from matching import (
    VALUE_KEYS,
    VALUE_SHORT_NAMES,
    ApplicantProfile,
    Components,
    MatchScore,
    Opportunity,
    RoleMatch,
    ValueWeights,
)
from tests.matching.engine_helpers import VALUES_YAML, make_applicant, make_opportunity

PROTECTED = ("sex", "gender", "ethnic", "race", "religion", "belief", "disab", "pregnan",
             "marital", "married", "civil_partner", "orientation", "nationality", "name",
             "date_of_birth", "birth", "postcode", "email", "photo")


def test_value_keys_are_the_keys_of_values_yaml_in_order():
    entries = yaml.safe_load(VALUES_YAML.read_text())
    assert tuple(entry["key"] for entry in entries) == VALUE_KEYS


def test_built_in_short_value_names_agree_with_values_yaml():
    entries = yaml.safe_load(VALUES_YAML.read_text())
    assert {entry["key"]: entry["short"] for entry in entries} == VALUE_SHORT_NAMES


@pytest.mark.parametrize("cls", [ApplicantProfile, Opportunity, ValueWeights, MatchScore,
                                 Components, RoleMatch])
def test_no_dataclass_has_a_field_for_a_protected_characteristic(cls):
    for field in dataclasses.fields(cls):
        assert not any(word in field.name.lower() for word in PROTECTED), field.name


def test_applicant_is_normalised_and_hashable():
    applicant = make_applicant(desired_roles=["carer", "  ", " PA "],
                               availability=[(5, "morning"), (5, "morning")],
                               values={key: 50 for key in VALUE_KEYS})
    assert applicant.desired_roles == ("carer", "PA")
    assert applicant.availability == frozenset({(5, "morning")})
    assert applicant.values == (50.0,) * 8
    hash(applicant)


def test_values_can_be_given_as_a_sequence_in_value_keys_order():
    assert make_applicant(values=list(range(0, 80, 10))).values == tuple(float(v) for v in range(0, 80, 10))


@pytest.mark.parametrize("overrides", [
    {"age": 0}, {"age": 15.5}, {"age": True},
    {"values": {"dignity_respect": 50}},  # all eight are needed
    {"values": {key: 101 for key in VALUE_KEYS}},
    {"values": {**{key: 50 for key in VALUE_KEYS}, "kindness": 50}},
    {"availability": [(7, "morning")]}, {"availability": [(1, "midnight")]},
    {"at": (None, 0.0)}, {"at": (95.0, 0.0)},
    {"max_travel_km": -1},
    {"desired_roles": "carer"},
])
def test_bad_applicant_data_fails_loudly(overrides):
    with pytest.raises(ValueError):
        make_applicant(**overrides)


@pytest.mark.parametrize("overrides", [
    {"kind": "internship"}, {"role": ""}, {"min_age": -1}, {"places": -1},
    {"schedule": [(0, "lunchtime")]}, {"values": {"teamwork": 3}},
    {"lat": None, "lon": None},  # in person, but nowhere
    {"kind": "virtual"},  # virtual, but somewhere
])
def test_bad_opportunity_data_fails_loudly(overrides):
    with pytest.raises(ValueError):
        make_opportunity(**overrides)


def test_value_weights_default_to_one_for_values_given_a_desired_level():
    weights = ValueWeights(desired={"teamwork": 70, "courage": 60})
    desired, weight = weights.as_dicts()
    assert desired["teamwork"] == 70 and desired["dignity_respect"] == 0
    assert weight == {key: 1.0 if key in ("teamwork", "courage") else 0.0 for key in VALUE_KEYS}


def test_value_weights_accept_explicit_weights_and_reject_unknown_keys():
    weights = ValueWeights(desired={"teamwork": 70}, weights={"teamwork": 5})
    assert weights.weights[VALUE_KEYS.index("teamwork")] == 5
    with pytest.raises(ValueError):
        ValueWeights(desired={"teamwork": 70}, weights={"team": 5})


def test_virtual_opportunity_has_no_location():
    assert make_opportunity(kind="virtual", lat=None, lon=None).is_virtual
    assert not make_opportunity().is_virtual
