"""Signing up for a session, the waiting list, cancelling, and the provider's answer.

A place is confirmed only when both the provider has accepted it and, for under-18s, a
parent or guardian has consented. Age is checked here, on the day of the session.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from outreach import audit, clock, ratelimit, reminders, submissions
from outreach.domain import transaction
from outreach.extensions import db
from outreach.mail.links import path_for
from outreach.mailbox import same_mailbox
from outreach.models.opportunities import TasterSession
from outreach.models.organisations import Organisation
from outreach.models.signups import ACTIVE, GuardianConsent, SignUp
from outreach.organisations import standing
from outreach.tasters import consent as consents
from outreach.tasters import notify, places
from outreach.tasters.errors import InvalidDetails, NotAllowed, NotEligible, SessionClosed, SessionFull

SIGNUPS_PER_DAY = ratelimit.Limit("taster-signup", 20, 86400)


@dataclass
class SignUpRequest:
    guardian_name: str | None = None
    guardian_email: str | None = None
    access_needs: str | None = None
    copy_school: bool = False
    school_public_id: str | None = None
    join_waitlist: bool = False
    submission: str | None = None  # the form's nonce: a repeat raises submissions.AlreadySubmitted


def age_on_day(user, session: TasterSession) -> int | None:
    if user.date_of_birth is None:
        return None
    return clock.age_on(user.date_of_birth, clock.to_uk(session.starts_at).date())


def check_open(session: TasterSession) -> None:
    opportunity = session.opportunity
    if not opportunity.is_public or not opportunity.is_taster:
        raise SessionClosed("This taster is not taking sign-ups at the moment.", field="session")
    if session.status != "open":
        raise SessionClosed("This session has been cancelled. Choose another date.", field="session")
    if session.has_started():
        raise SessionClosed("This session has already started or taken place. Choose a later date.", field="session")


def check_eligible(user, session: TasterSession) -> int:
    """The visitor's age on the day, or NotEligible with a reason they can act on."""
    if user.account_type not in ("pupil", "applicant"):
        raise NotEligible("Only pupil and applicant accounts can sign up for tasters.", field="session")
    if not user.is_verified:
        raise NotEligible("Confirm your email address first: use the link we sent you, or ask for a new one "
                          "on your dashboard.", field="session")
    age = age_on_day(user, session)
    if age is None:
        raise NotEligible("We need your date of birth to check the age limit. Please contact us.", field="session")
    minimum = session.opportunity.min_age
    if age < minimum:
        raise NotEligible(f"This taster is for people aged {minimum} and over on the day. You will be {age}. "
                          "Look for tasters suitable for your age.", field="session")
    return age


def detail_problems(request: SignUpRequest, user, needs_consent: bool) -> list[tuple[str, str]]:
    """Every (field, message) wrong with what was typed, so the form can show them all at once."""
    if not needs_consent:
        return []
    problems = []
    if not request.guardian_name:
        problems.append(("guardian_name", "Enter your parent or guardian's full name"))
    if not request.guardian_email:
        problems.append(("guardian_email", "Enter your parent or guardian's email address"))
    elif same_mailbox(request.guardian_email, user.email):
        problems.append(("guardian_email", "Enter your parent or guardian's email address, not your own"))
    if request.copy_school and _school(request.school_public_id) is None:
        problems.append(("school", "Choose your school, or untick the box to copy your school"))
    return problems


def check_details(request: SignUpRequest, user, needs_consent: bool) -> None:
    problems = detail_problems(request, user, needs_consent)
    if problems:
        raise InvalidDetails(problems)


def _school(public_id: str | None) -> Organisation | None:
    if not public_id:
        return None
    return db.session.execute(
        select(Organisation).where(Organisation.public_id == public_id, Organisation.kind == "school",
                                   Organisation.status == "approved")
    ).scalar_one_or_none()


