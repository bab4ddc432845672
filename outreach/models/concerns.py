"""Concerns reported through "Report a concern", for the platform's safeguarding lead."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from outreach import clock
from outreach.extensions import db
from outreach.models.types import UTCDateTime, public_id_column


class Concern(db.Model):
    __tablename__ = "concerns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = public_id_column()
    about: Mapped[str] = mapped_column(String(20), nullable=False)
    details: Mapped[str] = mapped_column(Text, nullable=False)
    page: Mapped[str | None] = mapped_column(String(300))
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    contact: Mapped[str | None] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="open")
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)
