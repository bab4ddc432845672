"""Applicants' matching profiles, their applications, every stage change, recruiters' notes,
invitations to apply sent to people who chose to be discoverable, and whether each hire was
still employed 3 and 6 months on."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outreach import clock
from outreach.extensions import db
from outreach.models.types import UTCDateTime, public_id_column

STAGES = ("applied", "shortlisted", "invited_to_interview", "interviewed", "offered", "hired", "rejected",
          "withdrawn")
STAGE_LABELS = {
    "applied": "Applied",
    "shortlisted": "Shortlisted",
    "invited_to_interview": "Invited to interview",
    "interviewed": "Interviewed",
    "offered": "Offered the job",
    "hired": "Hired",
    "rejected": "Not taken forward",
    "withdrawn": "Withdrawn",
}
CLOSED_STAGES = ("hired", "rejected", "withdrawn")
OPEN_STAGES = tuple(s for s in STAGES if s not in CLOSED_STAGES)
RECRUITER_STAGES = tuple(s for s in STAGES if s != "withdrawn")  # only the applicant withdraws
EMAILED_STAGES = ("shortlisted", "invited_to_interview", "offered", "hired", "rejected")
MILESTONES = ("3m", "6m")  # employment checks after a hire, in order
MILESTONE_LABELS = {"3m": "3 months", "6m": "6 months"}


class ApplicantProfile(db.Model):
    """What the matching engine needs about a person, beyond their account and questionnaire.

    Minimal on purpose: no protected characteristics. ``latitude``/``longitude`` are the
    centroid of the person's postcode *sector* (``User.postcode_sector``), kept here only so
    "discoverable people near a vacancy" can be narrowed in SQL.
    """

    __tablename__ = "applicant_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True, nullable=False)
    desired_roles: Mapped[list] = mapped_column(JSON, nullable=False, default=list)  # typed titles
    interests: Mapped[str] = mapped_column(Text, nullable=False, default="")
    experience: Mapped[str] = mapped_column(Text, nullable=False, default="")
    max_travel_km: Mapped[float | None] = mapped_column(Float)
    availability: Mapped[list] = mapped_column(JSON, nullable=False, default=list)  # [[day 0-6, "morning"], ...]
    driving_licence: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    discoverable: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    personalised_matches: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    latitude: Mapped[float | None] = mapped_column(Float, index=True)
    longitude: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now,
                                                 onupdate=clock.now)

    user: Mapped["User"] = relationship()  # noqa: F821


class Application(db.Model):
    """One person's application for one vacancy. The engine ranks it; people decide its stage."""

    __tablename__ = "applications"
    __table_args__ = (UniqueConstraint("opportunity_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = public_id_column()
    opportunity_id: Mapped[int] = mapped_column(ForeignKey("opportunities.id", ondelete="CASCADE"), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    stage: Mapped[str] = mapped_column(String(24), nullable=False, index=True)
    answers: Mapped[list] = mapped_column(JSON, nullable=False, default=list)  # [{"key", "question", "answer"}]
    values_scores: Mapped[dict | None] = mapped_column(JSON)  # the questionnaire result applied with
    # The finished questionnaire applied with, for showing raw answers if the person agreed.
    questionnaire_response_id: Mapped[int | None] = mapped_column(
        ForeignKey("questionnaire_responses.id", ondelete="SET NULL"))
    share_raw_answers: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # An under-18's parent or guardian: told when they apply and when the provider needs their consent
    # (an interview or an offer). Never shown to the provider; erased with the person.
    guardian_name: Mapped[str | None] = mapped_column(String(120))
    guardian_email: Mapped[str | None] = mapped_column(String(254))
    # When the provider asked them to do the values questionnaire (once per application).
    questionnaire_invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)
    stage_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)
    hired_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)  # first moved to hired
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now,
                                                 onupdate=clock.now)

    opportunity: Mapped["Opportunity"] = relationship(lazy="joined")  # noqa: F821
    user: Mapped["User"] = relationship()  # noqa: F821
    employment_checks: Mapped[list["EmploymentCheck"]] = relationship(
        back_populates="application", order_by="EmploymentCheck.id", cascade="all, delete-orphan",
        passive_deletes=True)
    changes: Mapped[list["ApplicationStageChange"]] = relationship(
        back_populates="application", order_by="ApplicationStageChange.id", cascade="all, delete-orphan")
    notes: Mapped[list["ApplicationNote"]] = relationship(
        back_populates="application", order_by="ApplicationNote.id", cascade="all, delete-orphan")

    @property
    def stage_label(self) -> str:
        return STAGE_LABELS.get(self.stage, self.stage)

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES


class ApplicationStageChange(db.Model):
    """Who moved an application, from what to what, when, and (optionally) why."""

    __tablename__ = "application_stage_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), nullable=False, index=True)
    from_stage: Mapped[str | None] = mapped_column(String(24))
    to_stage: Mapped[str] = mapped_column(String(24), nullable=False)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)
    reason: Mapped[str | None] = mapped_column(String(500))

    application: Mapped[Application] = relationship(back_populates="changes")
    changed_by: Mapped["User | None"] = relationship()  # noqa: F821

    @property
    def to_label(self) -> str:
        return STAGE_LABELS.get(self.to_stage, self.to_stage)

    @property
    def from_label(self) -> str | None:
        return STAGE_LABELS.get(self.from_stage, self.from_stage) if self.from_stage else None


class ApplicationNote(db.Model):
    """A recruiter's note on an application: seen only by that provider's recruiters."""

    __tablename__ = "application_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = public_id_column()
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), nullable=False, index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False, index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # when its author last changed it

    application: Mapped[Application] = relationship(back_populates="notes")
    author: Mapped["User | None"] = relationship()  # noqa: F821


class EmploymentCheck(db.Model):
    """A recruiter's answer to "is this person still working with you?" 3 or 6 months after a hire.

    One row per (application, milestone). Still employed at 6 months implies still employed at 3,
    so one late answer may write both rows; someone who has gone has no later row. The rows stay
    with an anonymised application when the person deletes their account (aggregate evidence).
    """

    __tablename__ = "employment_checks"
    __table_args__ = (UniqueConstraint("application_id", "milestone"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), nullable=False)
    milestone: Mapped[str] = mapped_column(String(2), nullable=False)  # "3m" or "6m"
    still_employed: Mapped[bool] = mapped_column(Boolean, nullable=False)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now, index=True)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    application: Mapped[Application] = relationship(back_populates="employment_checks")
    answered_by: Mapped["User | None"] = relationship()  # noqa: F821

    @property
    def milestone_label(self) -> str:
        return MILESTONE_LABELS.get(self.milestone, self.milestone)


class ApplicationInvitation(db.Model):
    """A provider invited a discoverable person to apply for (or sign up to) an opportunity."""

    __tablename__ = "application_invitations"
    __table_args__ = (UniqueConstraint("opportunity_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = public_id_column()
    opportunity_id: Mapped[int] = mapped_column(ForeignKey("opportunities.id", ondelete="CASCADE"), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)

    opportunity: Mapped["Opportunity"] = relationship(lazy="joined")  # noqa: F821
