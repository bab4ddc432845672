"""Delete or anonymise data past its retention period (the daily ``retention_purge`` job calls ``purge``).

- Friend leads: a lead that went cold or was declined loses the friend's name, email and phone
  6 months later; a friend who left the provider, 12 months after leaving; a friend still
  employed at 6 months, 12 months after that check. Keyed digests of the email and phone are kept
  12 months from the referral (or from leaving) so the fair rules still work, then cleared.
  Notes on anonymised leads' stage changes are cleared too. The points ledger is never touched.
- Pupil accounts with no sign-in for 12 months are erased by outreach/privacy/erasure.py, the same
  service as "delete my account" (which also anonymises leads and guardians' details).
- The outbox keeps message bodies 90 days after sending; job run records 180 days; this
  feature's reminder claims 400 days (long after any step they guard could come round again).
Guardian details are purged by the tasters feature's job, through the same erasure service.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import and_, delete, func, or_, select, update

from outreach.domain import transaction
from outreach.extensions import db
from outreach.models.accounts import User
from outreach.models.outbox import JobRun, OutboxMessage
from outreach.models.referrals import Lead
from outreach.models.reminders import ReminderSent
from outreach.privacy import erasure

CLOSED_KEEP = relativedelta(months=6)
LEFT_KEEP = relativedelta(months=12)
FAIR_RULE_KEEP = relativedelta(months=12)
PUPIL_INACTIVE = relativedelta(months=12)
OUTBOX_KEEP = timedelta(days=90)
JOB_RUNS_KEEP = timedelta(days=180)
REMINDERS_KEEP = timedelta(days=400)
OUR_REMINDER_JOBS = ("chase_leads", "recruiter_digest", "employment_checks")


@transaction
def purge_leads(now: datetime) -> int:
    due = db.session.execute(select(Lead.id).where(Lead.anonymised_at.is_(None), or_(
        and_(Lead.stage == "cold", Lead.cold_at <= now - CLOSED_KEEP),
        and_(Lead.stage == "declined", Lead.stage_changed_at <= now - CLOSED_KEEP),
        and_(Lead.stage == "left", Lead.left_at <= now - LEFT_KEEP),
        and_(Lead.stage == "employed_6m", Lead.stage_changed_at <= now - LEFT_KEEP),
    ))).scalars().all()
    done = erasure.anonymise_leads(due, now)
    cleared = db.session.execute(update(Lead).where(
        Lead.anonymised_at.is_not(None), or_(Lead.email_digest.is_not(None), Lead.phone_digest.is_not(None)),
        or_(
            and_(Lead.stage.in_(("cold", "declined")), Lead.created_at <= now - FAIR_RULE_KEEP),
            and_(Lead.stage == "left", Lead.left_at <= now - FAIR_RULE_KEEP),
            Lead.stage == "employed_6m",
        ),
    ).values(email_digest=None, phone_digest=None), execution_options={"synchronize_session": False})
    return done + (cleared.rowcount or 0)


def purge_pupils(now: datetime) -> int:
    """Erase pupils with no sign-in for 12 months, through the same service as "delete my account"."""
    cutoff = now - PUPIL_INACTIVE
    pupils = db.session.execute(select(User).where(
        User.account_type == "pupil", func.coalesce(User.last_active_at, User.created_at) < cutoff,
        User.email.not_like(f"%@{erasure.ERASED_DOMAIN}"))).scalars().all()
    for user in pupils:
        erasure.erase_person(user, action="retention.pupil_removed", now=now)
    return len(pupils)


@transaction
def purge_housekeeping(now: datetime) -> int:
    removed = db.session.execute(delete(OutboxMessage).where(
        OutboxMessage.status.in_(("sent", "failed", "skipped")), OutboxMessage.created_at < now - OUTBOX_KEEP,
    )).rowcount or 0
    removed += db.session.execute(delete(JobRun).where(JobRun.started_at < now - JOB_RUNS_KEEP)).rowcount or 0
    removed += db.session.execute(delete(ReminderSent).where(
        ReminderSent.job.in_(OUR_REMINDER_JOBS), ReminderSent.sent_at < now - REMINDERS_KEEP)).rowcount or 0
    return removed


def purge(now: datetime) -> int:
    """Everything past its retention period, in three steps (each its own transaction; each pupil's
    erasure commits as it goes). Returns how many rows were removed or anonymised."""
    return purge_leads(now) + purge_pupils(now) + purge_housekeeping(now)
