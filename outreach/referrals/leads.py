"""A friend's journey as a lead: coming forward, confirming, stages and points.

Every new lead passes the fair rules (``fair_rules.py``), checked with the provider's settings row
locked, so of two referrals of the same friend at once, the first valid one wins.

Neither the public form nor a staff member's form says which private rule refused a friend (or
that one did): the refused lead is kept quietly without contact details, no email goes out, and it
goes cold like any friend who does not reply. Points wait until the friend confirms from their own
email address (the emailed link, or applying from that verified address); a friend who left only a
phone number earns their referrer no points.
"""
from __future__ import annotations

from datetime import datetime

from dateutil.relativedelta import relativedelta
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner
from sqlalchemy import select

from outreach import audit, clock, ratelimit, submissions
from outreach.domain import transaction
from outreach.extensions import db
from outreach.mail import queue_email
from outreach.mail.links import path_template
from outreach.mail.unsubscribe import signer
from outreach.models.accounts import User
from outreach.models.organisations import Organisation
from outreach.models.referrals import (
    ACTIVE_STAGES,
    LEAD_STAGES,
    PROGRESS_ORDER,
    Lead,
    LeadStageChange,
    ReferralLink,
)
from outreach.organisations import standing
from outreach.privacy import erasure
from outreach.referrals import contact, points
from outreach.referrals.errors import (
    PRIVATE_RULES,
    AlreadyInPipeline,
    AlreadyReferred,
    BadResponseLink,
    LeftRecently,
    ReferralError,
)
from outreach.referrals.fair_rules import check_fair_rules

FORM_LIMIT = ratelimit.Limit("referral-form", 20, 3600)
STAFF_ENTRY_LIMIT = ratelimit.Limit("referral-staff-entry", 30, 86400)
RESPONSE_SALT = "careways-lead-response-v1"
RESPONSE_MAX_AGE = 400 * 86400
REMOVED = erasure.REMOVED


# --- signed links for the friend (confirm, or say no thanks) -----------------------------------

def response_token(lead: Lead | str) -> str:
    return signer(RESPONSE_SALT, TimestampSigner).sign(getattr(lead, "public_id", lead)).decode()


def response_path(lead: Lead | str) -> str:
    return path_template("referrals.respond", "token").format(token=response_token(lead))


def lead_for_token(token: str) -> Lead:
    try:
        public_id = signer(RESPONSE_SALT, TimestampSigner).unsign(token or "", max_age=RESPONSE_MAX_AGE).decode()
    except (BadSignature, SignatureExpired, UnicodeDecodeError):
        raise BadResponseLink() from None
    lead = db.session.execute(select(Lead).where(Lead.public_id == public_id)).scalar_one_or_none()
    if lead is None or lead.anonymised_at is not None:
        raise BadResponseLink("We no longer hold any details for this link.")
    return lead


def declined_by_friend(token: str) -> bool:
    """Whether this response link belongs to a lead whose friend said no thanks (details now deleted)."""
    try:
        public_id = signer(RESPONSE_SALT, TimestampSigner).unsign(token or "", max_age=RESPONSE_MAX_AGE).decode()
    except (BadSignature, SignatureExpired, UnicodeDecodeError):
        return False
    lead = db.session.execute(select(Lead).where(Lead.public_id == public_id)).scalar_one_or_none()
    return lead is not None and lead.anonymised_at is not None and lead.stage == "declined"


def _clean_contact(email: str | None, phone: str | None) -> tuple[str | None, str | None]:
    email = contact.normalise_email(email)
    try:
        phone = contact.normalise_phone(phone)
    except contact.BadPhone as error:
        raise ReferralError(str(error), field="phone") from None
    if not email and not phone:
        raise ReferralError("Enter an email address or a phone number", field="email")
    return email, phone


def _new_lead(organisation: Organisation, *, referrer: User | None, link: ReferralLink | None, source: str,
              name: str, email: str | None, phone: str | None, role_slug: str | None, now: datetime,
              confirmed: bool) -> Lead:
    lead = Lead(
        organisation_id=organisation.id, link_id=getattr(link, "id", None), referrer_id=getattr(referrer, "id", None),
        source=source, friend_name=" ".join(name.split())[:120], email=email, phone=phone,
        email_digest=contact.digest(email), phone_digest=contact.digest(phone), role_slug=role_slug or None,
        consent_at=now if confirmed else None, confirmed_at=now if confirmed else None, stage="new",
        stage_changed_at=now, created_at=now,
    )
    db.session.add(lead)
    db.session.flush()
    db.session.add(LeadStageChange(lead_id=lead.id, from_stage=None, to_stage="new", by_id=getattr(referrer, "id", None)
                                   if source == "staff_entry" else None, at=now,
                                   reason=("Entered by a colleague" if source == "staff_entry"
                                           else "Filled in the form")))
    return lead


