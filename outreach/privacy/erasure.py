"""The one way to erase a person: "delete my account" and the retention job both call it.

Erasing a person: their identity goes from the account first (so nothing sent afterwards names
them); upcoming taster places are cancelled (the waiting list moves up) and open applications are
withdrawn; then everything that is only theirs is deleted. Records others must keep stay without
identity: sign-ups and applications (the impact dashboard counts them; a provider keeps its hires),
employment checks, the points ledger and the audit log. Free text about the person (access needs,
application answers, notes, stage reasons, feedback comments) and guardians' details go. The account
row itself is deleted when nothing refers to it, otherwise kept as an anonymous, disabled shell.

A referred friend (a lead) and a guardian are erased here too: a lead keeps its stages and points
but loses the friend's name, email and phone; a guardian consent keeps its decision but loses the
guardian's name, email and link.
"""
from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import case, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from outreach import audit, clock
from outreach.extensions import db
from outreach.models.accounts import EmailToken, User, UserSession
from outreach.models.applications import (
    ApplicantProfile,
    Application,
    ApplicationInvitation,
    ApplicationNote,
    ApplicationStageChange,
)
from outreach.models.audit import AuditEvent
from outreach.models.concerns import Concern
from outreach.models.impact import EqualOpportunities
from outreach.models.organisations import Invitation, Membership
from outreach.models.outbox import EmailUnsubscribe, OutboxMessage
from outreach.models.questionnaires import QuestionnaireResponse, ValuesShare
from outreach.models.referrals import Lead, LeaderboardOptIn, LeadStageChange, PointsEntry, ReferralLink
from outreach.models.signups import GuardianConsent, SignUp, TasterFeedback

REMOVED = "(removed)"
ERASED_DOMAIN = "deleted.invalid"
CHUNK = 1000


def is_erased(user: User) -> bool:
    return user.email.endswith("@" + ERASED_DOMAIN)


def anonymise_leads(ids, now: datetime, *, keep_digests: bool = True) -> int:
    """Remove friends' names, emails and phones (and what recruiters wrote about them) from leads.

    Stages, dates and points stay. Keyed digests of the email and phone may stay a while longer so
    the 12-month fair rules still work; the retention job clears them.
    """
    ids = list(ids)
    values = dict(friend_name=REMOVED, email=None, phone=None, anonymised_at=now)
    if not keep_digests:
        values.update(email_digest=None, phone_digest=None)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        db.session.execute(update(Lead).where(Lead.id.in_(chunk)).values(**values),
                           execution_options={"synchronize_session": "fetch"})
        db.session.execute(update(LeadStageChange).where(LeadStageChange.lead_id.in_(chunk),
                                                         LeadStageChange.reason.is_not(None)).values(reason=None),
                           execution_options={"synchronize_session": False})
    return len(ids)


def erase_guardian_details(consent_ids, now: datetime) -> int:
    """Remove guardians' names, emails and link hashes; the consent decision and its date stay."""
    ids = list(consent_ids)
    for start in range(0, len(ids), CHUNK):
        db.session.execute(update(GuardianConsent).where(GuardianConsent.id.in_(ids[start:start + CHUNK])).values(
            guardian_name=None, guardian_email=None, token_hash=None, purged_at=now),
            execution_options={"synchronize_session": "fetch"})
    return len(ids)


def erase_person(user: User, *, action: str, now: datetime | None = None) -> str:
    """Erase a person (see the module docstring). Returns "deleted" or "anonymised".

    Not a ``@transaction``: it commits step by step on purpose (identity first, then each cancelled
    place or withdrawn application, then the rest), so one stuck step never undoes the others."""
    now = now or clock.now()
    user_id, public_id = user.id, user.public_id
    email = user.email.lower()
    last_message = db.session.execute(select(func.max(OutboxMessage.id))).scalar() or 0
    guardian_emails = _remove_identity(user, now)
    _end_running_things(user)
    user = db.session.get(User, user_id)
    _erase_records(user_id, email, guardian_emails, now, last_message)
    how = "anonymised" if _must_keep_account(user_id) else "deleted"
    if how == "deleted":
        try:
            with db.session.begin_nested():
                db.session.execute(delete(User).where(User.id == user_id))
        except IntegrityError:  # a table added later still refers to the account: keep the shell
            how = "anonymised"
    audit.record(action, subject_type="User", subject_id=public_id, how=how)
    db.session.commit()
    return how


def _remove_identity(user: User, now: datetime) -> list[str]:
    """Step one, committed before anything is cancelled: the account and guardians stop naming anyone."""
    consents = db.session.execute(select(GuardianConsent.id, GuardianConsent.guardian_email)
                                  .join(SignUp, SignUp.id == GuardianConsent.signup_id)
                                  .where(SignUp.user_id == user.id)).all()
    erase_guardian_details([row.id for row in consents], now)
    applied_guardians = db.session.execute(select(Application.guardian_email).where(
        Application.user_id == user.id, Application.guardian_email.is_not(None))).scalars().all()
    db.session.execute(update(Application).where(Application.user_id == user.id).values(
        guardian_name=None, guardian_email=None))
    db.session.execute(update(User).where(User.id == user.id).values(
        email=f"deleted-{user.public_id}@{ERASED_DOMAIN}", first_name="Deleted", last_name=None, date_of_birth=None,
        postcode_sector=None, password_hash="!" + secrets.token_hex(8), email_verified_at=None, is_disabled=True,
        last_active_at=None), execution_options={"synchronize_session": "fetch"})
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    db.session.commit()
    return [row.guardian_email.lower() for row in consents if row.guardian_email] + [
        email.lower() for email in applied_guardians]


