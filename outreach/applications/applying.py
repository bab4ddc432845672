"""Applying for a job or apprenticeship: a short values-based application.

An application is the person's values questionnaire result plus their answers to the 2 or 3
motivation questions the provider chose. The person may also let the provider see their answer
to each questionnaire question (off unless they tick it). One application per person and
vacancy; someone who withdrew may apply again, which reopens the same application (its history
shows both, and it keeps its place in the queue by the date they first applied).
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from outreach import audit, clock
from outreach.applications.errors import NotEligible, NotOpen
from outreach.applications.pipeline import record_change
from outreach.extensions import db
from outreach.mail import queue_email
from outreach.mail.links import path_for
from outreach.matching_adapter import age_of
from outreach.models.applications import Application, ApplicationInvitation
from outreach.models.opportunities import Opportunity
from outreach.models.vacancies import VacancyDetails
from outreach.questionnaire.service import latest_completed
from outreach.vacancies import questions

MIN_ANSWER, MAX_ANSWER = 20, 1500


def existing(user, opportunity: Opportunity) -> Application | None:
    return db.session.execute(
        select(Application).where(Application.user_id == user.id, Application.opportunity_id == opportunity.id)
    ).scalar_one_or_none()


def check_can_apply(user, details: VacancyDetails | None) -> None:
    """NotOpen or NotEligible with a reason the person can act on; None if they may apply."""
    if details is None or not details.opportunity.is_public or not details.is_open_on(clock.today_uk()):
        raise NotOpen("This vacancy is not taking applications any more.")
    if user.account_type != "applicant":
        raise NotEligible("Only applicant accounts can apply for jobs and apprenticeships.")
    if not user.is_verified:
        raise NotEligible("Confirm your email address first: use the link we sent you, or ask for a new one on your "
                          "dashboard.")
    age = age_of(user.date_of_birth)
    if age is None or age < details.opportunity.min_age:
        raise NotEligible(f"You need to be {details.opportunity.min_age} or over for this "
                          f"{details.opportunity.kind_label.lower()}.")
    found = existing(user, details.opportunity)
    if found is not None and found.stage != "withdrawn":
        raise NotEligible("You have already applied. You can follow it on your applications page.")
    if latest_completed(user) is None:
        raise NotEligible("Your application includes your values questionnaire result, so please finish the "
                          "questionnaire first. It takes about 15 minutes.")


def apply(user, details: VacancyDetails | None, answers: dict[str, str], share_raw_answers: bool) -> Application:
    check_can_apply(user, details)
    opportunity = details.opportunity
    asked = questions.chosen(details.motivation_questions)
    stored = []
    for question in asked:
        answer = (answers.get(question.key) or "").strip()
        if len(answer) < MIN_ANSWER:
            raise NotEligible(f"Answer in a sentence or two (at least {MIN_ANSWER} characters)",
                              field=f"answer_{question.key}")
        if len(answer) > MAX_ANSWER:
            raise NotEligible(f"Keep your answer under {MAX_ANSWER} characters", field=f"answer_{question.key}")
        stored.append({"key": question.key, "question": question.text, "answer": answer})
    response = latest_completed(user)
    now = clock.now()
    application = existing(user, opportunity)
    new = application is None
    if new:
        application = Application(opportunity_id=opportunity.id, opportunity=opportunity, user_id=user.id, user=user,
                                  stage="applied", created_at=now)
        db.session.add(application)
    application.answers = stored
    application.values_scores = dict(response.scores or {})
    application.questionnaire_response_id = response.id
    application.share_raw_answers = bool(share_raw_answers)
    try:
        db.session.flush()
    except IntegrityError:  # a double submit: the other request already applied
        db.session.rollback()
        raise NotEligible("You have already applied. You can follow it on your applications page.")
    record_change(application, "applied", user, new=new)
    db.session.flush()
    audit.record("application.made", actor=user, subject=application, opportunity=opportunity.public_id,
                 raw_answers=application.share_raw_answers)
    queue_email(to=user.email, user=user, template="application_received",
                subject=f"We have sent your application: {opportunity.title}",
                key=f"application:{application.id}:received:{now.isoformat()}", first_name=user.first_name,
                title=opportunity.title, provider_name=opportunity.organisation.name,
                application_url=path_for("applications.detail", public_id=application.public_id))
    db.session.commit()
    return application


def mine(user) -> list[Application]:
    return list(db.session.execute(
        select(Application).where(Application.user_id == user.id)
        .options(selectinload(Application.changes)).order_by(Application.created_at.desc(), Application.id.desc())
    ).scalars())


def invitations_for(user) -> list[ApplicationInvitation]:
    """Invitations to apply that the person has not acted on, for open posts only."""
    found = db.session.execute(
        select(ApplicationInvitation).where(ApplicationInvitation.user_id == user.id)
        .order_by(ApplicationInvitation.created_at.desc())
    ).scalars().all()
    applied = {a.opportunity_id for a in mine(user)}
    return [i for i in found if i.opportunity.is_public and i.opportunity_id not in applied]


def one_of_mine(user, public_id: str) -> Application | None:
    return db.session.execute(
        select(Application).where(Application.public_id == (public_id or ""), Application.user_id == user.id)
        .options(selectinload(Application.changes))
    ).scalar_one_or_none()
