"""People signing up for taster sessions, their guardians' consent, and what came after."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outreach import clock
from outreach.extensions import db
from outreach.models.types import UTCDateTime, public_id_column

SIGNUP_STATUSES = ("pending_consent", "pending_provider", "confirmed", "waitlisted", "cancelled", "declined",
                   "expired")
HOLDS_PLACE = ("pending_consent", "pending_provider", "confirmed")
ACTIVE = HOLDS_PLACE + ("waitlisted",)
SIGNUP_STATUS_LABELS = {
    "pending_consent": "Waiting for a parent or guardian",
    "pending_provider": "Waiting for the provider",
    "confirmed": "Confirmed",
    "waitlisted": "On the waiting list",
    "cancelled": "Cancelled",
    "declined": "Declined",
    "expired": "Expired",
}
CANCELLED_BY = ("visitor", "provider", "guardian", "system")
CONSENT_DECISIONS = ("consented", "declined")
FEEDBACK_AUTHORS = ("visitor", "provider")


class SignUp(db.Model):
    __tablename__ = "taster_signups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = public_id_column()
    session_id: Mapped[int] = mapped_column(
        ForeignKey("taster_sessions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False, index=True)
    waitlist_position: Mapped[int | None] = mapped_column(Integer)
    needs_consent: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    access_needs: Mapped[str | None] = mapped_column(String(500))
    provider_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    provider_accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_by: Mapped[str | None] = mapped_column(String(10))
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    cancel_reason: Mapped[str | None] = mapped_column(String(40))
    attended: Mapped[bool | None] = mapped_column(Boolean)
    attendance_marked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attendance_marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now,
                                                 onupdate=clock.now)

    session: Mapped["TasterSession"] = relationship(lazy="joined")  # noqa: F821
    user: Mapped["User"] = relationship(foreign_keys=[user_id])  # noqa: F821
    consent: Mapped["GuardianConsent | None"] = relationship(
        back_populates="signup", uselist=False, cascade="all, delete-orphan"
    )
    observed_values: Mapped["ObservedValues | None"] = relationship(
        back_populates="signup", uselist=False, cascade="all, delete-orphan"
    )
    feedback: Mapped[list["TasterFeedback"]] = relationship(back_populates="signup", cascade="all, delete-orphan")

    @property
    def status_label(self) -> str:
        return SIGNUP_STATUS_LABELS.get(self.status, self.status)

    @property
    def holds_place(self) -> bool:
        return self.status in HOLDS_PLACE

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    def feedback_by(self, author: str) -> "TasterFeedback | None":
        return next((f for f in self.feedback if f.author == author), None)


class GuardianConsent(db.Model):
    """A parent's or guardian's consent for an under-18's sign-up.

    The guardian needs no account: they get a random, expiring link whose hash is kept
    here. Their name and email are removed 30 days after the decision (nullable columns).
    """

    __tablename__ = "taster_guardian_consents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    signup_id: Mapped[int] = mapped_column(
        ForeignKey("taster_signups.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    guardian_name: Mapped[str | None] = mapped_column(String(120))
    guardian_email: Mapped[str | None] = mapped_column(String(254))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decision: Mapped[str | None] = mapped_column(String(10))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    copy_school: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    school_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id", ondelete="SET NULL"))
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)

    signup: Mapped[SignUp] = relationship(back_populates="consent")
    school: Mapped["Organisation | None"] = relationship()  # noqa: F821


class ObservedValues(db.Model):
    """The supervisor's quick rating of the values they saw; shown only if the visitor chooses."""

    __tablename__ = "taster_observed_values"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    signup_id: Mapped[int] = mapped_column(
        ForeignKey("taster_signups.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    ratings: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)  # value key -> 0..3
    rated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    rated_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)
    shared_by_visitor: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    shared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    signup: Mapped[SignUp] = relationship(back_populates="observed_values")


class TasterFeedback(db.Model):
    """Short feedback after a taster, one from the visitor and one from the provider."""

    __tablename__ = "taster_feedback"
    __table_args__ = (UniqueConstraint("signup_id", "author"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    signup_id: Mapped[int] = mapped_column(ForeignKey("taster_signups.id", ondelete="CASCADE"), nullable=False)
    author: Mapped[str] = mapped_column(String(10), nullable=False)
    consider_care: Mapped[int | None] = mapped_column(Integer)  # visitor: 1 (no) .. 5 (definitely)
    enjoyed: Mapped[str | None] = mapped_column(Text)  # visitor: what they enjoyed
    rating: Mapped[int | None] = mapped_column(Integer)  # provider: how the visit went, 1..5
    comment: Mapped[str | None] = mapped_column(Text)  # provider: kept inside CareWays, never sent to the visitor
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)

    signup: Mapped[SignUp] = relationship(back_populates="feedback")
