"""Job titles recruiters typed beside the role they chose: what the role taxonomy learns from."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from outreach import clock
from outreach.extensions import db
from outreach.models.types import UTCDateTime

TITLE_DECISIONS = ("synonym", "no_role", "dismissed")


class TitleChoice(db.Model):
    """One typed title the engine did not recognise as the role the recruiter then picked.

    ``title_key`` groups the same title however it was capitalised or spaced. ``role_slug`` is None
    when the recruiter chose "no particular role". ``decision`` is set for the whole group by an admin.
    """

    __tablename__ = "title_choices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(120), nullable=False)  # as typed (trimmed)
    title_key: Mapped[str] = mapped_column(String(120), nullable=False, index=True)
    role_slug: Mapped[str | None] = mapped_column(String(80))
    guessed_slug: Mapped[str | None] = mapped_column(String(80))  # what the engine suggested at the time
    kind: Mapped[str] = mapped_column(String(20), nullable=False)  # "vacancy" or "taster"
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)
    decision: Mapped[str | None] = mapped_column(String(20), index=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
