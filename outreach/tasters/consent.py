"""A parent's or guardian's consent for an under-18's place, through an emailed link.

The link carries a random token; only its SHA-256 hash is stored. It expires after
CONSENT_LIFETIME and never after the session starts, and takes one decision. The same
link then shows a simple status page for the placement until the guardian's details are
purged (PURGE_AFTER the decision). The guardian needs no account.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from outreach import audit, clock, ratelimit
from outreach.domain import transaction
from outreach.extensions import db
from outreach.mail.links import path_for
from outreach.models.signups import GuardianConsent, SignUp
from outreach.privacy import erasure
from outreach.tasters import notify, places
from outreach.tasters.errors import AlreadyDecided, ConsentExpired, ConsentLinkInvalid, NotAllowed, NotEligible
from outreach.tokens import hash_token, new_token

CONSENT_LIFETIME = timedelta(days=7)
PURGE_AFTER = timedelta(days=30)


def _issue(consent: GuardianConsent) -> str:
    raw, digest = new_token()
    consent.token_hash = digest
    return raw


def request(signup: SignUp, step: str | None = None) -> None:
    """Send the guardian the consent email (the sign-up now holds a place)."""
    consent = signup.consent
    now = clock.now()
    raw = _issue(consent)
    step = step or f"request:{now.isoformat()}"
    consent.requested_at = now
    consent.expires_at = min(now + CONSENT_LIFETIME, signup.session.starts_at)
    session = signup.session
    risk = session.opportunity.risk_assessment
    notify.to_guardian(
        signup, "taster_consent_request", f"Please give or refuse consent: {signup.user.first_name}'s taster",
        step=step, consent_url=path_for("tasters.consent", token=raw),
        expires=clock.to_uk(consent.expires_at).strftime("%-d %B %Y at %H:%M"),
        under_16=(notify.visitor_age(signup) or 0) < 16, rules=notify.UNDER_18_RULES,
        activities=risk.activities if risk else None, hazards=risk.hazards if risk else [],
        findings=risk.findings if risk else None,
    )
    notify.to_school(signup, step=f"requested:{now.isoformat()}",
                     status_text="A parent or guardian has been asked for consent.")
    audit.record("taster.consent_requested", subject=signup, expires_at=consent.expires_at.isoformat())


GUARDIAN_EMAIL_CHANGES = ratelimit.Limit("guardian-email-change", 3, 86400)


@transaction
def change_guardian_email(user, signup: SignUp, email: str) -> bool:
    """The pupil corrects their parent's or guardian's email before anyone has answered.

    A place waiting for consent gets a fresh request at the new address, and the old link stops
    working (only the newest link's hash is kept); a waiting-list place just keeps the new
    address for when a place comes up. The pupil's own inbox is refused, as at sign-up. Limited
    to a few changes a day, like other emails we send on someone's word. Audited, without the
    address. Returns True when the request was sent again.
    """
    from outreach.mailbox import same_mailbox

    def check(signup):
        if signup.user_id != user.id:
            raise NotAllowed("That sign-up was not found.")
        consent = signup.consent
        if not signup.needs_consent or consent is None:
            raise NotAllowed("This place does not need a parent's or guardian's consent.", field="guardian_email")
        if consent.decision is not None:
            raise NotAllowed("Your parent or guardian has already answered, so their email address can no longer "
                             "be changed.", field="guardian_email")
        if not signup.is_active:
            raise NotAllowed("This place has ended, so there is nothing to change.", field="guardian_email")
        if signup.session.has_started():
            raise NotAllowed("The session has already started.", field="guardian_email")
        return consent

    email = (email or "").strip()
    consent = check(signup)
    if not email:
        raise NotEligible("Enter your parent or guardian's email address", field="guardian_email")
    if same_mailbox(email, user.email):
        raise NotEligible("Enter your parent or guardian's email address, not your own", field="guardian_email")
    if consent.guardian_email and email.lower() == consent.guardian_email.strip().lower():
        raise NotEligible("That is the address we already have. Ask them to check their spam folder, or enter a "
                          "different address.", field="guardian_email")
    # Commits its count part-way through on purpose (it must survive a refusal), so it comes before our changes.
    ratelimit.consume(GUARDIAN_EMAIL_CHANGES, str(user.id))
    signup = places.lock_signup(signup.id)
    db.session.refresh(consent)
    consent = check(signup)
    consent.guardian_email = email
    consent.token_hash = None  # any link sent to the old address stops working
    resent = signup.status == "pending_consent"
    if resent:
        request(signup, step=f"request:changed:{clock.now().isoformat()}")
    audit.record("taster.guardian_email_changed", actor=user, subject=signup, resent=resent, minor=True)
    return resent


def remind(consent: GuardianConsent, step: str) -> None:
    """A reminder carries a fresh link (only hashes are kept); the older link stops working."""
    signup = consent.signup
    raw = _issue(consent)
    notify.to_guardian(
        signup, "taster_consent_reminder", f"Reminder: consent for {signup.user.first_name}'s taster",
        step=step, consent_url=path_for("tasters.consent", token=raw),
        expires=clock.to_uk(consent.expires_at).strftime("%-d %B %Y at %H:%M"),
    )
    audit.record("taster.consent_reminded", subject=signup)


def for_token(raw: str) -> GuardianConsent:
    """The consent for a link, or ConsentLinkInvalid. Expiry is checked by the caller."""
    if not raw or len(raw) > 100:
        raise ConsentLinkInvalid(_INVALID)
    consent = db.session.execute(
        select(GuardianConsent).where(GuardianConsent.token_hash == hash_token(raw))
    ).scalar_one_or_none()
    if consent is None or consent.purged_at is not None:
        raise ConsentLinkInvalid(_INVALID)
    return consent


_INVALID = ("This link is not valid. Check that you copied the whole link from the email. If you have had "
            "more than one email from us about this taster, use the link in the newest one.")


def is_expired(consent: GuardianConsent) -> bool:
    return consent.decision is None and (consent.expires_at is None or consent.expires_at <= clock.now())


@transaction
def decide(raw: str, decision: str) -> SignUp:
    """Record the guardian's single decision: 'consented' or 'declined'."""
    if decision not in ("consented", "declined"):
        raise NotAllowed("Choose whether you give consent", field="decision")
    consent = for_token(raw)
    signup = places.lock_signup(consent.signup_id)
    db.session.refresh(consent)
    if consent.decision is not None:
        raise AlreadyDecided("You have already answered. Thank you. The page below shows where things stand.")
    if signup.status != "pending_consent":
        raise NotAllowed("This place is no longer waiting for consent, so there is nothing to decide. "
                         "The page below shows where things stand.")
    if is_expired(consent):
        raise ConsentExpired(_EXPIRED.format(name=signup.user.first_name))
    consent.decision = decision
    consent.decided_at = clock.now()
    title = signup.session.opportunity.title
    if decision == "declined":
        places.end_signup(signup, "declined", by="guardian", reason="guardian_declined")
        notify.to_visitor(signup, "taster_cancelled", f"Your taster place has ended: {title}", step="guardian-declined",
                          who="guardian", reason=notify.reason_text("guardian_declined"))
        notify.to_provider(signup, "guardian_declined", f"A place has been released: {title}",
                           step="guardian-declined")
        audit.record("taster.consent_declined", subject=signup)
    else:
        audit.record("taster.consent_given", subject=signup)
        from outreach.tasters import signups

        if signup.provider_accepted_at is not None:
            signups.confirm(signup)
        else:
            signup.status = "pending_provider"
            notify.to_provider(signup, "consented", f"Consent given, please confirm the place: {title}",
                               step="consented")
    return signup


_EXPIRED = ("This consent link has expired, so {name}'s place has been or will soon be released. "
            "If {name} would still like to go, they can sign up again from their CareWays account.")


@transaction
def guardian_cancel(raw: str, reason: str) -> SignUp:
    if reason not in notify.GUARDIAN_REASONS:
        raise NotAllowed("Choose a reason", field="reason")
    consent = for_token(raw)
    signup = places.lock_signup(consent.signup_id)
    if not signup.is_active:
        raise NotAllowed("This place has already ended.")
    if signup.session.has_started():
        raise NotAllowed("The session has already started. Please call the provider's safeguarding contact.")
    if consent.decision is None:
        consent.decision = "declined"
        consent.decided_at = clock.now()
    places.end_signup(signup, "cancelled", by="guardian", reason=reason)
    title = signup.session.opportunity.title
    notify.to_visitor(signup, "taster_cancelled", f"Your taster place has been cancelled: {title}",
                      step="guardian-cancelled", who="guardian", reason=notify.reason_text(reason))
    notify.to_provider(signup, "guardian_cancelled", f"A place has been cancelled: {title}", step="guardian-cancelled",
                       reason=notify.reason_text(reason))
    audit.record("taster.consent_withdrawn", subject=signup, reason=reason)
    return signup


@transaction
def purge_due(now) -> int:
    """Remove guardians' names, emails and link hashes 30 days after the decision (or after the
    link expired, or the place ended, without one)."""
    cutoff = now - PURGE_AFTER
    due = db.session.execute(
        select(GuardianConsent).join(SignUp, SignUp.id == GuardianConsent.signup_id).where(
            GuardianConsent.purged_at.is_(None),
            (GuardianConsent.decided_at <= cutoff)
            | (GuardianConsent.decided_at.is_(None) & (GuardianConsent.expires_at <= cutoff))
            | (GuardianConsent.decided_at.is_(None) & (SignUp.cancelled_at <= cutoff)),
        )
    ).scalars().all()
    for consent in due:
        audit.record("taster.consent_purged", subject_type="SignUp", subject_id=consent.signup.public_id)
    erasure.erase_guardian_details([consent.id for consent in due], now)
    return len(due)
