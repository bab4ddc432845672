"""What a job or apprenticeship needs beyond a taster: hours, pay, training and closing date.

A vacancy is an ``Opportunity`` row of kind "apprenticeship" or "job" (so search, matching and
approval treat every post alike) plus one ``VacancyDetails`` row here for the vacancy-only facts.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outreach import clock
from outreach.extensions import db
from outreach.models.types import UTCDateTime

VACANCY_KINDS = ("apprenticeship", "job")
PAY_TYPES = {"hourly": "An hour", "annual": "A year"}
PAY_AGE_BANDS = {
    "21_plus": "Everyone (at least the National Living Wage, 21 and over)",
    "18_20": "People aged 18 to 20",
    "under_18": "People aged 16 or 17",
    "apprentice": "Apprentices (the apprentice rate)",
}
APPRENTICESHIP_LEVELS = (2, 3, 4, 5, 6, 7)


class VacancyDetails(db.Model):
    __tablename__ = "vacancy_details"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    hours_per_week: Mapped[float] = mapped_column(Float, nullable=False)
    shift_pattern: Mapped[str] = mapped_column(String(300), nullable=False)
    shift_slots: Mapped[list] = mapped_column(JSON, nullable=False, default=list)  # [[day 0-6, "morning"], ...]
    pay_type: Mapped[str] = mapped_column(String(10), nullable=False)
    pay_pence: Mapped[int] = mapped_column(Integer, nullable=False)  # per hour or per year, as pay_type says
    pay_age_band: Mapped[str] = mapped_column(String(12), nullable=False)
    apprenticeship_standard: Mapped[str | None] = mapped_column(String(120))
    apprenticeship_level: Mapped[int | None] = mapped_column(Integer)
    apprenticeship_months: Mapped[int | None] = mapped_column(Integer)
    training_provider: Mapped[str | None] = mapped_column(String(120))
    driving_licence_required: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    closing_date: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    motivation_questions: Mapped[list] = mapped_column(JSON, nullable=False, default=list)  # question keys
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now,
                                                 onupdate=clock.now)

    opportunity: Mapped["Opportunity"] = relationship(lazy="joined")  # noqa: F821

    @property
    def is_apprenticeship(self) -> bool:
        return self.opportunity.kind == "apprenticeship"

    @property
    def pay_text(self) -> str:
        pounds = self.pay_pence / 100
        if self.pay_type == "annual":
            return f"£{pounds:,.0f} a year" if self.pay_pence % 100 == 0 else f"£{pounds:,.2f} a year"
        return f"£{pounds:,.2f} an hour"

    @property
    def hours_text(self) -> str:
        hours = f"{self.hours_per_week:g}"
        return f"{hours} hours a week"

    def is_open_on(self, day: date) -> bool:
        return self.closing_date >= day
