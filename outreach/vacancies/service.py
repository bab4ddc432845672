"""Posting a job or apprenticeship: details, the legal minimum pay, publishing, closing and admin approval.

A vacancy is an ``Opportunity`` (kind "apprenticeship" or "job") plus its ``VacancyDetails``.
Publishing, approval, closing and deleting a draft follow the rules every kind of post shares
(``outreach.opportunities``): a provider's first post waits for a platform admin; once any of
theirs has been approved, later ones publish directly; only approved providers' published posts
are public.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select

from outreach import audit, clock, content
from outreach.domain import transaction
from outreach.extensions import db
from outreach.geo import Place
from outreach.mail import queue_email
from outreach.mail.links import path_for
from outreach.models.applications import Application, ApplicationInvitation
from outreach.models.opportunities import Opportunity
from outreach.models.organisations import Organisation
from outreach.models.vacancies import APPRENTICESHIP_LEVELS, PAY_AGE_BANDS, PAY_TYPES, VACANCY_KINDS, VacancyDetails
from outreach.opportunities import posting as posts
from outreach.opportunities import review as reviews
from outreach.opportunities.moves import Where
from outreach.vacancies import pay, questions
from outreach.vacancies.errors import NotAllowed, VacancyError

VACANCY_MIN_AGES = (16, 18)
MAX_HOURS = 60
MAX_PAY_PENCE = {"hourly": 200_00, "annual": 250_000_00}
MIN_MONTHS, MAX_MONTHS = 8, 60  # the minimum apprenticeship length is 8 months from August 2025
MAX_DAYS_OPEN = 366


@dataclass
class VacancyInput:
    kind: str
    role_slug: str | None
    title: str
    description: str
    place: Place | None
    min_age: int
    hours_per_week: float | None
    shift_pattern: str
    closing_date: date | None
    pay_type: str
    pay_pence: int | None
    pay_age_band: str = "21_plus"
    shift_slots: list = field(default_factory=list)
    apprenticeship_standard: str | None = None
    apprenticeship_level: int | None = None
    apprenticeship_months: int | None = None
    training_provider: str | None = None
    driving_licence_required: bool = False
    desired_values: dict = field(default_factory=dict)
    motivation_questions: list = field(default_factory=list)
    submission: str | None = None  # the new-vacancy form's nonce: a repeat raises submissions.AlreadySubmitted


def value_keys() -> tuple[str, ...]:
    from matching import VALUE_KEYS

    return VALUE_KEYS


def check(data: VacancyInput) -> None:
    """Refuse the first thing wrong, beside its field, in the order of the form; tidy what is kept."""
    _check_post(data)
    if data.kind == "apprenticeship":
        _check_apprenticeship(data)
    else:
        _check_job_pay(data)
    today = clock.today_uk()
    short = pay.shortfall(data.pay_type, data.pay_pence, data.hours_per_week, data.pay_age_band, today)
    if short is not None:
        raise VacancyError(short.message, field="pay_amount")
    _check_closing_date(data.closing_date, today)
    data.motivation_questions = _chosen_questions(data.motivation_questions)
    _check_values(data.desired_values)


def _check_post(data: VacancyInput) -> None:
    """What every vacancy needs: kind, role, age, place, hours and pay."""
    if data.kind not in VACANCY_KINDS:
        raise VacancyError("Choose whether this is a job or an apprenticeship", field="kind")
    if content.role(data.role_slug) is None:
        raise VacancyError("Choose the role: search for it, then pick one from the list", field="role_slug")
    if data.min_age not in VACANCY_MIN_AGES:
        raise VacancyError("Choose a minimum age of 16 or 18", field="min_age")
    if data.place is None:
        raise VacancyError("Enter the postcode where the job is based", field="postcode")
    if data.hours_per_week is None or not 1 <= data.hours_per_week <= MAX_HOURS:
        raise VacancyError(f"Enter the hours a week, from 1 to {MAX_HOURS}", field="hours_per_week")
    if data.pay_type not in PAY_TYPES:
        raise VacancyError("Choose whether the pay is per hour or per year", field="pay_type")
    if not data.pay_pence or not 0 < data.pay_pence <= MAX_PAY_PENCE[data.pay_type]:
        raise VacancyError("Enter the pay as an amount in pounds, like 12.71 or 25000", field="pay_amount")


def _check_apprenticeship(data: VacancyInput) -> None:
    """An apprenticeship's standard, level, length and training provider; its pay is the apprentice rate."""
    data.pay_age_band = "apprentice"
    if not (data.apprenticeship_standard or "").strip():
        raise VacancyError("Enter the apprenticeship standard, like Adult Care Worker",
                           field="apprenticeship_standard")
    if data.apprenticeship_level not in APPRENTICESHIP_LEVELS:
        raise VacancyError("Choose the apprenticeship level, from 2 to 7", field="apprenticeship_level")
    if data.apprenticeship_months is None or not MIN_MONTHS <= data.apprenticeship_months <= MAX_MONTHS:
        raise VacancyError(f"Enter how long it lasts, from {MIN_MONTHS} to {MAX_MONTHS} months",
                           field="apprenticeship_months")
    if not (data.training_provider or "").strip():
        raise VacancyError("Name the training provider, like the college that teaches it",
                           field="training_provider")


