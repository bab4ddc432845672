"""Who may see a person's values profile.

A provider sees someone's values profile (their latest finished questionnaire) only if
the person shared it with that provider (an active ValuesShare) or applied to it
(``has_applied``); their answer to each question only if they agreed to that when
sharing. Providers never see contact details, date of birth or location here. Every
provider view of a profile is audited (a legal requirement for minors; we do it for all).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from outreach import audit, clock
from outreach.domain import transaction
from outreach.extensions import db
from outreach.models.accounts import User
from outreach.models.organisations import Organisation
from outreach.models.questionnaires import ValuesShare
from outreach.questionnaire import report as reports
from outreach.questionnaire.errors import ShareError
from outreach.questionnaire.pages import ReviewRow
from outreach.questionnaire.service import TAKERS, latest_completed

PROVIDERS_PER_PAGE = 10


@dataclass(frozen=True)
class Profile:
    """What a provider may see: first name, scores and report, and answers only with consent."""

    public_id: str
    first_name: str
    report: reports.Report
    completed_at: datetime
    via: str  # "shared" or "applied"
    answers: tuple[ReviewRow, ...] | None  # None unless the person agreed to share them


def has_applied(organisation: Organisation, user: User) -> bool:
    """Whether the person applied to one of this organisation's tasters or vacancies.

    Answered by the applications feature: True when the person has an application (not
    withdrawn) with ``organisation``, which lets that provider see the person's values
    profile (not the raw answers, which always need the person's explicit consent through
    a ValuesShare).
    """
    from outreach.applications.queries import has_applied_to

    return has_applied_to(organisation, user)


def active_share(organisation: Organisation, user: User) -> ValuesShare | None:
    return db.session.execute(
        select(ValuesShare).where(ValuesShare.user_id == user.id, ValuesShare.organisation_id == organisation.id,
                                  ValuesShare.revoked_at.is_(None))
    ).scalar_one_or_none()


def visible_profile(organisation: Organisation, user: User) -> Profile | None:
    """The person's profile as ``organisation`` may see it, or None if it may not (or none exists)."""
    if organisation is None or user is None or not organisation.is_approved or organisation.kind != "provider":
        return None
    if user.account_type not in TAKERS or user.is_disabled:
        return None
    share = active_share(organisation, user)
    if share is None and not has_applied(organisation, user):
        return None
    response = latest_completed(user)
    if response is None:
        return None
    answers = tuple(reports.answers_for(response)) if share is not None and share.include_raw_answers else None
    return Profile(user.public_id, user.first_name, reports.for_response(response), response.completed_at,
                   "shared" if share is not None else "applied", answers)


@transaction
def profile_for_provider(viewer: User, organisation: Organisation, user_public_id: str) -> Profile | None:
    """The profile a recruiter asked for (None means 404: unknown, not shared, or not allowed).

    Audited, including who looked and whether the person is under 18.
    """
    user = db.session.execute(select(User).where(User.public_id == (user_public_id or ""))).scalar_one_or_none()
    profile = visible_profile(organisation, user) if user is not None else None
    if profile is None:
        return None
    audit.record("questionnaire.profile_viewed", actor=viewer, subject=user, subject_type="User",
                 organisation=organisation.public_id, minor=user.is_minor,
                 raw_answers=profile.answers is not None, via=profile.via)
    return profile


def shares_of(user: User) -> list[ValuesShare]:
    return list(db.session.execute(
        select(ValuesShare).where(ValuesShare.user_id == user.id, ValuesShare.revoked_at.is_(None))
        .order_by(ValuesShare.created_at.desc())
    ).scalars())


def shared_with(organisation: Organisation, page: int = 1, per_page: int = 25):
    """People who currently share their profile with the organisation, newest first."""
    query = (select(ValuesShare).join(User, User.id == ValuesShare.user_id)
             .where(ValuesShare.organisation_id == organisation.id, ValuesShare.revoked_at.is_(None),
                    User.is_disabled.is_(False))
             .order_by(ValuesShare.created_at.desc(), ValuesShare.id.desc()))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def search_providers(text: str | None, page: int = 1):
    """Approved providers whose name or town postcode contains the search text."""
    query = select(Organisation).where(Organisation.kind == "provider", Organisation.status == "approved")
    text = (text or "").strip()[:80]
    if text:
        pattern = "%" + text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(func.lower(Organisation.name).like(pattern, escape="\\")
                            | func.lower(Organisation.postcode_district).like(pattern, escape="\\"))
    return db.paginate(query.order_by(Organisation.name, Organisation.id), page=page,
                       per_page=PROVIDERS_PER_PAGE, error_out=False)


def provider_to_share_with(organisation_public_id: str) -> Organisation:
    organisation = db.session.execute(
        select(Organisation).where(Organisation.public_id == (organisation_public_id or ""))
    ).scalar_one_or_none()
    if organisation is None or organisation.kind != "provider" or not organisation.is_approved:
        raise ShareError("Choose a care provider from the list")
    return organisation


@transaction
def share(user: User, organisation_public_id: str, include_raw_answers: bool) -> ValuesShare:
    """Share with a provider, or change what an existing share includes. One transaction."""
    organisation = provider_to_share_with(organisation_public_id)
    existing = db.session.execute(
        select(ValuesShare).where(ValuesShare.user_id == user.id, ValuesShare.organisation_id == organisation.id,
                                  ValuesShare.revoked_at.is_(None)).with_for_update(of=ValuesShare)
    ).scalar_one_or_none()
    if existing is not None:
        existing.include_raw_answers = include_raw_answers
        audit.record("questionnaire.share_changed", actor=user, subject=existing,
                     organisation=organisation.public_id, raw_answers=include_raw_answers)
        return existing
    created = ValuesShare(user_id=user.id, organisation_id=organisation.id,
                          include_raw_answers=include_raw_answers, created_at=clock.now())
    try:
        with db.session.begin_nested():  # another tab may be sharing at the same moment
            db.session.add(created)
    except IntegrityError:  # it was, and won: update that share instead
        return share(user, organisation_public_id, include_raw_answers)
    audit.record("questionnaire.shared", actor=user, subject=created, organisation=organisation.public_id,
                 raw_answers=include_raw_answers)
    return created


@transaction
def revoke(user: User, share_public_id: str) -> ValuesShare | None:
    """Stop sharing. None if the share is not this person's (the view shows 404)."""
    row = db.session.execute(
        select(ValuesShare).where(ValuesShare.public_id == (share_public_id or ""), ValuesShare.user_id == user.id)
    ).scalar_one_or_none()
    if row is None:
        return None
    if row.revoked_at is None:
        row.revoked_at = clock.now()
        audit.record("questionnaire.share_revoked", actor=user, subject=row,
                     organisation=row.organisation.public_id)
    return row
