"""The one-line availability summary and the next-step button on candidate cards (pure functions)."""
from __future__ import annotations

import itertools

import pytest

from matching.types import DAY_PARTS
from outreach.applications.presenting import NEXT_STEPS, availability_summary, button_parts, next_step
from outreach.models.applications import CLOSED_STAGES, OPEN_STAGES, RECRUITER_STAGES

ALL = [(d, p) for d in range(7) for p in DAY_PARTS]


def week(days, parts):
    return [(d, p) for d in days for p in parts]


@pytest.mark.parametrize("slots, expected", [
    ([], "not given yet"),
    (None, "not given yet"),
    (ALL, "any time"),
    (week(range(7), ["evening"]), "evenings only"),
    (week(range(7), ["morning", "afternoon"]), "mornings and afternoons only"),
    (week(range(5), ["morning"]) + week([5, 6], DAY_PARTS), "weekday mornings, weekends"),
    (week(range(5), DAY_PARTS), "weekdays"),
    (week([5, 6], DAY_PARTS), "weekends"),
    (week([5, 6], ["morning"]), "weekend mornings"),
    (week(range(5), ["morning", "evening"]), "weekday mornings and evenings"),
    (week([0, 1, 2], ["morning"]) + [(5, "afternoon")], "Mon to Wed mornings, Sat afternoons"),
    (week([0, 2], ["evening"]), "Mon and Wed evenings"),
    (week([0, 1, 2, 4], ["morning"]), "Mon to Wed and Fri mornings"),
    (week([0], DAY_PARTS) + [(1, "morning")], "Mon and Tue mornings, Mon afternoons, evenings and nights"),
    (week([3], DAY_PARTS), "Thu (all day)"),
    (week([6], ["afternoon"]), "Sun afternoons"),
])
def test_availability_summary_reads_like_a_person_would_say_it(slots, expected):
    assert availability_summary(slots) == expected


def test_order_and_duplicates_do_not_change_the_summary():
    slots = week(range(5), ["morning"]) + week([5, 6], DAY_PARTS)
    assert availability_summary(reversed(slots + slots)) == "weekday mornings, weekends"


def test_malformed_slots_are_ignored():
    assert availability_summary([(9, "morning"), (1, "small hours"), (2, "evening")]) == "Wed evenings"
    assert availability_summary([(9, "morning")]) == "not given yet"


def test_every_single_slot_is_named_with_its_day_and_part():
    names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    for day, part in ALL:
        assert availability_summary([(day, part)]) == f"{names[day]} {part}s"


def test_summary_stays_short_for_every_pattern_of_one_part_of_the_day():
    """Any set of mornings (128 patterns) fits on a phone line: never the seven day names in full."""
    for size in range(1, 8):
        for days in itertools.combinations(range(7), size):
            text = availability_summary(week(days, ["morning"]))
            assert len(text) <= 50, text
            assert "Monday" not in text and "Sunday" not in text


def test_next_step_moves_every_open_stage_forward_and_closed_stages_nowhere():
    for stage in OPEN_STAGES:
        to_stage, label = next_step(stage)
        assert to_stage in RECRUITER_STAGES and to_stage != stage and label.count("{name}") == 1
    for stage in CLOSED_STAGES + ("", None, "unknown"):
        assert next_step(stage) is None
    assert next_step("shortlisted") == ("invited_to_interview", "Invite {name} to interview")


def test_button_text_reads_well_with_and_without_the_hidden_name():
    assert button_parts("Invite {name} to interview") == ("Invite", " to interview")
    assert button_parts("Shortlist {name}") == ("Shortlist", "")
    shown = {"".join(button_parts(label)) for _, label in NEXT_STEPS.values()}
    assert shown == {"Shortlist", "Invite to interview", "Mark as interviewed", "Make an offer", "Mark as hired"}
    assert set(NEXT_STEPS) == set(OPEN_STAGES)
