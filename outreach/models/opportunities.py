"""Opportunities a provider offers: tasters now, vacancies and apprenticeships later.

One table holds every kind so search, matching (desired values) and the public API
treat them alike. Taster-only columns are nullable so vacancies can share the table.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outreach import clock
from outreach.extensions import db
from outreach.models.types import UTCDateTime, public_id_column

OPPORTUNITY_KINDS = ("buddy", "volunteer", "shadowing", "insight", "virtual", "apprenticeship", "job")
TASTER_KINDS = ("buddy", "volunteer", "shadowing", "insight", "virtual")
KIND_LABELS = {
    "buddy": "Buddy shift",
    "volunteer": "Volunteering",
    "shadowing": "Shadowing",
    "insight": "Insight day",
    "virtual": "Virtual insight session",
    "apprenticeship": "Apprenticeship",
    "job": "Job",
}
OPPORTUNITY_STATUSES = ("draft", "pending", "published", "closed")
STATUS_LABELS = {"draft": "Draft", "pending": "Waiting for approval", "published": "Published", "closed": "Closed"}
MIN_AGES = (14, 16, 18)
SESSION_STATUSES = ("open", "cancelled")


class Opportunity(db.Model):
    __tablename__ = "opportunities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = public_id_column()
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    role_slug: Mapped[str | None] = mapped_column(String(60))
    title: Mapped[str] = mapped_column(String(120), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    setting: Mapped[str | None] = mapped_column(String(20))
    postcode: Mapped[str | None] = mapped_column(String(8))
    postcode_sector: Mapped[str | None] = mapped_column(String(8))
    postcode_district: Mapped[str | None] = mapped_column(String(4))
    latitude: Mapped[float | None] = mapped_column(Float, index=True)
    longitude: Mapped[float | None] = mapped_column(Float)
    min_age: Mapped[int] = mapped_column(Integer, nullable=False, default=16)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="draft", index=True)
    desired_values: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now,
                                                 onupdate=clock.now)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    review_note: Mapped[str | None] = mapped_column(String(500))
    # Taster details
    what_to_wear: Mapped[str | None] = mapped_column(Text)
    accessibility: Mapped[str | None] = mapped_column(Text)
    will_do: Mapped[str | None] = mapped_column(Text)
    will_not_do: Mapped[str | None] = mapped_column(Text)
    dbs_required: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    safeguarding_contact_name: Mapped[str | None] = mapped_column(String(120))
    safeguarding_contact: Mapped[str | None] = mapped_column(String(254))  # an email address or phone number

    organisation: Mapped["Organisation"] = relationship(lazy="joined")  # noqa: F821
    sessions: Mapped[list["TasterSession"]] = relationship(
        back_populates="opportunity", order_by="TasterSession.starts_at", cascade="all, delete-orphan"
    )
    risk_assessment: Mapped["RiskAssessment | None"] = relationship(
        back_populates="opportunity", uselist=False, cascade="all, delete-orphan"
    )

    @property
    def is_taster(self) -> bool:
        return self.kind in TASTER_KINDS

    @property
    def is_virtual(self) -> bool:
        return self.kind == "virtual"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def setting_label(self) -> str | None:
        from outreach.models.organisations import PROVIDER_TYPES

        return PROVIDER_TYPES.get(self.setting) if self.setting else None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def is_public(self) -> bool:
        return self.status == "published" and self.organisation.is_approved

    @property
    def is_unpublished_draft(self) -> bool:
        """A draft that was never public: the only kind that may be deleted (if nobody is on it)."""
        return self.status == "draft" and self.published_at is None

    @property
    def admits_minors(self) -> bool:
        return self.min_age < 18


class RiskAssessment(db.Model):
    """The provider's written risk assessment for one taster; its findings go to guardians."""

    __tablename__ = "taster_risk_assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    activities: Mapped[str] = mapped_column(Text, nullable=False)
    hazards: Mapped[list] = mapped_column(JSON, nullable=False, default=list)  # [{"hazard": ..., "control": ...}]
    findings: Mapped[str] = mapped_column(Text, nullable=False)
    assessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    assessed_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)

    opportunity: Mapped[Opportunity] = relationship(back_populates="risk_assessment")


class TasterSession(db.Model):
    """One date and time of a taster, with a fixed number of places and a named supervisor.

    ``places_taken`` counts sign-ups holding a place (waiting for consent, waiting for the
    provider, or confirmed). It only changes by atomic UPDATEs on a locked row, and the
    check constraint makes overbooking impossible even if a bug tried.
    """

    __tablename__ = "taster_sessions"
    __table_args__ = (
        CheckConstraint("places_taken >= 0 AND places_taken <= places", name="places_within_capacity"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = public_id_column()
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), nullable=False, index=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    places: Mapped[int] = mapped_column(Integer, nullable=False)
    places_taken: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    supervisor_name: Mapped[str] = mapped_column(String(120), nullable=False)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now,
                                                 onupdate=clock.now)

    opportunity: Mapped[Opportunity] = relationship(back_populates="sessions")

    @property
    def places_left(self) -> int:
        return max(0, self.places - self.places_taken)

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def has_started(self, now: datetime | None = None) -> bool:
        return self.starts_at <= (now or clock.now())