@transaction
def sign_up(user, session: TasterSession, request: SignUpRequest) -> SignUp:
    check_open(session)
    age = check_eligible(user, session)
    needs_consent = age < 18
    check_details(request, user, needs_consent)
    school = _school(request.school_public_id) if needs_consent and request.copy_school else None
    # Commits its count part-way through on purpose (it must survive a refusal), so it comes before our changes.
    ratelimit.consume(SIGNUPS_PER_DAY, str(user.id))
    claimed = submissions.claim("taster-sign-up", request.submission)

    session = places.lock_session(session.id)
    check_open(session)
    existing = db.session.execute(
        select(SignUp).where(SignUp.session_id == session.id, SignUp.user_id == user.id, SignUp.status.in_(ACTIVE))
    ).scalars().first()
    if existing is not None:
        what = "on the waiting list for" if existing.status == "waitlisted" else "already signed up for"
        raise NotAllowed(f"You are {what} this session. See your sign-ups.", field="session")
    signup = SignUp(session_id=session.id, user_id=user.id, needs_consent=needs_consent,
                    access_needs=(request.access_needs or None), status="waitlisted", created_at=clock.now())
    signup.session = session
    signup.user = user
    got_place = places.take_place(session)
    if got_place:
        signup.status = places.place_status(signup)
    elif request.join_waitlist:
        signup.waitlist_position = places.next_waitlist_position(session)
    else:  # @transaction rolls back the claim and the lock with it
        raise SessionFull("Sorry, this session is now full. Tick the box to join the waiting list and we will "
                          "offer you a place if one comes up.", field="join_waitlist")
    db.session.add(signup)
    if needs_consent:
        signup.consent = GuardianConsent(guardian_name=request.guardian_name.strip(),
                                         guardian_email=request.guardian_email.strip(), copy_school=bool(school),
                                         school_id=school.id if school else None, school=school,
                                         created_at=clock.now())
    db.session.flush()
    if got_place and needs_consent:
        consents.request(signup)
    title = session.opportunity.title
    notify.to_visitor(signup, "taster_signup_received", f"You have asked for a place: {title}", step="received",
                      status=signup.status, rank=places.waitlist_rank(signup))
    if got_place:
        notify.to_provider(signup, "new_signup", f"New taster sign-up: {title}", step="new")
    audit.record("taster.signed_up", actor=user, subject=signup, status=signup.status, minor=needs_consent)
    submissions.settle(claimed, signup.public_id)
    return signup


def confirm(signup: SignUp) -> None:
    """Both sides have said yes. Call with the sign-up locked; the caller commits."""
    signup.status = "confirmed"
    signup.confirmed_at = clock.now()
    title = signup.session.opportunity.title
    notify.to_visitor_and_guardian(
        signup, "taster_confirmed", f"Your taster place is confirmed: {title}", step="confirmed",
        calendar_url=path_for("tasters.my_signup_calendar", public_id=signup.public_id),
        rules=notify.UNDER_18_RULES if signup.needs_consent else (),
    )
    notify.to_school(signup, step="confirmed", status_text="The place is now confirmed.")
    audit.record("taster.confirmed", subject=signup, minor=signup.needs_consent)


def own_signup(user, public_id: str) -> SignUp | None:
    return db.session.execute(
        select(SignUp).where(SignUp.public_id == public_id, SignUp.user_id == user.id)
    ).scalar_one_or_none()


def my_signups(user) -> list[SignUp]:
    rows = db.session.execute(
        select(SignUp).join(TasterSession, TasterSession.id == SignUp.session_id)
        .where(SignUp.user_id == user.id).order_by(TasterSession.starts_at.desc(), SignUp.id.desc())
    ).scalars().all()
    return list(rows)


@transaction
def visitor_cancel(user, signup: SignUp, reason: str) -> SignUp:
    if reason not in notify.VISITOR_REASONS:
        raise NotAllowed("Choose a reason", field="reason")
    signup = places.lock_signup(signup.id)
    if signup.user_id != user.id:
        raise NotAllowed("That sign-up was not found.")
    if not signup.is_active:
        raise NotAllowed("This place has already ended.", field="reason")
    if signup.session.has_started():
        raise NotAllowed("The session has already started, so it cannot be cancelled here. Please call the "
                         "provider.", field="reason")
    was_holding = signup.holds_place
    places.end_signup(signup, "cancelled", by="visitor", reason=reason, actor=user)
    title = signup.session.opportunity.title
    if was_holding:
        notify.to_provider(signup, "visitor_cancelled", f"A visitor has cancelled: {title}", step="visitor-cancelled",
                           reason=notify.reason_text(reason))
    if signup.needs_consent and signup.consent is not None and signup.consent.decision != "declined":
        notify.to_guardian(signup, "taster_cancelled", f"A taster place has been cancelled: {title}",
                           step="visitor-cancelled", who="visitor", reason=notify.reason_text(reason))
    audit.record("taster.cancelled_by_visitor", actor=user, subject=signup, reason=reason)
    return signup


