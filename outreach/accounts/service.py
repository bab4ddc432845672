"""Account rules: sign-up, verification, sign-in, password reset and change.

No account enumeration: sign-up, sign-in and reset answer the same way, in
similar time, whether or not an address has an account (an email tells the
owner instead). Sign-in is throttled per account and per address through
shared counters, so every gunicorn worker sees the same count.
"""
from __future__ import annotations

from datetime import date, timedelta

from flask import current_app, url_for
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from outreach import audit, clock, ratelimit, submissions
from outreach.accounts import sessions
from outreach.accounts.errors import (
    AccountLocked,
    EmailAlreadyConfirmed,
    InvalidCredentials,
    PasswordRejected,
    TokenInvalid,
    TooManyPasswordGuesses,
)
from outreach.domain import transaction
from outreach.extensions import db
from outreach.geo import Place
from outreach.mail import queue_email
from outreach.models.accounts import EmailToken, User
from outreach.passwords import hash_password, needs_rehash, password_problem, verify_password
from outreach.tokens import hash_token, new_token

PUPIL_MIN_AGE = 14
APPLICANT_MIN_AGE = 16
TOKENS_KEPT_AFTER_EXPIRY = timedelta(days=7)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user(email: str) -> User | None:
    return db.session.execute(
        select(User).where(func.lower(User.email) == normalise_email(email))
    ).scalar_one_or_none()


def _limits():
    config = current_app.config
    window = config["SIGNIN_WINDOW_SECONDS"]
    return (
        ratelimit.Limit("signin-account", config["SIGNIN_MAX_FAILURES_PER_ACCOUNT"], window),
        ratelimit.Limit("signin-address", config["SIGNIN_MAX_ATTEMPTS_PER_ADDRESS"], window),
    )


def signup_limit() -> ratelimit.Limit:
    return ratelimit.Limit("signup-address", current_app.config["SIGNUP_MAX_PER_ADDRESS"], 3600)


def reset_limit() -> ratelimit.Limit:
    return ratelimit.Limit("reset-address", current_app.config["RESET_MAX_PER_ADDRESS"], 3600)


def reset_account_limit() -> ratelimit.Limit:
    return ratelimit.Limit("reset-account", current_app.config["RESET_MAX_PER_ACCOUNT"], 3600)


def password_check_limit() -> ratelimit.Limit:
    config = current_app.config
    return ratelimit.Limit("password-check", config["SIGNIN_MAX_FAILURES_PER_ACCOUNT"], config["SIGNIN_WINDOW_SECONDS"])


def check_new_password(password: str, email: str, names: tuple[str, ...] = ()) -> None:
    problem = password_problem(password, email=email, names=names)
    if problem:
        raise PasswordRejected(problem)


def age_problem(account_type: str, date_of_birth: date | None) -> str | None:
    if account_type not in ("pupil", "applicant"):
        return None
    if date_of_birth is None:
        return "Enter your date of birth"
    age = clock.age_on(date_of_birth, clock.today_uk())
    if age < 0 or date_of_birth.year < 1900:
        return "Enter a real date of birth"
    if account_type == "pupil":
        if age < PUPIL_MIN_AGE:
            return "CareWays accounts are for people aged 14 and over. Ask your school about careers activities."
        if age >= 18:
            return "You are 18 or over, so choose an applicant account instead."
    if account_type == "applicant" and age < APPLICANT_MIN_AGE:
        return "Applicant accounts are for people aged 16 and over. Choose a pupil account instead."
    return None


def create_user(*, account_type: str, email: str, password: str, first_name: str,
                last_name: str | None = None, date_of_birth: date | None = None,
                place: Place | None = None, verified: bool = False) -> User:
    """Create the row (callers have checked the email is free and the password acceptable)."""
    user = User(
        email=normalise_email(email),
        password_hash=hash_password(password),
        account_type=account_type,
        first_name=first_name.strip(),
        last_name=(last_name or "").strip() or None,
        date_of_birth=date_of_birth,
        postcode_sector=place.sector if place else None,
        email_verified_at=clock.now() if verified else None,
        created_at=clock.now(),
    )
    db.session.add(user)
    db.session.flush()
    return user