@transaction
def submit_friend_form(link: ReferralLink, *, name: str, email: str | None, phone: str | None,
                       role_slug: str | None, ip: str | None) -> Lead | None:
    """A friend followed a staff member's link and filled in the form (with consent).

    Returns the lead, or None when a private fair rule refused it (the page then thanks the
    friend in the same words either way, so the form never reveals who is in whose pipeline).
    """
    standing.require_approved(link.organisation)
    ratelimit.consume(FORM_LIMIT, ip or "unknown")
    email, phone = _clean_contact(email, phone)
    now = clock.now()
    organisation = link.organisation
    points.settings_for(organisation.id, lock=True)  # the provider's row lock: one friend form at a time
    try:
        check_fair_rules(organisation, link.user, email, phone, now)
    except (AlreadyInPipeline, AlreadyReferred, LeftRecently) as error:
        audit.record("referral.refused", subject=link, rule=type(error).__name__)
        return None
    lead = _new_lead(organisation, referrer=link.user, link=link, source="link", name=name, email=email, phone=phone,
                     role_slug=role_slug, now=now, confirmed=True)
    if email:
        queue_email(
            to=email, template="referral_welcome", key=f"referral-welcome:{lead.id}",
            subject=f"Thank you for your interest in {organisation.name}", for_organisation=organisation,
            friend_name=lead.first_name, organisation_name=organisation.name, referrer_name=link.user.first_name,
            respond_url=response_path(lead),
        )
    audit.record("referral.lead_created", subject=lead, source="link", organisation=organisation.public_id)
    return lead


@transaction
def enter_friend(staff: User, *, name: str, email: str | None, phone: str | None, role_slug: str | None,
                 submission: str | None = None) -> Lead:
    """A staff member enters a friend's details with the friend's agreement. The friend must
    confirm by email before anything else is sent or the provider sees their details. A repeat of the
    same form raises submissions.AlreadySubmitted (outcome: the lead's public id)."""
    organisation = staff.organisation
    standing.require_approved(organisation)
    ratelimit.consume(STAFF_ENTRY_LIMIT, str(staff.id))
    email = contact.normalise_email(email)
    if not email:
        raise ReferralError("Enter your friend's email address so they can confirm", field="email")
    email, phone = _clean_contact(email, phone)
    now = clock.now()
    claimed = submissions.claim("staff-entry", submission)
    points.settings_for(organisation.id, lock=True)
    refused = None
    try:
        check_fair_rules(organisation, staff, email, phone, now)
    except PRIVATE_RULES as error:
        refused = error
    lead = _new_lead(organisation, referrer=staff, link=None, source="staff_entry", name=name, email=email,
                     phone=phone, role_slug=role_slug, now=now, confirmed=False)
    if refused is not None:
        # Settled quietly: the staff member sees a friend who has not confirmed, as for anyone.
        lead.email = lead.phone = lead.email_digest = lead.phone_digest = None
        audit.record("referral.refused", actor=staff, subject=lead, rule=type(refused).__name__)
        audit.record("referral.staff_entry", actor=staff, subject=lead, friend_agreed=True)
        return lead
    queue_email(
        to=email, template="referral_confirm", key=f"referral-confirm:{lead.id}",
        subject=f"{staff.first_name} recommended you to {organisation.name}: is that OK?",
        for_organisation=organisation, friend_name=lead.first_name, organisation_name=organisation.name,
        referrer_name=staff.first_name, respond_url=response_path(lead),
    )
    audit.record("referral.staff_entry", actor=staff, subject=lead, friend_agreed=True)
    submissions.settle(claimed, lead.public_id)
    return lead


def _anonymise(lead: Lead, now: datetime, keep_digests: bool = True) -> None:
    db.session.flush()
    erasure.anonymise_leads([lead.id], now, keep_digests=keep_digests)


def _confirm_email(lead: Lead, now: datetime, via: str) -> None:
    """The friend proved the email is theirs: from now on (and for stages already reached) the
    referrer earns points. No commit."""
    if lead.email_confirmed_at is not None:
        return
    lead.email_confirmed_at = now
    points.award_on_email_confirmation(lead, points.settings_for(lead.organisation_id, lock=True), now)
    audit.record("referral.email_confirmed", subject=lead, via=via)


