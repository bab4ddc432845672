"""Reward points: each provider's settings, awards into the append-only ledger, and the leaderboard.

Awards are keyed by (lead, reason), a unique pair, so an award is never made twice. Points for
a share (the friend coming forward) count towards a monthly cap per staff member (on by default;
a provider may change or remove it). No points are earned for a lead until the friend has confirmed
from their own email address, so nobody earns points by filling in their own link.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite

from outreach import clock
from outreach.extensions import db
from outreach.models.accounts import User
from outreach.models.referrals import (
    PROGRESS_ORDER,
    Lead,
    LeaderboardOptIn,
    PointsEntry,
    ReferralSettings,
)

SHARE = "stage:new"
DEFAULT_MONTHLY_SHARE_CAP = 50  # ten friends a month at the default 5 points each
NEW_TO_CARE = "bonus:new-to-care"
AWARD_STAGES = ("applied", "interviewed", "hired", "employed_3m", "employed_6m")
REASON_LABELS = {
    SHARE: "A friend came forward",
    "stage:applied": "Your friend applied",
    "stage:interviewed": "Your friend was interviewed",
    "stage:hired": "Your friend was hired",
    "stage:employed_3m": "Your friend is still there after 3 months",
    "stage:employed_6m": "Your friend is still there after 6 months",
    NEW_TO_CARE: "Bonus: your friend is new to care",
}


def settings_for(organisation_id: int, *, lock: bool = False) -> ReferralSettings:
    """The provider's settings, created with the defaults the first time.

    ``lock=True`` takes a row lock (PostgreSQL) for the rest of the transaction: lead creation
    uses it so two referrals of the same friend to one provider are decided one after the other.
    SQLite's IMMEDIATE transactions already serialise writers.
    """
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    db.session.execute(
        dialect.insert(ReferralSettings).values(
            organisation_id=organisation_id, points_new=5, points_applied=10, points_interviewed=20,
            points_hired=100, points_employed_3m=100, points_employed_6m=200, new_to_care_bonus=50,
            monthly_share_cap=DEFAULT_MONTHLY_SHARE_CAP, leaderboard_enabled=False,
        ).on_conflict_do_nothing(index_elements=["organisation_id"])
    )
    query = select(ReferralSettings).where(ReferralSettings.organisation_id == organisation_id)
    if lock:
        query = query.with_for_update()
    return db.session.execute(query).scalar_one()


def _month_start_utc(now: datetime) -> datetime:
    local = clock.to_uk(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0).astimezone(timezone.utc)


def _existing_reasons(lead: Lead) -> set[str]:
    return set(db.session.execute(select(PointsEntry.reason).where(PointsEntry.lead_id == lead.id)).scalars())


def _add(lead: Lead, points: int, reason: str, now: datetime) -> PointsEntry:
    entry = PointsEntry(organisation_id=lead.organisation_id, user_id=lead.referrer_id, lead_id=lead.id,
                        points=points, reason=reason, created_at=now)
    db.session.add(entry)
    return entry


def award_share(lead: Lead, settings: ReferralSettings, now: datetime) -> PointsEntry | None:
    """Points for a friend coming forward, within the monthly cap. A capped share is recorded
    with the points it actually earned (perhaps 0), so it is never awarded again later."""
    if lead.referrer_id is None or lead.email_confirmed_at is None or SHARE in _existing_reasons(lead):
        return None
    points = settings.points_for("new")
    if settings.monthly_share_cap is not None:
        used = db.session.execute(
            select(func.coalesce(func.sum(PointsEntry.points), 0)).where(
                PointsEntry.user_id == lead.referrer_id, PointsEntry.organisation_id == lead.organisation_id,
                PointsEntry.reason == SHARE, PointsEntry.created_at >= _month_start_utc(now),
            )
        ).scalar()
        points = max(0, min(points, settings.monthly_share_cap - int(used)))
    return _add(lead, points, SHARE, now)


def award_progress(lead: Lead, settings: ReferralSettings, now: datetime) -> list[PointsEntry]:
    """Points for every stage the lead has now reached (a lead that jumps ahead earns the
    stages in between), plus the new-to-care bonus once hired."""
    if lead.referrer_id is None or lead.email_confirmed_at is None or lead.stage not in PROGRESS_ORDER:
        return []
    reached = PROGRESS_ORDER.index(lead.stage)
    existing = _existing_reasons(lead)
    added = []
    for stage in AWARD_STAGES:
        reason = f"stage:{stage}"
        if PROGRESS_ORDER.index(stage) <= reached and reason not in existing:
            points = settings.points_for(stage)
            if points > 0:
                added.append(_add(lead, points, reason, now))
    if (lead.new_to_care and reached >= PROGRESS_ORDER.index("hired") and NEW_TO_CARE not in existing
            and settings.new_to_care_bonus > 0):
        added.append(_add(lead, settings.new_to_care_bonus, NEW_TO_CARE, now))
    return added


def award_on_email_confirmation(lead: Lead, settings: ReferralSettings, now: datetime) -> None:
    """The friend has just proved the email is theirs: award the share and any stages already reached."""
    award_share(lead, settings, now)
    award_progress(lead, settings, now)


def total_for(user: User, organisation_id: int) -> int:
    return int(db.session.execute(
        select(func.coalesce(func.sum(PointsEntry.points), 0)).where(
            PointsEntry.user_id == user.id, PointsEntry.organisation_id == organisation_id)
    ).scalar())


def recent_for(user: User, organisation_id: int, limit: int = 10) -> list[PointsEntry]:
    return list(db.session.execute(
        select(PointsEntry).where(PointsEntry.user_id == user.id, PointsEntry.organisation_id == organisation_id)
        .order_by(PointsEntry.id.desc()).limit(limit)
    ).scalars())


@dataclass(frozen=True)
class LeaderboardRow:
    rank: int
    name: str
    points: int
    is_you: bool


def leaderboard(organisation_id: int, viewer: User, limit: int = 20) -> list[LeaderboardRow]:
    """Opted-in members of this provider, most points first (first name and initial only)."""
    totals = (
        select(PointsEntry.user_id, func.sum(PointsEntry.points).label("points"))
        .where(PointsEntry.organisation_id == organisation_id).group_by(PointsEntry.user_id).subquery()
    )
    rows = db.session.execute(
        select(User, func.coalesce(totals.c.points, 0))
        .join(LeaderboardOptIn, LeaderboardOptIn.user_id == User.id)
        .outerjoin(totals, totals.c.user_id == User.id)
        .where(LeaderboardOptIn.organisation_id == organisation_id, User.is_disabled.is_(False))
        .order_by(func.coalesce(totals.c.points, 0).desc(), User.first_name).limit(limit)
    ).all()
    result = []
    for index, (user, points) in enumerate(rows, start=1):
        initial = f" {user.last_name[0]}." if user.last_name else ""
        result.append(LeaderboardRow(index, f"{user.first_name}{initial}", int(points), user.id == viewer.id))
    return result


def is_opted_in(user: User) -> bool:
    return db.session.execute(
        select(LeaderboardOptIn.id).where(LeaderboardOptIn.user_id == user.id)
    ).first() is not None
