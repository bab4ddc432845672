"""Server-side sign-in sessions. The cookie carries a random token; the row is the truth.

Deleting the row (sign out, password change, account disabled) makes a copied
cookie useless at once (ASVS 7.4.1-7.4.3). Idle and absolute limits apply.
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select

from outreach import clock
from outreach.domain import transaction
from outreach.extensions import db
from outreach.models.accounts import User, UserSession
from outreach.tokens import hash_token, new_token

TOUCH_EVERY = timedelta(minutes=1)


def start(user: User) -> str:
    raw, digest = new_token()
    db.session.add(UserSession(user_id=user.id, token_hash=digest, created_at=clock.now(), last_seen_at=clock.now()))
    user.last_active_at = clock.now()
    user.session_token = raw
    return raw


def load(raw: str | None) -> User | None:
    """The signed-in user for a session cookie (Flask-Login's loader). Not a ``@transaction``: it runs
    on every request, so it commits only when it ended or touched the session, and only that."""
    if not raw:
        return None
    row = db.session.execute(
        select(UserSession).where(UserSession.token_hash == hash_token(raw))
    ).scalar_one_or_none()
    if row is None:
        return None
    now = clock.now()
    config = current_app.config
    if (
        now - row.last_seen_at > config["SESSION_IDLE_TIMEOUT"]
        or now - row.created_at > config["SESSION_ABSOLUTE_TIMEOUT"]
        or row.user.is_disabled
    ):
        db.session.delete(row)
        db.session.commit()
        return None
    if now - row.last_seen_at > TOUCH_EVERY:
        row.last_seen_at = now
        row.user.last_active_at = now
        db.session.commit()
    user = row.user
    user.session_token = raw
    return user


def end(raw: str | None) -> None:
    if raw:
        db.session.execute(delete(UserSession).where(UserSession.token_hash == hash_token(raw)))


def end_all(user: User, keep: str | None = None) -> None:
    query = delete(UserSession).where(UserSession.user_id == user.id)
    if keep:
        query = query.where(UserSession.token_hash != hash_token(keep))
    db.session.execute(query)


@transaction
def purge_expired() -> int:
    config = current_app.config
    now = clock.now()
    result = db.session.execute(
        delete(UserSession).where(
            (UserSession.last_seen_at < now - config["SESSION_IDLE_TIMEOUT"])
            | (UserSession.created_at < now - config["SESSION_ABSOLUTE_TIMEOUT"])
        )
    )
    return result.rowcount or 0
