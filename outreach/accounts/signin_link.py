"""One-time sign-in links, so other people's failed guesses cannot lock the real owner out.

When an account's sign-in failures reach the limit, the sign-in page offers "Email me a sign-in
link". The link goes only to the account's own mailbox: 256 random bits, stored as a SHA-256 hash,
single use, short-lived, and ended by a password change or reset. Asking for one is limited per
address and per account, and the answer is the same whether or not the account exists.
"""
from __future__ import annotations

from flask import current_app, url_for
from sqlalchemy import select, update

from outreach import audit, clock, ratelimit
from outreach.accounts import service, sessions
from outreach.accounts.errors import TokenInvalid
from outreach.domain import transaction
from outreach.extensions import db
from outreach.mail import queue_email
from outreach.models.accounts import EmailToken, User
from outreach.tokens import hash_token

PURPOSE = "signin"
EXPIRED = "This sign-in link has expired or has already been used. Ask for a new one from the sign-in page."


def address_limit() -> ratelimit.Limit:
    return ratelimit.Limit("signin-link-address", current_app.config["SIGNIN_LINK_MAX_PER_ADDRESS"], 3600)


def account_limit() -> ratelimit.Limit:
    return ratelimit.Limit("signin-link-account", current_app.config["SIGNIN_LINK_MAX_PER_ACCOUNT"], 3600)


@transaction
def request_link(email: str, ip: str | None) -> None:
    """Email a sign-in link if the account exists and may have one. Raises RateLimited only for
    the requesting address; an account's own limit is silent, so the answer never differs."""
    ratelimit.consume(address_limit(), ip or "unknown")
    asked = ratelimit.hit(account_limit(), service.normalise_email(email)[:254])
    user = service.find_user(email)
    if user is None or user.is_disabled or asked > account_limit().max_count:
        return
    lifetime = current_app.config["SIGNIN_LINK_LIFETIME"]
    raw = service.issue_token(user, PURPOSE, lifetime)
    queue_email(
        to=user.email, user=user, template="sign_in_link", subject="Your CareWays sign-in link",
        key=f"signin-link:{user.id}:{hash_token(raw)[:16]}", user_name=user.first_name,
        sign_in_url=url_for("accounts.use_sign_in_link", token=raw),
        minutes=int(lifetime.total_seconds() // 60), reset_url=url_for("accounts.forgot_password"),
    )
    audit.record("signin.link_requested", actor=user, subject=user)


def check(raw: str) -> None:
    row = db.session.execute(
        select(EmailToken).where(EmailToken.token_hash == hash_token(raw or ""), EmailToken.purpose == PURPOSE)
    ).scalar_one_or_none()
    if row is None or row.used_at is not None or row.expires_at < clock.now() or row.user.is_disabled:
        raise TokenInvalid(EXPIRED)


@transaction
def use(raw: str) -> User:
    """Spend the link and start a new session for its account (the caller logs the browser in).

    Spent with one conditional UPDATE, so two clicks at once cannot both sign in."""
    check(raw)
    now = clock.now()
    spent = db.session.execute(
        update(EmailToken).where(EmailToken.token_hash == hash_token(raw), EmailToken.purpose == PURPOSE,
                                 EmailToken.used_at.is_(None), EmailToken.expires_at >= now).values(used_at=now)
    )
    if spent.rowcount != 1:
        raise TokenInvalid(EXPIRED)
    user = db.session.execute(
        select(User).join(EmailToken, EmailToken.user_id == User.id).where(EmailToken.token_hash == hash_token(raw))
    ).scalar_one()
    sessions.start(user)
    audit.record("signin.link_used", actor=user, subject=user)
    return user
