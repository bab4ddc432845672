"""A person's data rights: download everything we hold about them, and delete the account.

Export walks every table with a foreign key to users, so a new feature's data is included
without changes here; secrets (password and token hashes) are left out. Deletion first
ends what is still running (upcoming taster places are cancelled so the place goes to the
next person, open applications are withdrawn), then deletes the account and everything
that belongs only to it. Where a record must be kept for someone else (a hire a provider
must keep, the points ledger), the account is anonymised instead and that is audited.
"""
from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from outreach import audit, clock
from outreach.accounts import sessions
from outreach.extensions import db
from outreach.models.accounts import User, UserSession
from outreach.models.outbox import OutboxMessage

SECRET_COLUMNS = {"password_hash", "token_hash", "email_digest", "phone_digest", "seed"}
KEPT_WHEN_PRESENT = ("applications",)  # a hire record stays (anonymised) for the provider


def _plain(value):
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value


def export(user: User) -> dict:
    """Everything linked to this person, table by table, as JSON-ready data."""
    data: dict = {"exported_at": clock.now().isoformat(), "account": {
        c.name: _plain(getattr(user, c.key)) for c in User.__table__.columns if c.name not in SECRET_COLUMNS | {"id"}
    }}
    ids: dict[str, set] = {"users": {user.id}}
    # Two passes: rows that point at the person, then rows that point at those (a sign-up's consent).
    for _ in range(2):
        for table in db.metadata.sorted_tables:
            if table.name == "users" or table.name in data:
                continue
            links = [(c, ids[fk.column.table.name]) for c in table.columns for fk in c.foreign_keys
                     if fk.column.table.name in ids and fk.column.table.name not in ("organisations",)]
            if not links:
                continue
            rows = db.session.execute(select(table).where(or_(*(c.in_(v) for c, v in links)))).mappings().all()
            if rows:
                data[table.name] = [{k: _plain(v) for k, v in row.items() if k not in SECRET_COLUMNS} for row in rows]
                if "id" in table.columns:
                    ids[table.name] = {row["id"] for row in rows}
    audit.record("privacy.exported", actor=user, subject=user)
    db.session.commit()
    return data


def _end_running_things(user: User) -> None:
    from outreach.applications import pipeline
    from outreach.models.applications import Application
    from outreach.tasters import signups

    for signup in signups.my_signups(user):
        if signup.is_active and not signup.session.has_started():
            try:
                signups.visitor_cancel(user, signup, "other")
            except Exception:  # one stuck place must not stop the deletion; it is freed by the cascade
                db.session.rollback()
    open_ids = db.session.execute(select(Application.public_id).where(Application.user_id == user.id)).scalars().all()
    for public_id in open_ids:
        try:
            pipeline.withdraw(user, public_id)
        except Exception:  # already closed
            db.session.rollback()


def delete_account(user: User) -> str:
    """Delete (or, where something must be kept, anonymise) the account. Returns "deleted" or "anonymised"."""
    user_id, public_id, email = user.id, user.public_id, user.email
    _end_running_things(user)
    sessions.end_all(user)
    db.session.execute(delete(OutboxMessage).where(or_(
        OutboxMessage.user_id == user_id, func.lower(OutboxMessage.to_address) == email.lower()),
        OutboxMessage.status == "pending"))
    from outreach.models.applications import Application

    keeps_hire = db.session.execute(
        select(Application.id).where(Application.user_id == user_id, Application.stage == "hired")
    ).first() is not None
    how = "anonymised"
    if not keeps_hire:
        try:
            with db.session.begin_nested():
                db.session.execute(delete(User).where(User.id == user_id))
            how = "deleted"
        except IntegrityError:
            how = "anonymised"
    if how == "anonymised":
        _anonymise(user_id, public_id)
    audit.record("account.deleted", subject_type="User", subject_id=public_id, how=how)
    db.session.commit()
    return how


def _anonymise(user_id: int, public_id: str) -> None:
    from outreach.models.questionnaires import QuestionnaireResponse, ValuesShare

    db.session.execute(delete(UserSession).where(UserSession.user_id == user_id))
    db.session.execute(delete(QuestionnaireResponse).where(QuestionnaireResponse.user_id == user_id))
    db.session.execute(delete(ValuesShare).where(ValuesShare.user_id == user_id))
    db.session.execute(update(User).where(User.id == user_id).values(
        email=f"deleted-{public_id}@deleted.invalid", first_name="Deleted", last_name=None, date_of_birth=None,
        postcode_sector=None, password_hash="!" + secrets.token_hex(8), email_verified_at=None, is_disabled=True))
