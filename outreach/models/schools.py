"""Care-ambassador talks: providers opt in with a travel radius; schools ask for a talk or visit."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outreach import clock
from outreach.extensions import db
from outreach.models.types import UTCDateTime, public_id_column

TALK_STATUSES = ("open", "accepted", "delivered", "cancelled", "expired")
# What a school may ask for, as the schools page promises; a virtual talk has no distance limit.
TALK_KINDS = {
    "talk": "A talk or assembly in school",
    "panel": "A question and answer panel",
    "fair": "A careers fair stand run by a local care provider",
    "lesson": "A classroom lesson led by a care ambassador",
    "virtual": "A virtual talk, online",
    "visit": "A visit for a small group to a care service",
}
KIND_NOUNS = {"talk": "talk", "panel": "panel", "fair": "careers fair stand", "lesson": "classroom lesson",
              "virtual": "virtual talk", "visit": "visit"}
YEAR_GROUPS = tuple(range(5, 14))  # Year 5 to Year 13


class AmbassadorProfile(db.Model):
    __tablename__ = "ambassador_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"),
                                                 unique=True, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    radius_km: Mapped[int] = mapped_column(Integer, nullable=False, default=15)
    topics: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)

    organisation: Mapped["Organisation"] = relationship(lazy="joined")  # noqa: F821


class TalkRequest(db.Model):
    __tablename__ = "talk_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = public_id_column()
    school_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False,
                                           index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(10), nullable=False)  # a key of TALK_KINDS
    year_groups: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    first_choice: Mapped[date] = mapped_column(Date, nullable=False)
    second_choice: Mapped[date | None] = mapped_column(Date)
    pupils_expected: Mapped[int] = mapped_column(Integer, nullable=False)
    topics: Mapped[str] = mapped_column(Text, nullable=False)
    notes: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="open", index=True)
    accepted_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    pupils_reached: Mapped[int | None] = mapped_column(Integer)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)
    # Widening: asked once when no provider has taken it; only the school's agreement sets extra_km.
    widen_asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    extra_km: Mapped[int] = mapped_column(Integer, nullable=False, default=0, server_default="0")
    widened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    school: Mapped["Organisation"] = relationship(foreign_keys=[school_id], lazy="joined")  # noqa: F821
    accepted_org: Mapped["Organisation | None"] = relationship(foreign_keys=[accepted_org_id])  # noqa: F821


class TalkRequestNotice(db.Model):
    """Which ambassador providers a request was sent to: only they may accept it."""

    __tablename__ = "talk_request_notices"
    __table_args__ = (UniqueConstraint("request_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("talk_requests.id", ondelete="CASCADE"), nullable=False)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"),
                                                 nullable=False, index=True)
    distance_km: Mapped[float] = mapped_column(nullable=False)
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # None on rows from before 0014
