"""The short practice version: anyone may take it, and nothing is stored.

The state (bank version, shuffle seed and answers) lives only in the signed session
cookie, which the view passes in and saves back; no database row is written. If the
bank file changes mid-way, the practice simply starts again on the new questions.
"""
from __future__ import annotations

import secrets

from outreach.content.questionnaire import Bank
from outreach.questionnaire import bank as banks
from outreach.questionnaire import store
from outreach.questionnaire.errors import NotStarted, OutOfOrder, StalePage
from outreach.questionnaire.pages import Question, build_question, first_unanswered, read_answer
from outreach.questionnaire.report import Report, for_answers
from outreach.questionnaire.service import Step

SESSION_KEY = "questionnaire_practice"


def new_state() -> dict:
    bank = store.current_bank(archive=False)
    return {"v": bank.version, "seed": secrets.token_hex(8), "a": {}}


def _checked(state: dict | None) -> tuple[Bank, list, dict]:
    """(bank, practice items, answers) for a state, or NotStarted/StalePage."""
    if not isinstance(state, dict) or not isinstance(state.get("a"), dict) or not state.get("seed"):
        raise NotStarted("Start the practice questions here.")
    bank = store.current_bank(archive=False)
    if state.get("v") != bank.version:
        raise StalePage("The practice questions have been updated since you started, so please start "
                        "again. It only takes a few minutes.")
    return bank, banks.items(bank, practice=True), state["a"]


def _order(bank: Bank, state: dict) -> dict:
    return banks.shuffled_option_order(bank, state["seed"])


def question(state: dict | None, number: int) -> Question:
    bank, item_list, answers = _checked(state)
    resume_at = first_unanswered(item_list, answers) + 1
    if number > min(resume_at, len(item_list)):
        raise OutOfOrder("Please answer the questions in order. Here is the next one.",
                         number=min(resume_at, len(item_list)))
    return build_question(bank, item_list, number, _order(bank, state), answers)


def save_answer(state: dict | None, *, number: int, item_id: str, version: str, raw_answer: str | None,
                action: str) -> tuple[dict, Step]:
    """The new state and where to go next. Raises like the full questionnaire's save_answer."""
    action = action if action in ("next", "back") else "next"
    bank, item_list, answers = _checked(state)
    resume_at = first_unanswered(item_list, answers) + 1
    if version != bank.version or not 1 <= number <= len(item_list) or item_list[number - 1].item_id != item_id:
        raise StalePage("That page was out of date, so the answer was not used. Here is where you are now.",
                        number=min(resume_at, len(item_list)))
    if number > resume_at:
        raise OutOfOrder("Please answer the questions in order. Here is the next one.", number=resume_at)
    answer = read_answer(bank, item_list[number - 1], raw_answer, required=(action == "next"))
    if answer is not None:
        state = {**state, "a": {**answers, item_id: answer}}
    if action == "back":
        return state, Step("index") if number == 1 else Step("question", number=number - 1)
    if number < len(item_list):
        return state, Step("question", number=number + 1)
    return state, Step("report")


def result(state: dict | None) -> Report:
    bank, _, answers = _checked(state)
    return for_answers(bank, answers, practice=True)
