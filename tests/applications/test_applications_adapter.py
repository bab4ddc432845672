"""The matching adapter's conventions: desired value levels, gaps in scores, schedules, roles."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from types import SimpleNamespace

import matching
from outreach import matching_adapter as adapter


def test_provider_weights_become_desired_levels_and_weights():
    weights = adapter.value_weights({"dignity_respect": 5, "teamwork": 1, "courage": 0})
    desired, importance = weights.as_dicts()
    assert desired["dignity_respect"] == 80 and desired["teamwork"] == 60 and desired["courage"] == 0
    assert importance["dignity_respect"] == 5 and importance["courage"] == 0


def test_unscored_values_are_filled_with_the_persons_own_mean():
    scores = {key: None for key in matching.VALUE_KEYS}
    assert adapter.values_tuple(scores) is None
    scores.update(dignity_respect=80, teamwork=60)
    filled = adapter.values_tuple(scores)
    assert filled[matching.VALUE_KEYS.index("courage")] == 70 and filled[0] == 80


def test_taster_schedules_come_from_upcoming_sessions_in_uk_time():
    now = datetime(2026, 7, 1, 9, tzinfo=timezone.utc)  # a Wednesday
    sessions = [SimpleNamespace(status="open", starts_at=now + timedelta(days=3, hours=5)),  # Saturday 15:00 BST
                SimpleNamespace(status="cancelled", starts_at=now + timedelta(days=1)),
                SimpleNamespace(status="open", starts_at=now - timedelta(days=1))]
    opportunity = SimpleNamespace(id=1, kind="buddy", role_slug=None, title="Buddy", description="", latitude=50.7,
                                  longitude=-2.4, min_age=14, desired_values={})
    engine = adapter.engine_opportunity(opportunity, sessions=sessions, now=now)
    assert engine.schedule == frozenset({(5, "afternoon")})
    assert engine.role == adapter.FALLBACK_ROLE  # "no particular role" tastes general care work


def test_cached_profiles_are_rebuilt_when_anything_changes():
    values = (7, date(2000, 1, 1), "DT1 1", '["carer"]', "", "", None, "[]", False, None)
    first = adapter.cached_applicant(values, date(2026, 7, 1))
    assert adapter.cached_applicant(values, date(2026, 7, 1)) is first
    changed = adapter.cached_applicant(values[:3] + ('["nurse"]',) + values[4:], date(2026, 7, 1))
    assert changed is not first and changed.desired_roles == ("nurse",)
    assert adapter.cached_applicant(values, date(2026, 7, 2)) is not first  # a new day, a fresh age


def test_late_and_small_hours_sessions_are_night_shifts_of_the_day_they_start():
    monday = datetime(2026, 7, 6, tzinfo=timezone.utc)  # BST: UK time is UTC + 1
    assert adapter.slot_of(monday + timedelta(hours=21)) == (0, "night")  # Monday 22:00
    assert adapter.slot_of(monday + timedelta(days=1, hours=1)) == (0, "night")  # Tuesday 02:00: Monday night
    assert adapter.slot_of(monday + timedelta(days=1, hours=5)) == (1, "morning")  # Tuesday 06:00
    assert adapter.slot_of(monday + timedelta(hours=19)) == (0, "evening")  # Monday 20:00
    assert adapter.slot_of(monday - timedelta(hours=1)) == (6, "night")  # Monday 00:00: Sunday night
