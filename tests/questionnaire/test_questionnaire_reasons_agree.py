"""A person's report and their match reasons use one definition of a strength, so they agree:
a value the report lists as a strength is never one the match reasons say a role "hopes for more" of."""
from __future__ import annotations

import random
from datetime import date

import matching
from matching import VALUE_KEYS
from matching.types import VALUE_SHORT_NAMES
from outreach import matching_adapter
from outreach.content.questionnaire import load_bank, load_values
from outreach.questionnaire import bank as banks


def reasons_for(scores: dict, desired_values: dict) -> tuple[str, ...]:
    person = matching_adapter.engine_applicant(1, date_of_birth=date(2000, 1, 1), postcode_sector=None,
                                               scores=scores)
    role = matching.Opportunity(id=1, kind="virtual", role="care-worker", title="Care worker",
                                values=matching_adapter.value_weights(desired_values))
    return matching.score(person, role).reasons


def test_compassion_reported_as_a_strength_is_never_wanted_more_in_the_reasons():
    scores = {"dignity_respect": 60, "compassion_empathy": 72, "person_centred": 58, "communication": 70,
              "teamwork": 55, "reliability": 68, "courage": 40, "learning": 50}
    report = banks.strengths_report(load_bank(), scores, load_values())
    assert "compassion_empathy" in [s["key"] for s in report["strengths"]]
    reasons = reasons_for(scores, {"compassion_empathy": 5, "courage": 3})  # compassion hoped for at 80
    assert "strong on compassion" in reasons
    assert "this role hopes for more speaking up" in reasons
    assert not any("compassion" in r and "more" in r for r in reasons)


def test_report_strengths_never_appear_as_less_strong_in_reasons():
    bank, values = load_bank(), load_values()
    rng = random.Random(20261203)
    for _ in range(300):
        scores = {key: rng.randint(0, 100) if rng.random() > 0.25 else None for key in VALUE_KEYS}
        if sum(s is not None for s in scores.values()) < 2:
            continue
        desired = {key: rng.randint(0, 5) for key in VALUE_KEYS if rng.random() < 0.6}
        strengths = {s["key"] for s in banks.strengths_report(bank, scores, values)["strengths"]}
        reasons = reasons_for(scores, desired)
        for key in strengths:
            assert f"this role hopes for more {VALUE_SHORT_NAMES[key]}" not in reasons, (scores, desired, reasons)
        for reason in reasons:
            if reason.startswith("strong on "):
                named = reason.removeprefix("strong on ")
                assert named in {VALUE_SHORT_NAMES[k] for k in strengths}, (scores, desired, reasons)


def test_open_to_any_role_reads_naturally():
    reasons = reasons_for({key: 60 for key in VALUE_KEYS}, {})
    assert reasons[0] == "Care worker (no preferred role given)"