def _end_running_things(user: User) -> None:
    """Cancel upcoming taster places (the waiting list moves up) and withdraw open applications."""
    from outreach.applications import pipeline
    from outreach.tasters import signups

    for signup in signups.my_signups(user):
        if signup.is_active and not signup.session.has_started():
            try:
                signups.visitor_cancel(user, signup, "other")
            except Exception:  # one stuck place must not stop the erasure
                db.session.rollback()
    open_ids = db.session.execute(select(Application.public_id).where(
        Application.user_id == user.id, Application.stage.not_in(("hired", "rejected", "withdrawn")))).scalars().all()
    for application_public_id in open_ids:
        try:
            pipeline.withdraw(user, application_public_id)
        except Exception:  # closed meanwhile
            db.session.rollback()


def _ids(query) -> list[int]:
    return list(db.session.execute(query).scalars())


def _erase_records(user_id: int, email: str, guardian_emails: list[str], now: datetime, last_message: int) -> None:
    signup_ids = _ids(select(SignUp.id).where(SignUp.user_id == user_id))
    application_ids = _ids(select(Application.id).where(Application.user_id == user_id))
    lead_ids = _ids(select(Lead.id).where(Lead.anonymised_at.is_(None), or_(
        func.lower(Lead.email) == email, Lead.application_id.in_(application_ids))))
    concern_ids = _ids(select(Concern.id).where(Concern.reporter_id == user_id))
    _erase_email(user_id, email, guardian_emails, last_message, signup_ids=signup_ids, application_ids=application_ids,
                 lead_ids=lead_ids, concern_ids=concern_ids)
    for model in (EmailToken, ApplicantProfile, QuestionnaireResponse, ValuesShare, EqualOpportunities,
                  LeaderboardOptIn, Membership, ReferralLink, ApplicationInvitation):
        db.session.execute(delete(model).where(model.user_id == user_id))
    db.session.execute(delete(EmailUnsubscribe).where(or_(EmailUnsubscribe.user_id == user_id,
                                                          func.lower(EmailUnsubscribe.address) == email)))
    db.session.execute(delete(Invitation).where(func.lower(Invitation.email) == email))
    db.session.execute(update(SignUp).where(SignUp.user_id == user_id).values(access_needs=None))
    if signup_ids:
        db.session.execute(update(TasterFeedback).where(TasterFeedback.signup_id.in_(signup_ids))
                           .values(enjoyed=None, comment=None))
    db.session.execute(update(Application).where(Application.user_id == user_id).values(
        answers=[], values_scores=None, questionnaire_response_id=None, share_raw_answers=False))
    if application_ids:
        db.session.execute(delete(ApplicationNote).where(ApplicationNote.application_id.in_(application_ids)))
        db.session.execute(update(ApplicationStageChange).where(ApplicationStageChange.application_id.in_(
            application_ids)).values(reason=None))
    anonymise_leads(lead_ids, now)
    db.session.execute(update(Concern).where(Concern.reporter_id == user_id).values(reporter_id=None, contact=None))
    db.session.execute(update(AuditEvent).where(AuditEvent.actor_id == user_id).values(ip_address=None))


def _erase_email(user_id, email, guardian_emails, last_message, *, signup_ids, application_ids, lead_ids,
                 concern_ids) -> None:
    """Delete email to the person and their guardians; blank the text of email to others about them.

    Messages queued during the erasure (a provider told a place was cancelled) name no one, so they stay.
    """
    addresses = [email, *guardian_emails]
    db.session.execute(delete(OutboxMessage).where(or_(OutboxMessage.user_id == user_id,
                                                       func.lower(OutboxMessage.to_address).in_(addresses))))
    about = [OutboxMessage.key.like(f"taster:%:{i}:%") for i in signup_ids]
    about += [OutboxMessage.key.like(f"application:{i}:%") for i in application_ids]
    about += [OutboxMessage.key.in_((f"referral-welcome:{i}", f"referral-confirm:{i}")) for i in lead_ids]
    about += [OutboxMessage.key.like(f"chase_leads:{i}:%") for i in lead_ids]
    about += [OutboxMessage.key.like(f"employment_checks:application:{i}:%") for i in application_ids]
    about += [OutboxMessage.key.like(f"employment_checks:{i}:%") for i in lead_ids]
    about += [OutboxMessage.key == f"concern:{i}" for i in concern_ids]  # to the safeguarding lead
    if about:
        earlier = or_(OutboxMessage.status != "pending", OutboxMessage.id <= last_message)
        db.session.execute(update(OutboxMessage).where(or_(*about), earlier).values(
            subject=REMOVED, body_text="", body_html="",
            status=case((OutboxMessage.status == "pending", "skipped"), else_=OutboxMessage.status)))


def _must_keep_account(user_id: int) -> bool:
    """Rows others keep refer to the account: sign-ups and applications (counted), the points ledger, leads."""
    for column in (SignUp.user_id, Application.user_id, PointsEntry.user_id, Lead.referrer_id):
        if db.session.execute(select(column).where(column == user_id).limit(1)).first() is not None:
            return True
    return False