@transaction
def sign_up(*, account_type: str, email: str, password: str, first_name: str,
            last_name: str | None, date_of_birth: date | None, place: Place | None,
            ip: str | None, submission: str | None = None) -> User | None:
    """Create a pupil or applicant account and email a verification link.

    If the email is taken, the owner is told by email and the caller gets None;
    the page shown is the same either way. A repeat of the same form raises
    submissions.AlreadySubmitted.
    """
    ratelimit.consume(signup_limit(), ip or "unknown")
    check_new_password(password, email, (first_name, last_name or ""))
    submissions.claim("sign-up", submission)
    existing = find_user(email)
    if existing is not None:
        hash_password(password)  # spend the same time as a real sign-up
        return tell_owner_of_taken_email(existing)
    try:
        with db.session.begin_nested():  # another tab may be creating the same address right now
            user = create_user(account_type=account_type, email=email, password=password, first_name=first_name,
                               last_name=last_name, date_of_birth=date_of_birth, place=place)
    except IntegrityError:  # it won (PostgreSQL waits for it, then refuses the duplicate): answer as for a taken email
        return tell_owner_of_taken_email(find_user(email))
    send_verification(user)
    audit.record("account.created", actor=user, subject=user, account_type=account_type)
    return user


@transaction
def tell_owner_of_taken_email(
        existing: User, subject: str = "Someone tried to create a CareWays account with your email") -> None:
    """The same answer as a new account gets; the owner hears by email (once a day). Commits."""
    queue_email(
        to=existing.email, user=existing, template="account_exists", subject=subject,
        key=f"account-exists:{existing.id}:{clock.now().date().isoformat()}",
        user_name=existing.first_name, sign_in_url=url_for("accounts.sign_in", _external=False),
        reset_url=url_for("accounts.forgot_password"),
    )
    return None


def issue_token(user: User, purpose: str, lifetime) -> str:
    raw, digest = new_token()
    db.session.add(EmailToken(purpose=purpose, user_id=user.id, token_hash=digest,
                              created_at=clock.now(), expires_at=clock.now() + lifetime))
    return raw


@transaction
def send_verification(user: User) -> None:
    raw = issue_token(user, "verify", current_app.config["VERIFY_TOKEN_LIFETIME"])
    queue_email(
        to=user.email, user=user, template="verify_email", subject="Confirm your email for CareWays",
        key=f"verify:{user.id}:{hash_token(raw)[:16]}", user_name=user.first_name,
        verify_url=url_for("accounts.verify_email", token=raw),
    )


def consume_token(raw: str, purpose: str) -> EmailToken:
    row = db.session.execute(
        select(EmailToken).where(EmailToken.token_hash == hash_token(raw or ""), EmailToken.purpose == purpose)
    ).scalar_one_or_none()
    if row is None or row.used_at is not None or row.expires_at < clock.now():
        raise TokenInvalid("This link has expired or has already been used.")
    row.used_at = clock.now()
    return row


@transaction
def verify_email(raw: str) -> User:
    """Confirm the address the link was sent to. A second click (or an old link once the address is
    confirmed) raises EmailAlreadyConfirmed, so the person is told there is nothing more to do."""
    known = db.session.execute(
        select(EmailToken).where(EmailToken.token_hash == hash_token(raw or ""), EmailToken.purpose == "verify")
    ).scalar_one_or_none()
    if known is not None and known.user.email_verified_at is not None:
        raise EmailAlreadyConfirmed("Your email address is already confirmed.")
    token = consume_token(raw, "verify")
    user = token.user
    if user.email_verified_at is None:
        user.email_verified_at = clock.now()
        audit.record("account.verified", actor=user, subject=user)
    return user


