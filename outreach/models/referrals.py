"""Recommend-a-friend: personal links, the friends they bring (leads), stage history and reward points.

The points ledger is append-only: entries are never updated or deleted (an ORM guard here and a
database trigger in the migration). Corrections, if ever needed, are new entries.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from outreach import clock
from outreach.extensions import db
from outreach.models.types import UTCDateTime, public_id_column

TARGET_KINDS = ("provider", "vacancy", "taster")
LEAD_SOURCES = ("link", "staff_entry")

# In pipeline order. "left" means hired, then left the provider.
LEAD_STAGES = {
    "new": "New",
    "contacted": "Contacted",
    "applied": "Applied",
    "interviewed": "Interviewed",
    "hired": "Hired",
    "employed_3m": "Still employed at 3 months",
    "employed_6m": "Still employed at 6 months",
    "declined": "Declined",
    "cold": "Gone cold",
    "left": "Left",
}
PROGRESS_ORDER = ("new", "contacted", "applied", "interviewed", "hired", "employed_3m", "employed_6m")
CLOSED_STAGES = ("declined", "cold", "left")
ACTIVE_STAGES = PROGRESS_ORDER  # in the pipeline (or working there): cannot be referred again
WAITING_STAGES = ("new", "contacted")  # waiting for the friend or the recruiter to act
# Stages that can earn the referrer points, in order ("new" is the share itself).
POINT_STAGES = ("new", "applied", "interviewed", "hired", "employed_3m", "employed_6m")


class ReferralLink(db.Model):
    """A staff member's personal link for the provider in general, a vacancy or a taster."""

    __tablename__ = "referral_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = public_id_column()
    code: Mapped[str] = mapped_column(String(16), unique=True, nullable=False)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    target_kind: Mapped[str] = mapped_column(String(10), nullable=False, default="provider")
    target_public_id: Mapped[str | None] = mapped_column(String(24))
    target_title: Mapped[str | None] = mapped_column(String(160))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)

    organisation = relationship("Organisation", lazy="joined")
    user = relationship("User")


class Lead(db.Model):
    """A friend recommended to a provider. Contact details are erased when no longer needed;
    keyed digests of the email and phone stay a while longer so the 12-month fair rules still work."""

    __tablename__ = "leads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = public_id_column()
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    link_id: Mapped[int | None] = mapped_column(ForeignKey("referral_links.id", ondelete="SET NULL"), index=True)
    referrer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    source: Mapped[str] = mapped_column(String(12), nullable=False, default="link")
    friend_name: Mapped[str] = mapped_column(String(120), nullable=False)
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(20))
    email_digest: Mapped[str | None] = mapped_column(String(64), index=True)
    phone_digest: Mapped[str | None] = mapped_column(String(64), index=True)
    role_slug: Mapped[str | None] = mapped_column(String(60))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the friend proved the email is theirs (the emailed link, or applying from that verified
    # address). No points are earned for a lead before this, so nobody earns points for themselves.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    stage: Mapped[str] = mapped_column(String(12), nullable=False, default="new", index=True)
    stage_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now, index=True)
    new_to_care: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    hired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cold_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The friend's application that moved this lead; its 3- and 6-month checks answer the lead's too.
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id", ondelete="SET NULL"),
                                                       index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)

    organisation = relationship("Organisation", lazy="joined")
    referrer = relationship("User")
    link: Mapped[ReferralLink | None] = relationship()

    @property
    def first_name(self) -> str:
        return (self.friend_name or "").split(" ")[0] or "Your friend"

    @property
    def stage_label(self) -> str:
        if self.stage == "new" and self.confirmed_at is None:
            return "Waiting for your friend to confirm"
        return LEAD_STAGES.get(self.stage, self.stage)

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class LeadStageChange(db.Model):
    __tablename__ = "lead_stage_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), nullable=False, index=True)
    from_stage: Mapped[str | None] = mapped_column(String(12))
    to_stage: Mapped[str] = mapped_column(String(12), nullable=False)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)
    reason: Mapped[str | None] = mapped_column(String(300))

    by = relationship("User")


class PointsEntry(db.Model):
    """Append-only ledger of reward points. (lead, reason) is unique so an award is never repeated."""

    __tablename__ = "points_entries"
    __table_args__ = (UniqueConstraint("lead_id", "reason"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), nullable=False, index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id"))
    points: Mapped[int] = mapped_column(Integer, nullable=False)
    reason: Mapped[str] = mapped_column(String(40), nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)


class ReferralSettings(db.Model):
    """Each provider's reward points per stage, new-to-care bonus, monthly cap and leaderboard switch."""

    __tablename__ = "referral_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    points_new: Mapped[int] = mapped_column(Integer, nullable=False, default=5)
    points_applied: Mapped[int] = mapped_column(Integer, nullable=False, default=10)
    points_interviewed: Mapped[int] = mapped_column(Integer, nullable=False, default=20)
    points_hired: Mapped[int] = mapped_column(Integer, nullable=False, default=100)
    points_employed_3m: Mapped[int] = mapped_column(Integer, nullable=False, default=100)
    points_employed_6m: Mapped[int] = mapped_column(Integer, nullable=False, default=200)
    new_to_care_bonus: Mapped[int] = mapped_column(Integer, nullable=False, default=50)
    monthly_share_cap: Mapped[int | None] = mapped_column(Integer, default=50)  # see points.DEFAULT_MONTHLY_SHARE_CAP
    leaderboard_enabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    def points_for(self, stage: str) -> int:
        return int(getattr(self, f"points_{stage}", 0) or 0)


class LeaderboardOptIn(db.Model):
    """A staff member who agreed to appear on their provider's leaderboard."""

    __tablename__ = "leaderboard_opt_ins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True, nullable=False)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)


class LedgerIsAppendOnly(Exception):
    pass


@event.listens_for(PointsEntry, "before_update")
def _no_update(mapper, connection, target):
    raise LedgerIsAppendOnly("points entries are never changed; add a new entry instead")


@event.listens_for(PointsEntry, "before_delete")
def _no_delete(mapper, connection, target):
    raise LedgerIsAppendOnly("points entries are never deleted")


@event.listens_for(Session, "do_orm_execute")
def _no_bulk_change(state):
    if (state.is_update or state.is_delete) and state.bind_mapper is not None \
            and state.bind_mapper.class_ is PointsEntry:
        raise LedgerIsAppendOnly("points entries are never changed or deleted")
