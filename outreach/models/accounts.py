"""People, their sign-in sessions and the single-use tokens we email them."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from outreach import clock
from outreach.extensions import db
from outreach.models.types import UTCDateTime, public_id_column

ACCOUNT_TYPES = ("pupil", "applicant", "provider", "school", "admin")
ACCOUNT_TYPE_LABELS = {
    "pupil": "Pupil (14 to 17)",
    "applicant": "Applicant (16 and over)",
    "provider": "Care provider team member",
    "school": "School contact",
    "admin": "Platform admin",
}


class User(db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = public_id_column()
    email: Mapped[str] = mapped_column(String(254), unique=True, nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    account_type: Mapped[str] = mapped_column(String(20), nullable=False)
    first_name: Mapped[str] = mapped_column(String(60), nullable=False)
    last_name: Mapped[str | None] = mapped_column(String(60))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    postcode_sector: Mapped[str | None] = mapped_column(String(8))
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    is_disabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)
    last_active_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    membership: Mapped["Membership | None"] = relationship(  # noqa: F821
        back_populates="user", uselist=False, lazy="joined"
    )

    # Flask-Login asks for these; the id it stores is the *session* token, not the user id,
    # so that signing out or changing the password really ends a session (ASVS 7.4.1).
    session_token = None  # set per request, not stored

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return not self.is_disabled

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str | None:
        return self.session_token

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    def age(self, on: date | None = None) -> int | None:
        if self.date_of_birth is None:
            return None
        return clock.age_on(self.date_of_birth, on or clock.today_uk())

    @property
    def is_minor(self) -> bool:
        age = self.age()
        return age is not None and age < 18

    @property
    def organisation(self):
        return self.membership.organisation if self.membership else None

    @property
    def org_role(self) -> str | None:
        return self.membership.role if self.membership else None

    @property
    def display_name(self) -> str:
        return self.first_name


class UserSession(db.Model):
    """A signed-in browser. Deleting the row ends the session, wherever its cookie is."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)

    user: Mapped[User] = relationship(lazy="joined")


class EmailToken(db.Model):
    """A single-use, expiring token sent by email (verify, reset). Only its hash is stored."""

    __tablename__ = "email_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    purpose: Mapped[str] = mapped_column(String(20), nullable=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=clock.now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()


class RateLimitCounter(db.Model):
    """Fixed-window counters shared by every worker and host through the database."""

    __tablename__ = "rate_limit_counters"
    __table_args__ = (UniqueConstraint("key", "window_start"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), nullable=False)
    window_start: Mapped[int] = mapped_column(Integer, nullable=False)
    count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
