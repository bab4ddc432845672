"""Short phrases for candidate cards: when someone is free, and the usual next step for an application.

Why: a recruiter on a phone needs one line that says when a person is free ("weekday mornings,
weekends"), not the 21-slot list spelled out in several columns. Pure functions only (no Flask,
no database), so the wording can be tested exhaustively.
"""
from __future__ import annotations

from collections.abc import Iterable

from matching.types import DAY_PARTS

WEEKDAYS = (0, 1, 2, 3, 4)
WEEKEND = (5, 6)
SHORT_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_PLURAL = {"morning": "mornings", "afternoon": "afternoons", "evening": "evenings", "night": "nights"}

NOT_GIVEN = "not given yet"
ANY_TIME = "any time"

# The step a recruiter most often takes next from each stage (closed stages have none). "{name}" marks
# where a screen reader hears the person's name; it is hidden on screen ("Invite to interview").
NEXT_STEPS = {
    "applied": ("shortlisted", "Shortlist {name}"),
    "shortlisted": ("invited_to_interview", "Invite {name} to interview"),
    "invited_to_interview": ("interviewed", "Mark {name} as interviewed"),
    "interviewed": ("offered", "Make {name} an offer"),
    "offered": ("hired", "Mark {name} as hired"),
}


def next_step(stage: str | None) -> tuple[str, str] | None:
    """(stage to move to, button text with a "{name}" slot) for an application at ``stage``, or None
    when it is closed."""
    return NEXT_STEPS.get(stage or "")


def button_parts(label: str) -> tuple[str, str]:
    """The visible text either side of the hidden name: "Invite {name} to interview" gives
    ("Invite", " to interview"), shown as "Invite to interview", heard as "Invite Chloe Adams to interview"."""
    before, _, after = label.partition("{name}")
    return before.rstrip(), after


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _days(days: tuple[int, ...]) -> str:
    """"Mon", "Mon and Wed", "Mon to Wed", "Mon to Wed and Fri": runs of 3+ days become ranges."""
    runs: list[list[int]] = []
    for day in days:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    words: list[str] = []
    for run in runs:
        if len(run) >= 3:
            words.append(f"{SHORT_DAYS[run[0]]} to {SHORT_DAYS[run[-1]]}")
        else:
            words.extend(SHORT_DAYS[d] for d in run)
    return _and(words)


def _group(slots: set[tuple[int, str]], group: tuple[int, ...], name: str) -> list[str]:
    """Phrases for one part of the week (weekdays or the weekend), parts with the same days together."""
    by_days: dict[tuple[int, ...], list[str]] = {}
    for part in DAY_PARTS:
        days = tuple(d for d in group if (d, part) in slots)
        if days:
            by_days.setdefault(days, []).append(part)
    phrases = []
    for days, parts in by_days.items():
        whole = days == group
        if len(parts) == len(DAY_PARTS):
            phrases.append(f"{name}s" if whole else f"{_days(days)} (all day)")
        else:
            when = _and([_PLURAL[p] for p in parts])
            phrases.append(f"{name} {when}" if whole else f"{_days(days)} {when}")
    return phrases


def availability_summary(slots: Iterable[tuple[int, str]] | None) -> str:
    """When someone is free, in a few words: "any time", "evenings only", "weekday mornings, weekends",
    "Mon to Wed mornings, Sat afternoons". ``slots`` are (day 0 = Monday .. 6, part of day) pairs;
    anything else is ignored."""
    week = {(d, p) for d, p in (slots or ()) if d in range(7) and p in DAY_PARTS}
    if not week:
        return NOT_GIVEN
    if len(week) == 7 * len(DAY_PARTS):
        return ANY_TIME
    parts = [p for p in DAY_PARTS if any(slot[1] == p for slot in week)]
    if all((d, p) in week for p in parts for d in range(7)):  # the same parts of every day
        return _and([_PLURAL[p] for p in parts]) + " only"
    return ", ".join(_group(week, WEEKDAYS, "weekday") + _group(week, WEEKEND, "weekend"))
