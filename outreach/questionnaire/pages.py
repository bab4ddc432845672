"""What one questionnaire page shows, and how a submitted answer is read.

Shared by the full questionnaire (stored) and the practice version (session only), so
both shuffle, number, check and read answers in exactly the same way.
"""
from __future__ import annotations

from dataclasses import dataclass

from outreach.content.questionnaire import Bank, Scenario, Statement
from outreach.questionnaire import bank as banks
from outreach.questionnaire.errors import AnswerRequired, InvalidChoice

LIKERT_LABELS = (
    (1, "Strongly disagree"),
    (2, "Disagree"),
    (3, "Neither agree nor disagree"),
    (4, "Agree"),
    (5, "Strongly agree"),
)
ACTIONS = ("next", "back", "later")


@dataclass(frozen=True)
class Question:
    number: int  # 1-based position in this attempt
    total: int
    item: Scenario | Statement
    choices: tuple[tuple[str, str], ...]  # (value sent by the form, label) in display order
    chosen: str | None  # the saved answer, as the form sends it
    answered: int
    version: str
    response_id: str | None = None

    @property
    def is_scenario(self) -> bool:
        return isinstance(self.item, Scenario)

    @property
    def is_last(self) -> bool:
        return self.number == self.total


@dataclass(frozen=True)
class ReviewRow:
    number: int
    title: str
    answer: str | None


def first_unanswered(item_list: list, answers: dict) -> int:
    """0-based index of the first unanswered item (len(item_list) when all are answered)."""
    return next((i for i, item in enumerate(item_list) if item.item_id not in answers), len(item_list))


def choices_for(item, option_order: dict) -> tuple[tuple[str, str], ...]:
    if isinstance(item, Scenario):
        order = option_order.get(item.item_id) or [o.id for o in item.options]
        return tuple((option_id, item.option(option_id).text) for option_id in order
                     if item.option(option_id) is not None)
    return tuple((str(value), label) for value, label in LIKERT_LABELS)


def build_question(bank: Bank, item_list: list, number: int, option_order: dict,
                   answers: dict, response_id: str | None = None) -> Question:
    item = item_list[number - 1]
    saved = answers.get(item.item_id)
    return Question(number=number, total=len(item_list), item=item,
                    choices=choices_for(item, option_order),
                    chosen=None if saved is None else str(saved),
                    answered=sum(1 for i in item_list if i.item_id in answers),
                    version=bank.version, response_id=response_id)


def read_answer(bank: Bank, item, raw: str | None, required: bool) -> str | int | None:
    """The stored form of a submitted answer: an option id, or 1-5 as an int.

    Likert answers arrive as text, so they are converted before ``bank.validate_answer``
    (which accepts only real ints). Returns None when nothing was chosen and that is
    allowed; raises InvalidChoice for anything that is not one of the choices shown.
    """
    if raw is None or raw == "":
        if required:
            raise AnswerRequired("Choose the answer closest to what you would do" if isinstance(item, Scenario)
                                 else "Choose how much you agree with the statement")
        return None
    answer: str | int = raw
    if isinstance(item, Statement):
        text = raw.strip()
        if not (text.isascii() and text.isdigit() and len(text) == 1):
            raise InvalidChoice("That answer is not one of the choices. Choose one of the answers shown.")
        answer = int(text)
    try:
        banks.validate_answer(bank, item.item_id, answer)
    except banks.InvalidAnswer:
        raise InvalidChoice("That answer is not one of the choices. Choose one of the answers shown.") from None
    return answer


def answer_label(item, answer) -> str | None:
    if answer is None:
        return None
    if isinstance(item, Scenario):
        option = item.option(answer)
        return option.text if option else None
    return dict(LIKERT_LABELS).get(answer)


def review_rows(item_list: list, answers: dict) -> list[ReviewRow]:
    rows = []
    for number, item in enumerate(item_list, start=1):
        title = item.theme[:1].upper() + item.theme[1:] if isinstance(item, Scenario) else item.text
        rows.append(ReviewRow(number, title, answer_label(item, answers.get(item.item_id))))
    return rows


def next_number(action: str, number: int, total: int) -> int | None:
    """Where a button leads: a question number, 0 for the start page, None for the review."""
    if action == "back":
        return number - 1
    return number + 1 if number < total else None