@transaction
def respond(token: str, action: str) -> Lead:
    """The friend confirms (from the emailed link, so from their own inbox) that they are happy to
    be contacted, or says no thanks (details erased)."""
    lead = lead_for_token(token)
    # Lock the lead and re-read it, so a second press waits for the first and sees its answer.
    lead = db.session.execute(select(Lead).where(Lead.id == lead.id).with_for_update(of=Lead)
                              .execution_options(populate_existing=True)).scalar_one()
    now = clock.now()
    if action == "decline" and lead.anonymised_at is not None:
        return lead  # already said no thanks: the same answer again
    if action == "confirm":
        if lead.confirmed_at is None:
            if lead.stage != "new":
                raise BadResponseLink("This request has expired, so we have removed your details.")
            lead.confirmed_at = lead.consent_at = now
            lead.stage_changed_at = now
            db.session.add(LeadStageChange(lead_id=lead.id, from_stage="new", to_stage="new", at=now,
                                           reason="Friend confirmed"))
            audit.record("referral.confirmed", subject=lead)
        _confirm_email(lead, now, via="email link")
        return lead
    if action != "decline":
        raise BadResponseLink()
    if lead.stage in ("hired", "employed_3m", "employed_6m", "left"):
        raise BadResponseLink(f"You already work with {lead.organisation.name}, so talk to them directly.")
    if lead.stage != "declined":
        set_stage(lead, "declined", by=None, reason="Friend said no thanks", now=now)
    _anonymise(lead, now)
    audit.record("referral.friend_declined", subject=lead)
    return lead


# --- stages -------------------------------------------------------------------------------------

def set_stage(lead: Lead, to_stage: str, *, by: User | None, reason: str | None, now: datetime) -> None:
    """Move a lead, record who, when and why, and award any points now earned. No commit."""
    db.session.add(LeadStageChange(lead_id=lead.id, from_stage=lead.stage, to_stage=to_stage,
                                   by_id=getattr(by, "id", None), at=now, reason=(reason or None) and reason[:300]))
    lead.stage, lead.stage_changed_at = to_stage, now
    if to_stage == "hired" and lead.hired_at is None:
        lead.hired_at = now
    if to_stage == "cold":
        lead.cold_at = now
    if to_stage == "left":
        lead.left_at = now
    points.award_progress(lead, points.settings_for(lead.organisation_id), now)


def _lock(lead: Lead) -> Lead:
    return db.session.execute(select(Lead).where(Lead.id == lead.id).with_for_update(of=Lead)).scalar_one()


@transaction
def change_stage(organisation: Organisation, actor: User, lead: Lead, to_stage: str, reason: str | None,
                 new_to_care: bool | None = None) -> Lead:
    """A recruiter moves a lead (and may say whether the friend is new to care)."""
    if lead.organisation_id != organisation.id:
        raise ReferralError("That lead was not found", field="stage")
    lead = _lock(lead)
    if lead.anonymised_at is not None:
        raise ReferralError("This friend's details have been removed, so the lead cannot change", field="stage")
    if not lead.is_confirmed:
        raise ReferralError(f"Wait until {lead.first_name} confirms by email before moving this lead", field="stage")
    if to_stage not in LEAD_STAGES:
        raise ReferralError("Choose a stage", field="stage")
    if to_stage in ("employed_3m", "employed_6m", "left") and lead.hired_at is None and to_stage != lead.stage:
        raise ReferralError("Mark the friend as hired first", field="stage")
    now = clock.now()
    changed = False
    if new_to_care is not None and new_to_care != lead.new_to_care:
        lead.new_to_care, changed = new_to_care, True
    if to_stage != lead.stage:
        set_stage(lead, to_stage, by=actor, reason=reason, now=now)
        changed = True
    elif changed:
        points.award_progress(lead, points.settings_for(lead.organisation_id), now)
    if not changed:
        raise ReferralError(f"The lead is already at {LEAD_STAGES[to_stage].lower()}", field="stage")
    audit.record("referral.stage_changed", actor=actor, subject=lead, to=lead.stage, new_to_care=lead.new_to_care)
    return lead


def employment_check_due(lead: Lead, now: datetime | None = None) -> str | None:
    """"3 months" or "6 months" when the provider should say whether the friend is still there."""
    now = now or clock.now()
    if lead.hired_at is None or lead.stage not in ("hired", "employed_3m"):
        return None
    if lead.stage == "hired" and now >= lead.hired_at + relativedelta(months=3):
        return "3 months"
    if now >= lead.hired_at + relativedelta(months=6):
        return "6 months"
    return None


