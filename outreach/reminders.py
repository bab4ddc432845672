"""Claim a reminder exactly once.

A job calls ``claim(job, subject, step)`` inside the transaction that queues its
email. The unique (job, subject, step) row means that two schedulers at once, a
crash mid-run or a second run can never send the same reminder twice: the loser's
insert conflicts and it skips.
"""
from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite

from outreach import clock
from outreach.extensions import db
from outreach.models.reminders import ReminderSent


def claim(job: str, subject: str, step: str) -> bool:
    """Record the reminder; True if this caller is the first (and so should send it)."""
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(ReminderSent)
        .values(job=job, subject=str(subject)[:80], step=step[:40], sent_at=clock.now())
        .on_conflict_do_nothing(index_elements=["job", "subject", "step"])
        .returning(ReminderSent.id)
    )
    return db.session.execute(statement).first() is not None
