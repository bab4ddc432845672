"""The ``questionnaire_nudge`` job: nudge applicants with an unfinished values questionnaire (the rules
live in outreach/questionnaire/nudges.py). Held during quiet hours (21:00-08:00 UK)."""
from __future__ import annotations

from datetime import datetime

from outreach.jobs.base import JobResult, for_each_row
from outreach.jobs.timing import is_quiet
from outreach.questionnaire import nudges


def nudge_unfinished(now: datetime) -> JobResult:
    if is_quiet(now):
        return JobResult()
    return for_each_row(nudges.due(now), lambda response_id: nudges.nudge(response_id, now), JobResult(),
                        "questionnaire nudge")
