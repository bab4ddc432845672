"""Taking the values questionnaire: start, show a page, save an answer, finish.

Every answer is saved when its page is posted, so nothing is lost if the person closes
the tab or their sign-in session ends: they carry on from the first unanswered
question. An attempt keeps the bank version it started on, even if the file changes
(it is scored with that archived version). One unfinished attempt per person; a
finished one stays as their values profile until a later attempt is finished.

Pages carry the attempt's public id, the bank version and the item id, so a stale page
(an older attempt, another version, a question that moved) or a tampered answer is
refused with a clear message and nothing stored. Posting the same page twice stores the
same answer twice: harmless.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from outreach import audit, clock
from outreach.content.questionnaire import Bank
from outreach.domain import transaction
from outreach.extensions import db
from outreach.models.questionnaires import QuestionnaireResponse
from outreach.questionnaire import bank as banks
from outreach.questionnaire import store
from outreach.questionnaire.errors import (
    AlreadyFinished,
    NotFinished,
    NotStarted,
    OutOfOrder,
    QuestionnaireError,
    StalePage,
)
from outreach.questionnaire.pages import (
    ACTIONS,
    Question,
    build_question,
    first_unanswered,
    next_number,
    read_answer,
    review_rows,
)

TAKERS = ("applicant", "pupil")


@dataclass(frozen=True)
class Status:
    """What the dashboard and start page show."""

    active: QuestionnaireResponse | None
    answered: int
    total: int
    resume_at: int  # 1-based question to carry on from (total + 1 when all are answered)
    latest: QuestionnaireResponse | None

    @property
    def state(self) -> str:
        if self.active is not None:
            return "active"
        return "complete" if self.latest is not None else "none"


@dataclass(frozen=True)
class Step:
    """Where to go after an answer: a question, the check page, the start page or the report."""

    kind: str  # "question" | "review" | "index" | "report"
    number: int | None = None
    message: str | None = None


def _items(bank: Bank) -> list:
    return banks.items(bank)


def active_response(user, for_update: bool = False) -> QuestionnaireResponse | None:
    query = select(QuestionnaireResponse).where(QuestionnaireResponse.user_id == user.id,
                                                QuestionnaireResponse.completed_at.is_(None))
    if for_update:
        query = query.with_for_update()
    return db.session.execute(query).scalar_one_or_none()


def latest_completed(user) -> QuestionnaireResponse | None:
    return db.session.execute(
        select(QuestionnaireResponse)
        .where(QuestionnaireResponse.user_id == user.id, QuestionnaireResponse.completed_at.is_not(None))
        .order_by(QuestionnaireResponse.completed_at.desc(), QuestionnaireResponse.id.desc()).limit(1)
    ).scalar_one_or_none()


def status(user) -> Status:
    active = active_response(user)
    latest = latest_completed(user)
    if active is None:
        return Status(None, 0, 0, 1, latest)
    item_list = _items(store.bank_for(active.bank_version))
    answered = sum(1 for item in item_list if item.item_id in active.answers)
    return Status(active, answered, len(item_list), first_unanswered(item_list, active.answers) + 1, latest)


@transaction
def start(user) -> QuestionnaireResponse:
    """The unfinished attempt, or a new one on the current bank with its own option order."""
    existing = active_response(user)
    if existing is not None:
        return existing
    bank = store.current_bank()
    seed = secrets.token_hex(16)
    now = clock.now()
    response = QuestionnaireResponse(user_id=user.id, bank_version=bank.version, seed=seed,
                                     option_order=banks.shuffled_option_order(bank, seed), answers={},
                                     position=0, started_at=now, updated_at=now)
    try:
        with db.session.begin_nested():  # a second tab may be starting one at the same moment
            db.session.add(response)
    except IntegrityError:  # it did: use that one
        return active_response(user)
    audit.record("questionnaire.started", actor=user, subject=response, version=bank.version)
    return response


def question(user, number: int) -> Question:
    """Question ``number`` (1-based) of the unfinished attempt, with its saved answer."""
    response = active_response(user)
    if response is None:
        raise NotStarted("Start the questionnaire first.")
    bank = store.bank_for(response.bank_version)
    item_list = _items(bank)
    resume_at = first_unanswered(item_list, response.answers) + 1
    if number > min(resume_at, len(item_list)):
        raise OutOfOrder("Please answer the questions in order. Here is the next one to answer."
                         if resume_at <= len(item_list) else "You have answered every question.",
                         number=resume_at if resume_at <= len(item_list) else None)
    return build_question(bank, item_list, number, response.option_order, response.answers, response.public_id)


def _stale_check(user, response: QuestionnaireResponse | None, response_id: str, version: str) -> None:
    if response is not None and response.public_id == response_id and response.bank_version == version:
        return
    if response is None or response.public_id != response_id:
        finished = db.session.execute(
            select(QuestionnaireResponse).where(QuestionnaireResponse.user_id == user.id,
                                                QuestionnaireResponse.public_id == (response_id or ""),
                                                QuestionnaireResponse.completed_at.is_not(None))
        ).scalar_one_or_none()
        if finished is not None:
            raise AlreadyFinished("You have already finished that questionnaire, so that answer was not "
                                  "saved. Here are your results.")
        if response is None:
            raise NotStarted("That page was out of date, so nothing was saved. You can start the questionnaire here.")
        raise StalePage("That page was from an earlier go at the questionnaire, so nothing was saved. "
                        "Here is where you are now.")
    raise StalePage("The questions have changed since that page was opened, so nothing was saved. "
                    "Here is where you are now.")


@transaction
def save_answer(user, *, response_id: str, number: int, item_id: str, version: str,
                raw_answer: str | None, action: str) -> Step:
    """Check and store one answer, then say where to go. One transaction.

    ``action`` is "next" (answer required), "back" or "later" (an answer is saved if given).
    Raises StalePage/NotStarted/AlreadyFinished for out-of-date pages, AnswerRequired or
    InvalidChoice (beside the answer) for a missing or tampered answer; nothing is stored then.
    """
    action = action if action in ACTIONS else "next"
    response = active_response(user, for_update=True)
    _stale_check(user, response, response_id, version)
    bank = store.bank_for(response.bank_version)
    item_list = _items(bank)
    resume_at = first_unanswered(item_list, response.answers) + 1
    if not 1 <= number <= len(item_list) or item_list[number - 1].item_id != item_id:
        raise StalePage("That page was out of date, so nothing was saved. Here is where you are now.",
                        number=min(resume_at, len(item_list)))
    if number > resume_at:
        raise OutOfOrder("Please answer the questions in order. Here is the next one to answer.", number=resume_at)
    item = item_list[number - 1]
    answer = read_answer(bank, item, raw_answer, required=(action == "next"))
    if answer is not None:
        response.answers = {**response.answers, item.item_id: answer}  # a new dict, so the change is seen
        response.position = first_unanswered(item_list, response.answers)
        response.updated_at = clock.now()
    if action == "later":
        return Step("index", message="Your answers are saved. Come back any time to carry on.")
    target = next_number(action, number, len(item_list))
    if target == 0:
        return Step("index")
    if target is None:
        return Step("review")
    return Step("question", number=target)


def resume_step(user) -> Step:
    """Where an unfinished attempt carries on: the first unanswered question, or the check page."""
    current = status(user)
    if current.active is None:
        return Step("report") if current.latest is not None else Step("index")
    if current.resume_at > current.total:
        return Step("review")
    return Step("question", number=current.resume_at)


def apply_pending(user, pending: dict | None) -> str | None:
    """Save an answer posted after the sign-in session ended (kept in the session cookie).

    Returns a message for the person, or None if there was nothing to save. The answer
    goes through exactly the same checks as a normal page, for this person's attempt only.
    """
    if not isinstance(pending, dict) or not isinstance(pending.get("answer"), str) or not pending["answer"]:
        return None
    try:
        save_answer(user, response_id=str(pending.get("response") or ""), number=int(pending.get("number") or 0),
                    item_id=str(pending.get("item") or ""), version=str(pending.get("version") or ""),
                    raw_answer=pending["answer"],
                    action="later")
    except (QuestionnaireError, ValueError):  # save_answer rolled back: nothing was stored
        return "Welcome back. Your earlier answers are saved; please check this question."
    return "Welcome back. We saved your answer from before you were signed out."


def review(user) -> tuple[QuestionnaireResponse, list]:
    response = active_response(user)
    if response is None:
        raise NotStarted("Start the questionnaire first.")
    item_list = _items(store.bank_for(response.bank_version))
    return response, review_rows(item_list, response.answers)


@transaction
def finish(user, response_id: str) -> QuestionnaireResponse:
    """Score the attempt with its own bank version and keep it as the person's profile.

    Finishing twice (a double click) is harmless: the second call finds it finished.
    """
    response = active_response(user, for_update=True)
    try:
        _stale_check(user, response, response_id, response.bank_version if response else "")
    except AlreadyFinished:
        return latest_completed(user)
    bank = store.bank_for(response.bank_version)
    item_list = _items(bank)
    missing = first_unanswered(item_list, response.answers)
    if missing < len(item_list):
        raise NotFinished("There are still questions to answer. Here is the first one.", number=missing + 1)
    now = clock.now()
    response.scores = banks.score(bank, response.answers)
    response.completed_at = now
    response.updated_at = now
    response.position = len(item_list)
    audit.record("questionnaire.completed", actor=user, subject=response, version=bank.version)
    db.session.flush()
    from outreach.applications.applying import attach_questionnaire  # applications build on the questionnaire

    attach_questionnaire(user)
    return response
