"""Delete or anonymise data past its retention period (daily).

- Friend leads: a lead that went cold or was declined loses the friend's name, email and phone
  6 months later; a friend who left the provider, 12 months after leaving; a friend still
  employed at 6 months, 12 months after that check. Keyed digests of the email and phone are kept
  12 months from the referral (or from leaving) so the fair rules still work, then cleared.
  Notes on anonymised leads' stage changes are cleared too. The points ledger is never touched.
- Pupil accounts with no sign-in for 12 months are deleted with what hangs off them (or, if
  another table will not let go, anonymised and disabled).
- The outbox keeps message bodies 90 days after sending; job run records 180 days; this
  feature's reminder claims 400 days (long after any step they guard could come round again).
Guardian details are purged by the tasters feature's own job.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from outreach import audit
from outreach.extensions import db
from outreach.jobs.base import JobResult
from outreach.models.accounts import User, UserSession
from outreach.models.outbox import JobRun, OutboxMessage
from outreach.models.referrals import Lead, LeadStageChange
from outreach.models.reminders import ReminderSent
from outreach.referrals.leads import REMOVED

CLOSED_KEEP = relativedelta(months=6)
LEFT_KEEP = relativedelta(months=12)
FAIR_RULE_KEEP = relativedelta(months=12)
PUPIL_INACTIVE = relativedelta(months=12)
OUTBOX_KEEP = timedelta(days=90)
JOB_RUNS_KEEP = timedelta(days=180)
REMINDERS_KEEP = timedelta(days=400)
OUR_REMINDER_JOBS = ("chase_leads", "recruiter_digest", "employment_checks")


def _anonymise_leads(condition, now: datetime) -> int:
    ids = list(db.session.execute(select(Lead.id).where(Lead.anonymised_at.is_(None), condition)).scalars())
    for start in range(0, len(ids), 1000):
        chunk = ids[start:start + 1000]
        db.session.execute(update(Lead).where(Lead.id.in_(chunk)).values(
            friend_name=REMOVED, email=None, phone=None, anonymised_at=now),
            execution_options={"synchronize_session": False})
        db.session.execute(update(LeadStageChange).where(LeadStageChange.lead_id.in_(chunk),
                                                         LeadStageChange.reason.is_not(None)).values(reason=None),
                           execution_options={"synchronize_session": False})
    return len(ids)


def purge_leads(now: datetime) -> int:
    done = _anonymise_leads(or_(
        and_(Lead.stage == "cold", Lead.cold_at <= now - CLOSED_KEEP),
        and_(Lead.stage == "declined", Lead.stage_changed_at <= now - CLOSED_KEEP),
        and_(Lead.stage == "left", Lead.left_at <= now - LEFT_KEEP),
        and_(Lead.stage == "employed_6m", Lead.stage_changed_at <= now - LEFT_KEEP),
    ), now)
    cleared = db.session.execute(update(Lead).where(
        Lead.anonymised_at.is_not(None), or_(Lead.email_digest.is_not(None), Lead.phone_digest.is_not(None)),
        or_(
            and_(Lead.stage.in_(("cold", "declined")), Lead.created_at <= now - FAIR_RULE_KEEP),
            and_(Lead.stage == "left", Lead.left_at <= now - FAIR_RULE_KEEP),
            Lead.stage == "employed_6m",
        ),
    ).values(email_digest=None, phone_digest=None), execution_options={"synchronize_session": False})
    db.session.commit()
    return done + (cleared.rowcount or 0)


def purge_pupils(now: datetime) -> int:
    cutoff = now - PUPIL_INACTIVE
    pupils = db.session.execute(
        select(User.id, User.public_id, User.email).where(
            User.account_type == "pupil", func.coalesce(User.last_active_at, User.created_at) < cutoff)
    ).all()
    for user_id, public_id, email in pupils:
        db.session.execute(delete(OutboxMessage).where(or_(OutboxMessage.user_id == user_id,
                                                           func.lower(OutboxMessage.to_address) == email.lower())))
        try:
            with db.session.begin_nested():
                db.session.execute(delete(User).where(User.id == user_id))
            how = "deleted"
        except IntegrityError:  # another feature's table keeps a reference: anonymise instead
            db.session.execute(delete(UserSession).where(UserSession.user_id == user_id))
            db.session.execute(update(User).where(User.id == user_id).values(
                email=f"removed-{public_id}@invalid.careways", first_name="Removed", last_name=None,
                date_of_birth=None, postcode_sector=None, password_hash="!", is_disabled=True))
            how = "anonymised"
        audit.record("retention.pupil_removed", subject_type="User", subject_id=public_id, how=how)
        db.session.commit()
    return len(pupils)


def purge_housekeeping(now: datetime) -> int:
    removed = db.session.execute(delete(OutboxMessage).where(
        OutboxMessage.status.in_(("sent", "failed", "skipped")), OutboxMessage.created_at < now - OUTBOX_KEEP,
    )).rowcount or 0
    removed += db.session.execute(delete(JobRun).where(JobRun.started_at < now - JOB_RUNS_KEEP)).rowcount or 0
    removed += db.session.execute(delete(ReminderSent).where(
        ReminderSent.job.in_(OUR_REMINDER_JOBS), ReminderSent.sent_at < now - REMINDERS_KEEP)).rowcount or 0
    db.session.commit()
    return removed


def purge(now: datetime) -> JobResult:
    return JobResult(processed=purge_leads(now) + purge_pupils(now) + purge_housekeeping(now))
