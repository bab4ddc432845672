"""Impact reporting: cookie-free daily counters and the voluntary equal-opportunities answers.

``PageViewCount`` holds one row per (kind, role, day, postcode district) with a running count;
``PageViewTotal`` the same added up across roles, which is what the dashboard reads.
No cookie, IP address or person is stored: a visit only bumps a number. ``district`` is ""
when the visitor did not type a postcode (an empty string, not NULL, so the unique key works
for the atomic upsert on both SQLite and PostgreSQL).

``EqualOpportunities`` is kept apart from every other table on purpose: it is voluntary, never
read by matching or by recruiters, and only ever reported in aggregate with groups under 5
suppressed.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from outreach import clock
from outreach.extensions import db
from outreach.models.types import UTCDateTime

COUNTER_KINDS = ("role_view", "quiz")

PREFER_NOT = "prefer_not_to_say"
SEX_CHOICES = {
    "female": "Female",
    "male": "Male",
    "other": "I describe my sex another way",
    PREFER_NOT: "Prefer not to say",
}
# The five broad groups used by the Census for England and Wales (2021).
ETHNICITY_CHOICES = {
    "asian": "Asian or Asian British",
    "black": "Black, Black British, Caribbean or African",
    "mixed": "Mixed or multiple ethnic groups",
    "white": "White",
    "other": "Another ethnic group",
    PREFER_NOT: "Prefer not to say",
}


class PageViewCount(db.Model):
    __tablename__ = "page_view_counts"
    __table_args__ = (
        UniqueConstraint("kind", "role_slug", "day", "district"),
        Index("ix_page_view_counts_day", "day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), nullable=False)
    role_slug: Mapped[str] = mapped_column(String(60), nullable=False)
    day: Mapped[date] = mapped_column(Date, nullable=False)
    district: Mapped[str] = mapped_column(String(4), nullable=False, default="")
    count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class PageViewTotal(db.Model):
    """The same counts added up across roles: one row per (kind, day, district). Written in the same
    transaction as ``PageViewCount``, so the dashboard reads about 50 times fewer rows."""

    __tablename__ = "page_view_totals"
    __table_args__ = (
        UniqueConstraint("kind", "day", "district"),
        Index("ix_page_view_totals_day", "day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12), nullable=False)
    day: Mapped[date] = mapped_column(Date, nullable=False)
    district: Mapped[str] = mapped_column(String(4), nullable=False, default="")
    count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class EqualOpportunities(db.Model):
    __tablename__ = "equal_opportunities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True, nullable=False)
    sex: Mapped[str] = mapped_column(String(20), nullable=False)
    ethnicity: Mapped[str] = mapped_column(String(20), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now,
                                                 onupdate=clock.now)
