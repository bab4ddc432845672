"""Demo vacancies, applicants, applications and hires for development, so a fresh demo has real
shortlists, matches, hire checks and impact figures. Loaded by ``flask demo load`` after the demo
providers (outreach/demo_data/accounts.py) and tasters; safe to run again: it finds everything by title or
email and adds nothing twice. Never load in production.

Vacancies go through the vacancy service (checks, pay warning, publishing), applications
through the applying service and the pipeline's ``record_change`` (so every stage has its
history row and a hire its ``hired_at``), profiles and equal-opportunities answers through
their own services. The people applied weeks or months ago, so once each is in, its dates are
moved back to match the story; that is the only thing written directly.

The existing demo applicant (applicant@careways.example) is left without applications, and no
demo under-18 is discoverable (the profile service refuses it anyway).
"""
from __future__ import annotations

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from outreach import audit, clock, geo
from outreach.accounts import service as accounts
from outreach.applications import applying, profiles
from outreach.applications.people import is_minor
from outreach.applications.pipeline import record_change
from outreach.demo_data.accounts import DEMO_PASSWORD
from outreach.demo_data.application_stories import (
    CLOSES_IN_DAYS,
    DEMO_APPLICANTS,
    DEMO_VACANCIES,
    applicant_email,
)
from outreach.extensions import db
from outreach.impact import equal_opportunities
from outreach.models.accounts import User
from outreach.models.applications import EmploymentCheck
from outreach.models.opportunities import Opportunity
from outreach.models.organisations import Membership, Organisation
from outreach.models.vacancies import VACANCY_KINDS
from outreach.questionnaire import bank as banks
from outreach.questionnaire import service as questionnaire
from outreach.questionnaire import store
from outreach.vacancies import service as vacancies


class _NoAccount:
    """Acts for a demo provider with no accounts (Purbeck): nobody is recorded as the author."""

    id = None


def _recruiter(organisation: Organisation):
    """The provider's recruiter (or else its owner), who moves its applications in the story."""
    found = db.session.execute(
        select(Membership).where(Membership.organisation_id == organisation.id,
                                 Membership.role.in_(("recruiter", "owner")))
        .order_by((Membership.role == "owner").asc(), Membership.id)
    ).scalars().first()
    return found.user if found else None


def _admin():
    return db.session.execute(select(User).where(User.account_type == "admin").order_by(User.id)).scalars().first()


def _days_ago(days: int, hour: int = 10):
    return clock.now().replace(hour=hour, minute=0, second=0, microsecond=0) - timedelta(days=days)


def _input(spec: dict, organisation: Organisation) -> vacancies.VacancyInput:
    return vacancies.VacancyInput(
        kind=spec["kind"], role_slug=spec["role_slug"], title=spec["title"], description=spec["description"],
        place=geo.resolve(organisation.postcode, allow_partial=False), min_age=spec["min_age"],
        hours_per_week=spec["hours_per_week"], shift_pattern=spec["shift_pattern"],
        closing_date=clock.today_uk() + timedelta(days=CLOSES_IN_DAYS), pay_type="hourly",
        pay_pence=spec["pay_pence"], pay_age_band=spec["pay_age_band"], shift_slots=spec["shift_slots"],
        apprenticeship_standard=spec.get("apprenticeship_standard"),
        apprenticeship_level=spec.get("apprenticeship_level"),
        apprenticeship_months=spec.get("apprenticeship_months"), training_provider=spec.get("training_provider"),
        desired_values=dict(spec["desired_values"]), motivation_questions=list(spec["motivation_questions"]),
    )


def _publish(opportunity: Opportunity, actor) -> None:
    """As a recruiter would: publish (a trusted provider), or send for approval and approve as an admin."""
    if vacancies.submit(opportunity, actor) == "pending":
        admin = _admin()
        if admin is not None:
            vacancies.review(opportunity, admin, "approve", None)


def _vacancy(spec: dict) -> tuple[Opportunity | None, bool]:
    """The demo vacancy (made and published if missing, reopened if it has closed); and whether it is new."""
    organisation = db.session.execute(
        select(Organisation).where(Organisation.name == spec["organisation"])).scalar_one_or_none()
    if organisation is None:
        return None, False
    actor = _recruiter(organisation) or _NoAccount()
    opportunity = db.session.execute(
        select(Opportunity).where(Opportunity.organisation_id == organisation.id, Opportunity.title == spec["title"],
                                  Opportunity.kind.in_(VACANCY_KINDS))
    ).scalars().first()
    if opportunity is None:
        opportunity = vacancies.create(organisation, actor, _input(spec, organisation))
        _publish(opportunity, actor)
        if opportunity.status == "published":  # it has been advertised for a while in the story
            when = _days_ago(spec["published_days_ago"], hour=9)
            opportunity.created_at = opportunity.published_at = when
            vacancies.details_of(opportunity).created_at = when
            db.session.commit()
        return opportunity, True
    details = vacancies.details_of(opportunity)
    if opportunity.status == "closed" or not details.is_open_on(clock.today_uk()):
        # A demo loaded weeks ago: give it a fresh closing date, as its recruiter would.
        vacancies.update(opportunity, actor, _input(spec, organisation))
        if opportunity.status != "published":
            _publish(opportunity, actor)
    return opportunity, False