def _provider_signup(organisation, public_id: str) -> SignUp:
    from flask import abort

    from outreach.models.opportunities import Opportunity

    signup = db.session.execute(
        select(SignUp).join(TasterSession, TasterSession.id == SignUp.session_id)
        .join(Opportunity, Opportunity.id == TasterSession.opportunity_id)
        .where(SignUp.public_id == public_id, Opportunity.organisation_id == organisation.id)
    ).scalar_one_or_none()
    if signup is None:
        abort(404)
    return signup


def provider_signup_or_404(organisation, public_id: str) -> SignUp:
    return _provider_signup(organisation, public_id)


@transaction
def provider_accept(actor, signup: SignUp) -> SignUp:
    standing.require_approved(signup.session.opportunity.organisation)
    signup = places.lock_signup(signup.id)
    if signup.status not in ("pending_consent", "pending_provider") or signup.provider_accepted_at is not None:
        raise NotAllowed("This sign-up is not waiting for you to accept it.")
    if signup.session.has_started():
        raise NotAllowed("The session has already started.")
    signup.provider_accepted_at = clock.now()
    signup.provider_accepted_by_id = actor.id
    if signup.status == "pending_provider":
        confirm(signup)
    audit.record("taster.provider_accepted", actor=actor, subject=signup, minor=signup.needs_consent)
    return signup


@transaction
def provider_end(actor, signup: SignUp, reason: str) -> SignUp:
    """Decline a sign-up waiting for an answer, or cancel an accepted one; the visitor is told."""
    standing.require_approved(signup.session.opportunity.organisation)
    if reason not in notify.PROVIDER_REASONS:
        raise NotAllowed("Choose a reason", field="reason")
    signup = places.lock_signup(signup.id)
    if not signup.is_active:
        raise NotAllowed("This place has already ended.")
    if signup.session.has_started():
        raise NotAllowed("The session has already started.")
    status = "cancelled" if signup.status == "confirmed" or signup.provider_accepted_at else "declined"
    places.end_signup(signup, status, by="provider", reason=reason, actor=actor)
    title = signup.session.opportunity.title
    notify.to_visitor_and_guardian(signup, "taster_cancelled", f"Your taster place has been {status}: {title}",
                                   step=f"provider-{status}", who="provider", reason=notify.reason_text(reason))
    audit.record(f"taster.provider_{status}", actor=actor, subject=signup, reason=reason, minor=signup.needs_consent)
    return signup


def expire_due(now) -> int:
    """Release places whose consent link has run out, or that the provider never confirmed.

    A job, not one unit of work: each sign-up is committed (or skipped and rolled back) on its own."""
    from outreach.models.signups import GuardianConsent as Consent

    waiting_consent = db.session.execute(
        select(SignUp.id).join(Consent, Consent.signup_id == SignUp.id)
        .where(SignUp.status == "pending_consent", Consent.decision.is_(None), Consent.expires_at <= now)
    ).scalars().all()
    waiting_provider = db.session.execute(
        select(SignUp.id).join(TasterSession, TasterSession.id == SignUp.session_id)
        .where(SignUp.status == "pending_provider", TasterSession.starts_at <= now)
    ).scalars().all()
    count = 0
    for signup_id, reason in [(i, "consent_not_received") for i in waiting_consent] + \
                             [(i, "provider_no_reply") for i in waiting_provider]:
        signup = places.lock_signup(signup_id)
        if signup.status not in ("pending_consent", "pending_provider") or not reminders.claim(
                "taster_expire", f"signup:{signup_id}", "expired"):
            db.session.rollback()
            continue
        places.end_signup(signup, "expired", by="system", reason=reason)
        notify.to_visitor_and_guardian(signup, "taster_cancelled",
                                       f"Your taster place has been released: {signup.session.opportunity.title}",
                                       step="expired", who="system", reason=notify.reason_text(reason))
        audit.record("taster.expired", subject=signup, reason=reason)
        db.session.commit()
        count += 1
    return count
