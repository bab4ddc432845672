"""Applying for a job or apprenticeship: a short values-based application.

An application is the person's answers to the 2 or 3 motivation questions the provider chose,
plus their values questionnaire result if they have one (the questionnaire is a friendly, optional
step: the shortlist says who has not done it, and the provider may ask them to, once). The person
may also let the provider see their answer to each questionnaire question (off unless they tick it).
One application per person and vacancy; someone who withdrew may apply again, which reopens the
same application (its history shows both, and it keeps its place in the queue by the date they
first applied).

Pupils and applicants aged 16 and over may apply for posts open to their age. An under-18 is
shown to the provider by first name and age band only (outreach/applications/people.py), is never
discoverable, and names a parent or guardian, who is told when they apply and again when the
provider needs their consent (an interview or an offer; see pipeline.py). The form carries a
submission token, so a double press sends one application and gets the first press's answer.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from outreach import audit, clock, submissions
from outreach.applications.errors import NotEligible, NotOpen, TooYoung
from outreach.applications.pipeline import record_change
from outreach.domain import transaction
from outreach.extensions import db
from outreach.mail import queue_email
from outreach.mail.links import path_for
from outreach.mailbox import same_mailbox
from outreach.matching_adapter import age_of
from outreach.models.applications import Application, ApplicationInvitation
from outreach.models.opportunities import Opportunity
from outreach.models.vacancies import VacancyDetails
from outreach.questionnaire.service import latest_completed
from outreach.questionnaire.timing import current_minutes
from outreach.vacancies import questions

MIN_ANSWER, MAX_ANSWER = 20, 1500
YOUNGEST = 16  # nobody younger may apply for a job or apprenticeship
ADULT = 18
TAKERS = ("pupil", "applicant")
SUBMISSION_FORM = "application"
ALREADY_APPLIED = "You have already applied. You can follow it on your applications page."


@dataclass
class Guardian:
    """An under-18's parent or guardian, as typed on the application form."""

    name: str = ""
    email: str = ""


def existing(user, opportunity: Opportunity) -> Application | None:
    return db.session.execute(
        select(Application).where(Application.user_id == user.id, Application.opportunity_id == opportunity.id)
    ).scalar_one_or_none()


def age_today(user) -> int | None:
    return age_of(user.date_of_birth, clock.today_uk())


def needs_guardian(user) -> bool:
    age = age_today(user)
    return age is None or age < ADULT


def check_can_apply(user, details: VacancyDetails | None, *, already_applied: bool = True) -> None:
    """NotOpen, TooYoung or NotEligible with a reason the person can act on; None if they may apply.

    ``already_applied=False`` leaves out the "you have already applied" check, for the moment a
    form is sent (a repeat press is answered from its submission token first).
    """
    if details is None or not details.opportunity.is_public or not details.is_open_on(clock.today_uk()):
        raise NotOpen("This vacancy is not taking applications any more.")
    if user.account_type not in TAKERS:
        raise NotEligible("Only pupil and applicant accounts can apply for jobs and apprenticeships.")
    if not user.is_verified:
        raise NotEligible("Confirm your email address first: use the link we sent you, or ask for a new one on your "
                          "dashboard.")
    age = age_today(user)
    if age is None:
        raise NotEligible("We need your date of birth to check the age limit. Please contact us.")
    minimum = max(YOUNGEST, details.opportunity.min_age)
    if age < minimum:
        raise TooYoung(f"This {details.opportunity.kind_label.lower()} is for people aged {minimum} and over. "
                       f"You are {age}.", age=age, minimum=minimum)
    if already_applied:
        found = existing(user, details.opportunity)
        if found is not None and found.stage != "withdrawn":
            raise NotEligible(ALREADY_APPLIED)