def _check_job_pay(data: VacancyInput) -> None:
    """A job's pay rate is for an age band the minimum age allows; apprenticeship details are dropped."""
    if data.pay_age_band not in PAY_AGE_BANDS or data.pay_age_band == "apprentice":
        raise VacancyError("Choose who the pay rate is for", field="pay_age_band")
    if not pay.band_fits_min_age(data.pay_age_band, data.min_age):
        raise VacancyError("The minimum age is 18, so choose a pay rate for people aged 18 or over",
                           field="pay_age_band")
    data.apprenticeship_standard = data.training_provider = None
    data.apprenticeship_level = data.apprenticeship_months = None


def _check_closing_date(closing_date: date | None, today: date) -> None:
    if closing_date is None or closing_date < today:
        raise VacancyError("The closing date must be today or later", field="closing_date")
    if closing_date > today + timedelta(days=MAX_DAYS_OPEN):
        raise VacancyError("The closing date can be up to a year ahead", field="closing_date")


def _chosen_questions(keys: list | None) -> list:
    """The chosen motivation questions, each once, in the order chosen."""
    known = questions.by_key()
    chosen = list(dict.fromkeys(keys or []))
    if not questions.MIN_CHOSEN <= len(chosen) <= questions.MAX_CHOSEN or any(k not in known for k in chosen):
        raise VacancyError("Choose 2 or 3 questions for applicants to answer", field="motivation_questions")
    return chosen


def _check_values(desired_values: dict) -> None:
    for key, weight in desired_values.items():
        if key not in value_keys() or not isinstance(weight, int) or not 0 <= weight <= 5:
            raise VacancyError("Each value's importance must be from 0 to 5", field="desired_values")


def pay_problem(details: VacancyDetails, on: date | None = None) -> str | None:
    """Why a saved vacancy's pay is now below the legal minimum (the rates rose since), or None.

    New and edited vacancies are refused below the minimum (``check``), so this only finds ones
    saved under older rates; they cannot be published or approved until the pay is edited.
    """
    short = pay.shortfall(details.pay_type, details.pay_pence, details.hours_per_week, details.pay_age_band,
                          on or clock.today_uk())
    return short.message if short is not None else None


def _apply(opportunity: Opportunity, details: VacancyDetails, data: VacancyInput) -> None:
    opportunity.kind = data.kind
    opportunity.role_slug = data.role_slug
    opportunity.title = data.title.strip()
    opportunity.description = data.description.strip()
    opportunity.min_age = data.min_age
    opportunity.desired_values = {k: v for k, v in data.desired_values.items() if v}
    posts.apply_place(opportunity, data.place)
    for name in ("hours_per_week", "shift_slots", "pay_type", "pay_pence", "pay_age_band", "apprenticeship_level",
                 "apprenticeship_months", "driving_licence_required", "closing_date", "motivation_questions"):
        setattr(details, name, getattr(data, name))
    details.shift_pattern = data.shift_pattern.strip()
    details.apprenticeship_standard = (data.apprenticeship_standard or "").strip() or None
    details.training_provider = (data.training_provider or "").strip() or None


@transaction
def create(organisation: Organisation, actor, data: VacancyInput) -> Opportunity:
    """Save a new vacancy as a draft. A second press of the same form raises
    ``submissions.AlreadySubmitted`` carrying the first draft's public id."""
    check(data)

    def fill(opportunity: Opportunity) -> list:
        now = opportunity.created_at
        details = VacancyDetails(opportunity=opportunity, created_at=now, updated_at=now)
        _apply(opportunity, details, data)
        return [details]

    return posts.new_draft(organisation, actor, noun="vacancy", form_name="vacancy-new", submission=data.submission,
                           fill=fill)


@transaction
def update(opportunity: Opportunity, actor, data: VacancyInput) -> None:
    check(data)
    details = details_of(opportunity)
    posts.edit(opportunity, actor, noun="vacancy", apply=lambda: _apply(opportunity, details, data),
               tell=_tell_applicants)


NOT_TOLD = ("withdrawn", "rejected")  # applications that have ended: nobody is waiting on them


def _tell_applicants(opportunity: Opportunity, before: Where, now: Where, step: str) -> int:
    """Email everyone with a live application for a vacancy that moved its old and new place."""
    applications = db.session.execute(
        select(Application).where(Application.opportunity_id == opportunity.id, Application.stage.not_in(NOT_TOLD))
        .order_by(Application.id)
    ).scalars().all()
    told = 0
    for application in applications:
        user = application.user
        if user.is_disabled:
            continue
        queue_email(to=user.email, user=user, template="application_place_changed",
                    subject=f"New place for {opportunity.title}", key=f"application:{application.id}:{step}",
                    first_name=user.first_name, title=opportunity.title,
                    provider_name=opportunity.organisation.name, kind_label=opportunity.kind_label.lower(),
                    old_where=before.text, where=now.text,
                    application_url=path_for("applications.detail", public_id=application.public_id))
        told += 1
    return told