@transaction
def confirm_still_employed(organisation: Organisation, actor: User, lead: Lead, still_employed: bool) -> Lead:
    """The answer to the 3- or 6-month question: points if still there, "left" if not.

    When the friend's application moved this lead, the application's check is answered too, so
    no recruiter is asked the same question twice.
    """
    if lead.organisation_id != organisation.id:
        raise ReferralError("That lead was not found", field="still_employed")
    application_id = lead.application_id
    if application_id is not None:
        from outreach.applications import employment_checks

        employment_checks.lock(application_id)  # the application before the lead, as employment_checks.record() does
    lead = _lock(lead)
    now = clock.now()
    due = settle_employment_check(lead, still_employed, by=actor, now=now)
    if due is None:
        raise ReferralError("There is no check due for this friend yet", field="still_employed")
    if application_id is not None:
        employment_checks.answer_from_lead(application_id, actor, still_employed, now)
    return lead


def settle_employment_check(lead: Lead, still_employed: bool, *, by: User | None, now: datetime,
                            via: str | None = None) -> str | None:
    """Move a (locked) lead on its 3- or 6-month answer and audit it; no commit, no application.

    Returns the check answered ("3 months" or "6 months"), or None when none is due. Shared by
    confirm_still_employed and by the applications feature when a linked application's check is
    answered (``via="application"``).
    """
    due = employment_check_due(lead, now)
    if due is None:
        return None
    if not still_employed:
        set_stage(lead, "left", by=by, reason=f"Not employed at the {due} check", now=now)
    else:
        target = "employed_6m" if now >= lead.hired_at + relativedelta(months=6) else "employed_3m"
        set_stage(lead, target, by=by, reason=f"Still employed at the {due} check", now=now)
    audit.record("referral.employment_checked", actor=by, subject=lead, still_employed=still_employed, check=due,
                 via=via)
    return due


def linked_lead(application_id: int, *, lock: bool = False) -> Lead | None:
    """The referral lead that application moved, if any (the oldest, should there be two)."""
    query = select(Lead).where(Lead.application_id == application_id).order_by(Lead.id).limit(1)
    if lock:
        query = query.with_for_update(of=Lead)
    return db.session.execute(query).scalar_one_or_none()


def advance_lead_for_application(organisation: Organisation, email: str, stage: str,
                                 by: User | None = None, application=None) -> Lead | None:
    """For the applications feature: move a referred friend's lead when their application moves.

    Call inside your own transaction (this flushes but never commits). ``stage`` is one of
    "applied", "interviewed", "hired" or "declined". A lead only moves forward (or to declined from
    an open stage); an unconfirmed, closed or unknown lead is left alone. Returns the lead moved.

    Pass the ``application`` (flushed, so it has an id): the lead it moves remembers it in
    ``Lead.application_id``, so the hire's 3- and 6-month checks are asked once, about the
    application, and answer the lead's too. A lead a recruiter already marked hired is linked to
    the application that is hired now, for the same reason.
    """
    if stage not in ("applied", "interviewed", "hired", "declined"):
        raise ValueError(f"unexpected stage {stage}")
    email_digest = contact.digest(contact.normalise_email(email))
    if not email_digest:
        return None
    lead = db.session.execute(
        select(Lead).where(Lead.organisation_id == organisation.id, Lead.email_digest == email_digest,
                           Lead.stage.in_(ACTIVE_STAGES), Lead.confirmed_at.is_not(None))
        .order_by(Lead.created_at).limit(1).with_for_update(of=Lead)
    ).scalar_one_or_none()
    if lead is None:
        return None
    applicant = getattr(application, "user", None)
    if applicant is not None and applicant.is_verified \
            and contact.digest(contact.normalise_email(applicant.email)) == lead.email_digest:
        _confirm_email(lead, clock.now(), via="application")  # applied from that verified address
    application_id = getattr(application, "id", None)
    current = PROGRESS_ORDER.index(lead.stage)
    if stage == "declined":
        if current >= PROGRESS_ORDER.index("hired"):
            return None
    elif PROGRESS_ORDER.index(stage) <= current:
        if stage == "hired" and application_id is not None and lead.application_id is None:
            lead.application_id = application_id
            audit.record("referral.linked_to_application", actor=by, subject=lead)
            db.session.flush()
        return None
    if application_id is not None:
        lead.application_id = application_id
    set_stage(lead, stage, by=by, reason="From their application", now=clock.now())
    audit.record("referral.stage_from_application", actor=by, subject=lead, to=stage)
    db.session.flush()
    return lead