def _questionnaire_answers(bank: banks.Bank, number: int) -> dict:
    """Mostly the keyed best choices, varied a little for each person so the shortlists differ."""
    answers = {}
    for index, scenario in enumerate(bank.scenarios):
        others = [o for o in scenario.options if not o.best and not o.worst]
        pick = scenario.best if (index + number) % 3 or not others else others[(index + number) % len(others)]
        answers[scenario.item_id] = pick.id
    for index, statement in enumerate(bank.statements):
        agree = 5 - (index + number) % 3 // 2  # 5 or 4
        answers[statement.item_id] = 6 - agree if statement.reverse else agree
    return answers


def _take_questionnaire(user, number: int, days: int) -> None:
    response = questionnaire.start(user)
    response.answers = _questionnaire_answers(store.bank_for(response.bank_version), number)
    db.session.commit()
    response = questionnaire.finish(user, response.public_id)
    response.started_at = _days_ago(days, hour=19)
    response.completed_at = response.updated_at = response.started_at + timedelta(minutes=17)
    db.session.commit()


def _applicant(spec: dict) -> tuple[User, bool]:
    """The demo applicant, with a finished questionnaire and a profile (made if missing)."""
    email = applicant_email(spec["n"])
    first_applied = max(days for path in spec["applications"].values() for _stage, days in path["stages"])
    place = geo.resolve(spec["postcode"])
    user = accounts.find_user(email)
    new = user is None
    if new:
        born = clock.today_uk() - relativedelta(years=spec["age"]) - timedelta(days=37 + 23 * spec["n"])
        user = accounts.create_user(account_type="applicant", email=email, password=DEMO_PASSWORD,
                                    first_name=spec["first"], last_name=spec["last"], date_of_birth=born,
                                    place=place, verified=True)
        user.created_at = user.email_verified_at = _days_ago(first_applied + 6, hour=18)
        db.session.commit()
    if questionnaire.latest_completed(user) is None:
        _take_questionnaire(user, spec["n"], first_applied + 3)
    if profiles.profile_of(user) is None:
        wanted = spec["profile"]
        profile = profiles.save(user, profiles.ProfileInput(
            desired_roles=wanted["roles"], interests=wanted["interests"], experience=wanted["experience"],
            place=place, max_travel_km=wanted["travel"], availability=wanted["slots"],
            driving_licence=wanted.get("licence", False),
            discoverable=wanted["discoverable"] and not is_minor(user.date_of_birth), personalised_matches=True))
        profile.created_at = profile.updated_at = _days_ago(first_applied + 3, hour=20)
        db.session.commit()
    if new and spec["eo"]:
        sex, ethnicity = spec["eo"]
        equal_opportunities.save(user, sex=sex, ethnicity=ethnicity)
    return user, new


def _apply(user, spec: dict, details, path: dict, recruiter, still_employed: bool | None) -> bool:
    """Apply (if not yet applied) and move the application along its path, then date it as the story says."""
    if applying.existing(user, details.opportunity) is not None:
        return False
    wanted = {key: spec["answers"][key] for key in details.motivation_questions}
    guardian = (applying.Guardian(f"Parent of {spec['first']}", f"guardian-{spec['n']:02d}@careways.example")
                if applying.needs_guardian(user) else None)
    application = applying.apply(user, details, wanted, share_raw_answers=spec["n"] % 2 == 0, guardian=guardian)
    changes = list(application.changes)  # "applied", written by the applying service
    minor = is_minor(user.date_of_birth) or None
    for stage, _days in path["stages"][1:]:
        reason = path["reason"] if stage == "rejected" else None
        changes.append(record_change(application, stage, recruiter, reason))
        audit.record("application.stage_changed", actor=recruiter, subject=application, to=stage, minor=minor)
    db.session.flush()
    for index, (change, (_stage, days)) in enumerate(zip(changes, path["stages"], strict=False)):
        change.changed_at = _days_ago(days, hour=15 if index else 11)
    application.created_at = changes[0].changed_at
    application.stage_changed_at = changes[-1].changed_at
    if application.stage == "hired":
        application.hired_at = changes[-1].changed_at
        if still_employed is not None:  # the recruiter answered the 3-month check a few days after it fell due
            answered = application.hired_at + relativedelta(months=3) + timedelta(days=4)
            application.employment_checks.append(EmploymentCheck(
                milestone="3m", still_employed=still_employed, answered_at=answered,
                answered_by_id=getattr(recruiter, "id", None)))
            db.session.flush()
            audit.record("hire.employment_checked", actor=recruiter, subject=application, check="3m",
                         recorded="3m", still_employed=still_employed, via="demo data", minor=minor)
    db.session.commit()
    return True


def load_demo_vacancies() -> dict[str, int]:
    """Add the demo vacancies, applicants and applications that are missing; returns what was added."""
    created = {"vacancies": 0, "applicants": 0, "applications": 0}
    found = {}
    for spec in DEMO_VACANCIES:
        opportunity, new = _vacancy(spec)
        if opportunity is None:
            continue
        created["vacancies"] += new
        if opportunity.is_public:
            found[spec["title"]] = (vacancies.details_of(opportunity), _recruiter(opportunity.organisation))
    if not found:
        return created
    for spec in DEMO_APPLICANTS:
        if not any(title in found for title in spec["applications"]):
            continue
        user, new = _applicant(spec)
        created["applicants"] += new
        for title, path in spec["applications"].items():
            if title in found:
                details, recruiter = found[title]
                created["applications"] += _apply(user, spec, details, path, recruiter,
                                                  spec.get("checks", {}).get(title))
    return created