def details_of(opportunity: Opportunity) -> VacancyDetails:
    return db.session.execute(
        select(VacancyDetails).where(VacancyDetails.opportunity_id == opportunity.id)
    ).scalar_one()


@transaction
def submit(opportunity: Opportunity, actor) -> str:
    """Publish (trusted providers) or send for approval (a provider's first post)."""
    return posts.submit(opportunity, actor, noun="vacancy", not_allowed=NotAllowed,
                        check_ready=lambda: _check_ready(details_of(opportunity)))


def _check_ready(details: VacancyDetails) -> None:
    if details.closing_date < clock.today_uk():
        raise NotAllowed("The closing date has passed. Edit the closing date before publishing.")
    problem = pay_problem(details)
    if problem:
        raise NotAllowed(problem + " Edit the pay before publishing.")


@transaction
def close(opportunity: Opportunity, actor) -> None:
    posts.close(opportunity, actor, noun="vacancy", not_allowed=NotAllowed)


@transaction
def delete_draft(opportunity: Opportunity, actor) -> str:
    """Delete a draft vacancy that was never published and has no applications or invitations.
    Published ones are closed instead, which keeps their applications. Returns the title."""
    return posts.delete_draft(
        opportunity, actor, noun="vacancy", people="applications or invitations", not_allowed=NotAllowed,
        has_people=lambda: _has_people(opportunity),
        also=lambda: db.session.execute(
            select(VacancyDetails).where(VacancyDetails.opportunity_id == opportunity.id)).scalars().all())


def _has_people(opportunity: Opportunity) -> bool:
    return db.session.execute(
        select(Application.id).where(Application.opportunity_id == opportunity.id).union_all(
            select(ApplicationInvitation.id).where(ApplicationInvitation.opportunity_id == opportunity.id))
        .limit(1)
    ).first() is not None


@transaction
def close_expired(now: datetime) -> int:
    """Close published vacancies whose closing date has passed (UK date). Safe to run twice."""
    today = clock.to_uk(now).date()
    expired = db.session.execute(
        select(Opportunity).join(VacancyDetails, VacancyDetails.opportunity_id == Opportunity.id)
        .where(Opportunity.status == "published", Opportunity.kind.in_(VACANCY_KINDS),
               VacancyDetails.closing_date < today)
        .with_for_update(of=Opportunity)
    ).scalars().all()
    for opportunity in expired:
        opportunity.status = "closed"
        audit.record("vacancy.closed", subject=opportunity, reason="closing_date")
    return len(expired)


def for_organisation(organisation: Organisation) -> list[VacancyDetails]:
    return list(db.session.execute(
        select(VacancyDetails).join(Opportunity, Opportunity.id == VacancyDetails.opportunity_id)
        .where(Opportunity.organisation_id == organisation.id, Opportunity.kind.in_(VACANCY_KINDS))
        .order_by(Opportunity.created_at.desc(), Opportunity.id.desc())
    ).scalars())


def public_vacancy(public_id: str) -> VacancyDetails | None:
    """A vacancy anyone may see: published, by an approved provider, not past its closing date."""
    details = db.session.execute(
        select(VacancyDetails).join(Opportunity, Opportunity.id == VacancyDetails.opportunity_id)
        .where(Opportunity.public_id == (public_id or ""), Opportunity.kind.in_(VACANCY_KINDS))
    ).scalar_one_or_none()
    if details is None or not details.opportunity.is_public or not details.is_open_on(clock.today_uk()):
        return None
    return details


def live_for_organisation(organisation: Organisation, page: int = 1, per_page: int = 20):
    """A provider's vacancies anyone may see (``public_vacancy``'s rule), soonest closing first.

    Only for an approved provider: a suspended or pending one has no live vacancies to show."""
    query = (select(VacancyDetails).join(Opportunity, Opportunity.id == VacancyDetails.opportunity_id)
             .join(Organisation, Organisation.id == Opportunity.organisation_id)
             .where(Opportunity.organisation_id == organisation.id, Opportunity.kind.in_(VACANCY_KINDS),
                    Opportunity.status == "published", Organisation.status == "approved",
                    VacancyDetails.closing_date >= clock.today_uk())
             .order_by(VacancyDetails.closing_date, Opportunity.id))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def pending_review(page: int = 1):
    return reviews.pending_review(VACANCY_KINDS, page)


@transaction
def review(opportunity: Opportunity, admin, decision: str, note: str | None) -> None:
    if decision == "approve" and opportunity.status == "pending" and pay_problem(details_of(opportunity)):
        raise VacancyError("The pay is below the legal minimum, so it cannot be approved. Send it back and ask "
                           "for the pay to be changed.", field="decision")
    reviews.decide(opportunity, admin, decision, note, noun="vacancy", template="application_vacancy_decision",
                   manage_endpoint="vacancies.manage", error=VacancyError, not_waiting=NotAllowed)
