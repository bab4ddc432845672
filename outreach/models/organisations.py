"""Care providers and schools, the people in them, and invitations to join."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outreach import clock
from outreach.extensions import db
from outreach.models.types import UTCDateTime, public_id_column

ORG_KINDS = ("provider", "school")
PROVIDER_TYPES = {
    "care_home": "Care home",
    "nursing_home": "Nursing home",
    "home_care": "Home care",
    "supported_living": "Supported living",
    "day_service": "Day service",
    "other": "Other",
}
ORG_STATUSES = ("pending", "approved", "rejected", "suspended")
PROVIDER_ROLES = {"owner": "Owner", "recruiter": "Recruiter", "staff": "Staff"}
SCHOOL_ROLES = {"owner": "Lead contact", "staff": "Colleague"}


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = public_id_column()
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    provider_type: Mapped[str | None] = mapped_column(String(20))
    cqc_location_id: Mapped[str | None] = mapped_column(String(20))
    postcode: Mapped[str] = mapped_column(String(8), nullable=False)
    postcode_sector: Mapped[str] = mapped_column(String(8), nullable=False)
    postcode_district: Mapped[str] = mapped_column(String(4), nullable=False)
    latitude: Mapped[float] = mapped_column(Float, nullable=False)
    longitude: Mapped[float] = mapped_column(Float, nullable=False)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="pending")
    status_reason: Mapped[str | None] = mapped_column(String(500))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)

    memberships: Mapped[list["Membership"]] = relationship(back_populates="organisation")

    @property
    def is_approved(self) -> bool:
        return self.status == "approved"

    @property
    def type_label(self) -> str:
        if self.kind == "school":
            return "School or college"
        return PROVIDER_TYPES.get(self.provider_type or "other", "Other")


class Membership(db.Model):
    """A person's place in one organisation. A person belongs to at most one."""

    __tablename__ = "memberships"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    role: Mapped[str] = mapped_column(String(12), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)

    user: Mapped["User"] = relationship(back_populates="membership")  # noqa: F821
    organisation: Mapped[Organisation] = relationship(back_populates="memberships", lazy="joined")


class Invitation(db.Model):
    """An emailed invitation to join an organisation. Only the token's hash is stored.

    ``sent_at`` is empty while the email is held: a pending organisation's invitations are
    emailed when CareWays approves it."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = public_id_column()
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    email: Mapped[str] = mapped_column(String(254), nullable=False)
    role: Mapped[str] = mapped_column(String(12), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organisation: Mapped[Organisation] = relationship()
