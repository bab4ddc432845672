"""A scheduled job, what one run did, and the cadences jobs are given.

Cadences are APScheduler trigger arguments built by ``every``, ``daily`` and ``hourly_in_the_day``;
clock times are UK time (``Europe/London``, so they follow British Summer Time)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Iterable

from flask import current_app

from outreach.extensions import db
from outreach.jobs.timing import QUIET_FROM, QUIET_UNTIL

UK_TIME = "Europe/London"


def every(*, seconds: int = 0, minutes: int = 0, hours: int = 0) -> dict:
    """A fixed interval, for work that must be prompt whatever the hour (email delivery, held places)."""
    interval = {name: value for name, value in (("hours", hours), ("minutes", minutes), ("seconds", seconds)) if value}
    return {"trigger": "interval", **interval}


def daily(hour: int, minute: int = 0) -> dict:
    """Once a day at a fixed UK time."""
    return {"trigger": "cron", "hour": hour, "minute": minute, "timezone": UK_TIME}


def hourly_in_the_day(minute: int = 0) -> dict:
    """Every hour outside quiet hours (08:00 to 20:59 UK time), for emails that should not wait a day."""
    return {"trigger": "cron", "hour": f"{QUIET_UNTIL.hour}-{QUIET_FROM.hour - 1}", "minute": minute,
            "timezone": UK_TIME}


@dataclass
class JobResult:
    processed: int = 0
    emails_queued: int = 0
    failures: int = 0


@dataclass(frozen=True)
class Job:
    name: str
    description: str
    func: Callable[[datetime], JobResult]
    schedule: dict  # APScheduler trigger arguments: every(...), daily(...) or hourly_in_the_day(...)

    @property
    def schedule_text(self) -> str:
        """The cadence in words, e.g. "every 20 seconds" or "daily at 08:30 UK time"."""
        schedule = self.schedule
        if schedule["trigger"] == "interval":
            parts = [name[:-1] if value == 1 else f"{value} {name}" for name, value in schedule.items()
                     if name != "trigger"]
            return "every " + " ".join(parts)
        minute = int(schedule["minute"])
        hour = schedule["hour"]
        if isinstance(hour, int):
            return f"daily at {hour:02d}:{minute:02d} UK time"
        first, last = (int(h) for h in hour.split("-"))
        return f"hourly from {first:02d}:{minute:02d} to {last:02d}:{minute:02d} UK time"


def for_each_row(ids: Iterable, work: Callable[[object], bool], result: JobResult, what: str) -> JobResult:
    """Run work(id) per row in its own transaction; one failure never stops the rest (it is retried on
    the next run). ``work`` returns True when it queued an email."""
    db.session.rollback()
    for row_id in ids:
        result.processed += 1
        try:
            if work(row_id):
                result.emails_queued += 1
            db.session.commit()
        except Exception:  # retried on the next run
            db.session.rollback()
            result.failures += 1
            current_app.logger.exception("%s failed for %s", what, row_id)
    return result
