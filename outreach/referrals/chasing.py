"""Set-based sweeps over friend leads for the scheduled jobs.

Every sweep works in batches of rows ordered by id (a few statements per batch, never one
query per lead). Each batch claims its reminders (job, subject, step) and queues their emails
in ONE transaction, so two schedulers at once, a crash mid-run or a second run never send a
reminder twice. On PostgreSQL, rows being marked cold are taken with FOR UPDATE SKIP LOCKED
so two schedulers share the work instead of waiting on (or deadlocking over) each other.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import insert, select, update

from outreach.extensions import db
from outreach.mail.bulk import Email, queue_many
from outreach.mail.fast_insert import insert_skipping_conflicts
from outreach.mail.links import path_for, path_template
from outreach.models.organisations import Organisation
from outreach.models.referrals import WAITING_STAGES, Lead, LeadStageChange, ReferralLink
from outreach.models.reminders import ReminderSent
from outreach.privacy import erasure
from outreach.referrals.leads import response_token

CHASE_JOB = "chase_leads"
BATCH = 2000
COLD_AFTER = timedelta(days=14)
CHASE_STEPS = (("day-7", timedelta(days=7), COLD_AFTER), ("day-2", timedelta(days=2), timedelta(days=7)))


def claim_many(job: str, subjects: list[str], step: str, now: datetime) -> set[str]:
    """Claim many reminders in one statement; returns the subjects this caller won."""
    if not subjects:
        return set()
    rows = [{"job": job, "subject": s[:80], "step": step[:40], "sent_at": now} for s in subjects]
    return set(insert_skipping_conflicts(ReminderSent.__table__, rows, ["job", "subject", "step"], "subject"))


def already_claimed(job: str, subjects: list[str], step: str) -> set[str]:
    """Which of these reminders were claimed before (one indexed query per batch).

    Only the unique index's leading columns (job, subject) are in the WHERE clause, so the
    planner always probes the index, even before statistics catch up with a big first run.
    """
    if not subjects:
        return set()
    rows = db.session.execute(
        select(ReminderSent.subject, ReminderSent.step).where(ReminderSent.job == job,
                                                              ReminderSent.subject.in_(subjects))
    ).all()
    return {subject for subject, claimed_step in rows if claimed_step == step}


def mark_cold(now: datetime, batch: int = BATCH) -> int:
    """Leads waiting 14 days with no progress go cold. A staff-entered friend who never confirmed
    has their details erased at once (they never agreed to be contacted)."""
    cutoff = now - COLD_AFTER
    total = 0
    while True:
        query = (select(Lead.id, Lead.stage, Lead.confirmed_at)
                 .where(Lead.stage.in_(WAITING_STAGES), Lead.stage_changed_at <= cutoff)
                 .order_by(Lead.id).limit(batch))
        if db.engine.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        rows = db.session.execute(query).all()
        if not rows:
            db.session.commit()
            return total
        ids = [row.id for row in rows]
        unconfirmed = [row.id for row in rows if row.confirmed_at is None]
        db.session.execute(
            update(Lead).where(Lead.id.in_(ids)).values(stage="cold", cold_at=now, stage_changed_at=now),
            execution_options={"synchronize_session": False},
        )
        erasure.anonymise_leads(unconfirmed, now, keep_digests=False)
        db.session.execute(insert(LeadStageChange), [
            {"lead_id": row.id, "from_stage": row.stage, "to_stage": "cold", "by_id": None, "at": now,
             "reason": "No reply within 14 days" if row.confirmed_at else "Friend did not confirm within 14 days"}
            for row in rows
        ])
        db.session.commit()
        total += len(rows)


def _names(model, ids, column) -> dict:
    ids = list(ids)
    if not ids:
        return {}
    return dict(db.session.execute(select(model.id, column).where(model.id.in_(ids))).all())


def _general_codes(user_ids) -> dict[int, str]:
    user_ids = list(user_ids)
    if not user_ids:
        return {}
    rows = db.session.execute(
        select(ReferralLink.user_id, ReferralLink.code)
        .where(ReferralLink.user_id.in_(user_ids), ReferralLink.target_kind == "provider")
        .order_by(ReferralLink.id.desc())
    ).all()
    return {user_id: code for user_id, code in rows}


def send_chases(now: datetime, batch: int = BATCH) -> tuple[int, int]:
    """Email confirmed friends of approved providers who have not moved on: once after 2 days,
    again after 7. Returns (leads looked at, emails queued)."""
    looked = queued = 0
    for step, older_than, younger_than in CHASE_STEPS:
        last_id = 0
        while True:
            rows = db.session.execute(
                select(Lead.id, Lead.public_id, Lead.friend_name, Lead.email, Lead.organisation_id, Lead.link_id,
                       Lead.referrer_id)
                .join(Organisation, Organisation.id == Lead.organisation_id)
                .where(Organisation.status == "approved")  # nobody is emailed for an organisation not approved
                .where(Lead.stage.in_(WAITING_STAGES), Lead.confirmed_at.is_not(None), Lead.email.is_not(None),
                       Lead.anonymised_at.is_(None), Lead.stage_changed_at <= now - older_than,
                       Lead.stage_changed_at > now - younger_than, Lead.id > last_id)
                .order_by(Lead.id).limit(batch)
            ).all()
            if not rows:
                db.session.commit()
                break
            last_id = rows[-1].id
            looked += len(rows)
            subjects = [f"lead:{row.public_id}" for row in rows]
            won = claim_many(CHASE_JOB, subjects, step, now)
            chosen = [row for row in rows if f"lead:{row.public_id}" in won]
            organisations = _names(Organisation, {row.organisation_id for row in chosen}, Organisation.name)
            link_codes = _names(ReferralLink, {row.link_id for row in chosen if row.link_id}, ReferralLink.code)
            general = _general_codes({row.referrer_id for row in chosen if not row.link_id and row.referrer_id})
            emails = []
            thanks, respond = path_template("referrals.thanks", "code"), path_template("referrals.respond", "token")
            for row in chosen:
                code = link_codes.get(row.link_id) or general.get(row.referrer_id)
                roles_url = thanks.format(code=code) if code else path_for("main.index")
                emails.append(Email(
                    to=row.email, template="referral_chase", key=f"{CHASE_JOB}:{row.id}:{step}",
                    subject=f"{organisations.get(row.organisation_id, 'A care provider')} would love to hear from you",
                    organisation_id=row.organisation_id, essential=False,
                    merge=("friend_name", "roles_url", "respond_url"),
                    context={"friend_name": row.friend_name.split(" ")[0], "step": step,
                             "organisation_name": organisations.get(row.organisation_id, ""),
                             "roles_url": roles_url,
                             "respond_url": respond.format(token=response_token(row.public_id))},
                ))
            queued += queue_many(emails)
            db.session.commit()  # the claims and their emails, together
    return looked, queued
