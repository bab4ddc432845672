"""Vacancies for tests, made through the real posting service."""
from __future__ import annotations

from datetime import timedelta

from outreach import clock, geo
from outreach.extensions import db
from outreach.models.accounts import User
from outreach.vacancies import service

DEFAULT_QUESTIONS = ["why_care", "helped_someone"]


def vacancy_input(**changes) -> service.VacancyInput:
    values = dict(
        kind="job", role_slug="care-worker", title="Care assistant, days",
        description="Support older people at Test Care Home with daily life, meals, activities and personal care.",
        place=geo.resolve("DT1 1HR", allow_partial=False), min_age=18, hours_per_week=37.5,
        shift_pattern="Four days a week, 8am to 6pm", closing_date=clock.today_uk() + timedelta(days=30),
        pay_type="hourly", pay_pence=1300, pay_age_band="21_plus",
        shift_slots=[[0, "morning"], [0, "afternoon"], [2, "morning"], [5, "morning"]],
        desired_values={"dignity_respect": 5, "compassion_empathy": 4, "reliability": 3},
        motivation_questions=list(DEFAULT_QUESTIONS),
    )
    if changes.get("kind") == "apprenticeship":
        values.update(pay_age_band="apprentice", apprenticeship_standard="Adult Care Worker", apprenticeship_level=2,
                      apprenticeship_months=12, training_provider="Dorchester College", min_age=16, pay_pence=900)
    values.update(changes)
    return service.VacancyInput(**values)


def make_vacancy(organisation, actor: User | None = None, *, status: str = "published", **changes):
    """A vacancy of ``organisation``; published (and the provider trusted) unless told otherwise."""
    if actor is None:
        from tests.factories import make_member

        actor = make_member(organisation, "recruiter")
    changes.setdefault("place", geo.resolve(organisation.postcode, allow_partial=False))
    opportunity = service.create(organisation, actor, vacancy_input(**changes))
    if status != "draft":
        opportunity.status = status
        if status == "published":
            opportunity.published_at = clock.now()
        db.session.commit()
    return service.details_of(opportunity)