def authenticate(email: str, password: str, ip: str | None) -> User:
    """Return the user for a correct email and password, or raise. Counts failures."""
    per_account, per_address = _limits()
    account_key = normalise_email(email)[:254]
    ratelimit.consume(per_address, ip or "unknown")
    try:
        ratelimit.check(per_account, account_key)
    except ratelimit.RateLimited as error:
        minutes = max(1, error.retry_after // 60)
        raise AccountLocked(
            f"Too many attempts to sign in to this account. Try again in {minutes} minute"
            f"{'s' if minutes != 1 else ''}, or we can email you a link to sign in now.", error.retry_after) from None
    user = find_user(email)
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or user.is_disabled:
        ratelimit.hit(per_account, account_key)
        audit.record("signin.failed", subject_type="User", subject_id=user.public_id if user else None,
                     reason="bad credentials" if not (ok and user) else "disabled")
        db.session.commit()  # on purpose, before raising: the failed attempt stays on record
        raise InvalidCredentials("The email or password is not right. Check them and try again.")
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    audit.record("signin.succeeded", actor=user, subject=user)
    return user


@transaction
def sign_in(user: User) -> str:
    token = sessions.start(user)
    return token


@transaction
def sign_out(user: User) -> None:
    sessions.end(user.session_token)
    audit.record("signout", actor=user, subject=user)


@transaction
def purge_old_tokens(now) -> int:
    """Delete email links (verify, reset, sign-in) a week after they ran out; how many went."""
    result = db.session.execute(delete(EmailToken).where(EmailToken.expires_at < now - TOKENS_KEPT_AFTER_EXPIRY))
    return result.rowcount or 0


def end_email_tokens(user: User, purposes: tuple[str, ...] = ("reset", "signin")) -> None:
    """Make every unused reset and sign-in link of this account useless (a new password ends them)."""
    db.session.execute(
        update(EmailToken).where(EmailToken.user_id == user.id, EmailToken.purpose.in_(purposes),
                                 EmailToken.used_at.is_(None)).values(used_at=clock.now())
    )


@transaction
def request_password_reset(email: str, ip: str | None) -> None:
    """Email a reset link if the account exists. Same answer and similar time if it does not.

    Limited per requesting address (RateLimited) and, silently, per account, so many addresses
    cannot fill one person's inbox; the page looks the same whether or not that limit was hit.
    """
    ratelimit.consume(reset_limit(), ip or "unknown")
    sent_to_account = ratelimit.hit(reset_account_limit(), normalise_email(email)[:254])
    user = find_user(email)
    if user is None or user.is_disabled or sent_to_account > reset_account_limit().max_count:
        hash_password("time-equaliser")  # similar work to the branch below
        return
    hash_password("time-equaliser")
    raw = issue_token(user, "reset", current_app.config["RESET_TOKEN_LIFETIME"])
    minutes = int(current_app.config["RESET_TOKEN_LIFETIME"].total_seconds() // 60)
    queue_email(
        to=user.email, user=user, template="reset_password", subject="Reset your CareWays password",
        key=f"reset:{user.id}:{hash_token(raw)[:16]}", user_name=user.first_name,
        reset_url=url_for("accounts.reset_password", token=raw), minutes=minutes,
    )
    audit.record("password.reset_requested", actor=user, subject=user)


def check_reset_token(raw: str) -> None:
    row = db.session.execute(
        select(EmailToken).where(EmailToken.token_hash == hash_token(raw or ""), EmailToken.purpose == "reset")
    ).scalar_one_or_none()
    if row is None or row.used_at is not None or row.expires_at < clock.now():
        raise TokenInvalid("This reset link has expired or has already been used. Ask for a new one.")


@transaction
def reset_password(raw: str, new_password: str) -> User:
    check_reset_token(raw)
    row = db.session.execute(
        select(EmailToken).where(EmailToken.token_hash == hash_token(raw), EmailToken.purpose == "reset")
    ).scalar_one()
    check_new_password(new_password, row.user.email, (row.user.first_name, row.user.last_name or ""))
    token = consume_token(raw, "reset")
    user = token.user
    user.password_hash = hash_password(new_password)
    end_email_tokens(user)
    if user.email_verified_at is None:
        user.email_verified_at = clock.now()  # they proved they read the mailbox
    sessions.end_all(user)
    audit.record("password.reset", actor=user, subject=user)
    return user


@transaction
def change_password(user: User, current_password: str, new_password: str) -> str:
    """Change the password and end every session of this user, this one included.

    Returns a fresh session token for the browser that made the change, so a
    cookie copied before the change no longer works anywhere.
    """
    check_current_password(user, current_password, "Your current password is not right.", "current_password")
    check_new_password(new_password, user.email, (user.first_name, user.last_name or ""))
    user.password_hash = hash_password(new_password)
    end_email_tokens(user)
    sessions.end_all(user)
    token = sessions.start(user)
    audit.record("password.changed", actor=user, subject=user)
    return token


def check_current_password(user: User, password: str, wrong_message: str, field: str) -> None:
    """Confirm a signed-in person's password before a sensitive change, or raise.

    Wrong guesses count per account, as sign-in failures do, so a borrowed or stolen session
    cannot be used to try password after password. Failures and lock-outs are audited.
    """
    limit = password_check_limit()
    try:
        ratelimit.check(limit, str(user.id))
    except ratelimit.RateLimited as error:
        audit.record("password.check_limited", actor=user, subject=user)
        db.session.commit()  # on purpose, before raising: the lock-out stays on record
        minutes = max(1, error.retry_after // 60)
        raise TooManyPasswordGuesses(
            f"Too many wrong passwords. For your safety, wait {minutes} minute{'s' if minutes != 1 else ''} "
            "and try again.", field=field, retry_after=error.retry_after) from None
    if not verify_password(user.password_hash, password):
        ratelimit.hit(limit, str(user.id))
        audit.record("password.check_failed", actor=user, subject=user)
        db.session.commit()  # on purpose, before raising: the wrong guess stays on record
        raise InvalidCredentials(wrong_message, field=field)
