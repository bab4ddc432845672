"""Nudge applicants who left the values questionnaire unfinished: after 1 day and after 4 days.

Counted from their last answer. Each nudge is claimed (job, response, step) in the same
transaction that queues its email, so running the job twice, or two schedulers at once,
never sends one twice. After 14 days without an answer we stop nudging. Only applicants are
nudged, never pupils. (The ``questionnaire_nudge`` job also holds nudges in quiet hours.)
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from outreach import reminders
from outreach.domain import transaction
from outreach.extensions import db
from outreach.mail import queue_email
from outreach.models.accounts import User
from outreach.models.questionnaires import QuestionnaireResponse
from outreach.questionnaire import bank as banks
from outreach.questionnaire import store

JOB = "questionnaire_nudge"
STEPS = (("day-4", timedelta(days=4)), ("day-1", timedelta(days=1)))  # latest step first
STOP_AFTER = timedelta(days=14)


def _path(endpoint: str) -> str:
    """An email link path outside a request (the template adds base_url)."""
    adapter = current_app.url_map.bind("localhost", script_name=current_app.config.get("APPLICATION_ROOT") or "/")
    return adapter.build(endpoint)


def _step_for(idle: timedelta) -> str | None:
    return next((name for name, after in STEPS if idle >= after), None)


def due(now: datetime) -> list[int]:
    """Unfinished attempts of active applicants, idle for at least a day but not yet 14."""
    return db.session.execute(
        select(QuestionnaireResponse.id)
        .join(User, User.id == QuestionnaireResponse.user_id)
        .where(QuestionnaireResponse.completed_at.is_(None), User.account_type == "applicant",
               User.is_disabled.is_(False), QuestionnaireResponse.updated_at <= now - STEPS[-1][1],
               QuestionnaireResponse.updated_at > now - STOP_AFTER)
        .order_by(QuestionnaireResponse.id)
    ).scalars().all()


@transaction
def nudge(response_id: int, now: datetime) -> bool:
    """Claim and queue one nudge. True if an email was queued."""
    response = db.session.get(QuestionnaireResponse, response_id)
    if response is None or response.completed_at is not None:
        return False
    step = _step_for(now - response.updated_at)
    if step is None or not reminders.claim(JOB, f"response:{response.public_id}", step):
        return False
    user = response.user
    item_list = banks.items(store.bank_for(response.bank_version))
    answered = sum(1 for item in item_list if item.item_id in response.answers)
    queue_email(
        to=user.email, user=user, template="questionnaire_nudge", essential=False,
        subject="Your values questionnaire is waiting for you",
        key=f"{JOB}:{response.public_id}:{step}",
        user_name=user.first_name, answered=answered, total=len(item_list), step=step,
        continue_url=_path("questionnaire.resume"),
    )
    return True
