"""How long the values questionnaire takes, worked out from the question bank itself.

Every page and message that gives a time uses ``minutes_to_finish`` (templates call the
``questionnaire_minutes()`` global), so the figure follows the bank when questions are added or
removed and never disagrees from one page to the next.
"""
from __future__ import annotations

from outreach.content.questionnaire import Bank, Scenario
from outreach.questionnaire import bank as banks

SECONDS_PER_SCENARIO = 40  # read a short story from care work and choose the best and worst option
SECONDS_PER_STATEMENT = 15  # agree or disagree with one short statement


def minutes_to_finish(bank: Bank, practice: bool = False) -> int:
    """Minutes, rounded: to the nearest minute under 10, otherwise to the nearest 5 (never below 1)."""
    seconds = sum(SECONDS_PER_SCENARIO if isinstance(item, Scenario) else SECONDS_PER_STATEMENT
                  for item in banks.items(bank, practice=practice))
    minutes = seconds / 60
    if minutes < 10:
        return max(1, round(minutes))
    return int(5 * round(minutes / 5))


def current_minutes(practice: bool = False) -> int:
    """The figure for the bank people take today (needs an app context)."""
    from outreach.questionnaire import store

    return minutes_to_finish(store.current_bank(archive=False), practice=practice)
