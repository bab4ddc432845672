"""One row per reminder ever sent, so a job run twice (or two schedulers) never repeats one."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from outreach import clock
from outreach.extensions import db
from outreach.models.types import UTCDateTime


class ReminderSent(db.Model):
    __tablename__ = "reminders_sent"
    __table_args__ = (UniqueConstraint("job", "subject", "step"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job: Mapped[str] = mapped_column(String(60), nullable=False)
    subject: Mapped[str] = mapped_column(String(80), nullable=False)
    step: Mapped[str] = mapped_column(String(40), nullable=False)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)