def _checked_guardian(user, guardian: Guardian | None) -> Guardian | None:
    if not needs_guardian(user):
        return None
    guardian = guardian or Guardian()
    name, email = (guardian.name or "").strip(), (guardian.email or "").strip()
    if not name:
        raise NotEligible("Enter your parent or guardian's full name", field="guardian_name")
    if len(name) > 120:
        raise NotEligible("Keep the name under 120 characters", field="guardian_name")
    if not email or "@" not in email or len(email) > 254:
        raise NotEligible("Enter your parent or guardian's email address, like name@example.com",
                          field="guardian_email")
    if same_mailbox(email, user.email):
        raise NotEligible("Enter your parent or guardian's email address, not your own", field="guardian_email")
    return Guardian(name, email)


@transaction
def apply(user, details: VacancyDetails | None, answers: dict[str, str], share_raw_answers: bool,
          guardian: Guardian | None = None, submission: str | None = None) -> Application:
    """Send the application; a repeat of the same form raises submissions.AlreadySubmitted."""
    check_can_apply(user, details, already_applied=False)
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
    guardian = _checked_guardian(user, guardian)
    claimed = submissions.claim(SUBMISSION_FORM, submission)
    application = existing(user, opportunity)
    if application is not None and application.stage != "withdrawn":
        raise NotEligible(ALREADY_APPLIED)
    response = latest_completed(user)
    now = clock.now()
    new = application is None
    if new:
        application = Application(opportunity_id=opportunity.id, opportunity=opportunity, user_id=user.id, user=user,
                                  stage="applied", created_at=now)
        db.session.add(application)
    application.answers = stored
    application.values_scores = dict(response.scores or {}) if response is not None else None
    application.questionnaire_response_id = response.id if response is not None else None
    application.share_raw_answers = bool(share_raw_answers) and response is not None
    application.guardian_name = guardian.name if guardian else None
    application.guardian_email = guardian.email if guardian else None
    try:
        db.session.flush()
    except IntegrityError:  # a double submit without a token: the other request already applied
        raise NotEligible(ALREADY_APPLIED) from None
    record_change(application, "applied", user, new=new)
    db.session.flush()
    audit.record("application.made", actor=user, subject=application, opportunity=opportunity.public_id,
                 raw_answers=application.share_raw_answers, questionnaire=response is not None,
                 minor=guardian is not None or None)
    queue_email(to=user.email, user=user, template="application_received",
                subject=f"We have sent your application: {opportunity.title}",
                key=f"application:{application.id}:received:{now.isoformat()}", first_name=user.first_name,
                title=opportunity.title, provider_name=opportunity.organisation.name,
                has_questionnaire=response is not None, minutes=current_minutes(),
                questionnaire_url=path_for("questionnaire.index"),
                application_url=path_for("applications.detail", public_id=application.public_id))
    if guardian is not None:
        queue_email(to=guardian.email, template="application_guardian_applied",
                    subject=f"{user.first_name} has applied for {opportunity.title}",
                    key=f"application:{application.id}:guardian-applied:{now.isoformat()}",
                    guardian_name=guardian.name, first_name=user.first_name, title=opportunity.title,
                    kind_label=opportunity.kind_label.lower(), provider_name=opportunity.organisation.name)
    submissions.settle(claimed, application.public_id)
    return application


def attach_questionnaire(user) -> int:
    """Add a newly finished questionnaire result to the person's open applications that have none.

    The apply page and the provider's invitation say that a result finished later is added to the
    application. Called in the questionnaire's own transaction; returns how many were updated.
    """
    response = latest_completed(user)
    if response is None:
        return 0
    waiting = db.session.execute(
        select(Application).where(Application.user_id == user.id, Application.questionnaire_response_id.is_(None))
    ).scalars().all()
    updated = 0
    for application in waiting:
        if not application.is_open or application.values_scores:
            continue
        application.values_scores = dict(response.scores or {})
        application.questionnaire_response_id = response.id
        audit.record("application.questionnaire_added", actor=user, subject=application)
        updated += 1
    return updated


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
