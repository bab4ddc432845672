"""Values questionnaire responses and who a person has shared their values profile with."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outreach import clock
from outreach.extensions import db
from outreach.models.types import UTCDateTime, public_id_column

_ACTIVE_RESPONSE = text("completed_at IS NULL")
_ACTIVE_SHARE = text("revoked_at IS NULL")


class QuestionnaireResponse(db.Model):
    """One attempt at the questionnaire, scored with the bank version it was taken on.

    ``answers`` maps item id to an option id (scenario) or 1-5 (statement). ``option_order``
    is the shuffled display order of each scenario's options for this attempt, generated
    once from ``seed`` so it never changes between visits. A person has at most one
    unfinished response (enforced by a partial unique index); finished ones are kept and
    the latest is their values profile.
    """

    __tablename__ = "questionnaire_responses"
    __table_args__ = (
        Index("uq_questionnaire_responses_active_user_id", "user_id", unique=True,
              sqlite_where=_ACTIVE_RESPONSE, postgresql_where=_ACTIVE_RESPONSE),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = public_id_column()
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    bank_version: Mapped[str] = mapped_column(String(12), nullable=False)
    seed: Mapped[str] = mapped_column(String(32), nullable=False)
    option_order: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    answers: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    scores: Mapped[dict | None] = mapped_column(JSON)

    user: Mapped["User"] = relationship()  # noqa: F821

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class ValuesShare(db.Model):
    """A person's consent for one provider to see their values profile (and perhaps answers).

    Revoking sets ``revoked_at``; the row stays as a record of what was shared and when.
    At most one active share per person and organisation.
    """

    __tablename__ = "values_shares"
    __table_args__ = (
        Index("uq_values_shares_active_user_id", "user_id", "organisation_id", unique=True,
              sqlite_where=_ACTIVE_SHARE, postgresql_where=_ACTIVE_SHARE),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = public_id_column()
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    include_raw_answers: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped["User"] = relationship()  # noqa: F821
    organisation: Mapped["Organisation"] = relationship(lazy="joined")  # noqa: F821

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
