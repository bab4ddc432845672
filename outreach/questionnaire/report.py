"""The strengths report: scores per value, strengths, where to grow and roles that fit.

Always worded as encouragement (content/questionnaires/report.yaml); never a verdict.
A finished response is reported with the scores stored when it was finished, and the
wording and question text of the bank version it was taken on.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from outreach.content.questionnaire import Bank
from outreach.models.questionnaires import QuestionnaireResponse
from outreach.questionnaire import bank as banks
from outreach.questionnaire import store
from outreach.questionnaire.pages import ReviewRow, review_rows
from outreach.questionnaire.roles import RoleFit, fitting_roles


@dataclass(frozen=True)
class ValueScore:
    key: str
    name: str
    description: str
    score: int | None

    @property
    def band(self) -> str:
        """Plain words beside the number, so the bar is never the only cue."""
        if self.score is None:
            return "Not measured yet"
        if self.score >= 75:
            return "A real strength"
        if self.score >= 50:
            return "Coming through well"
        return "Room to grow"


@dataclass(frozen=True)
class Report:
    scores: tuple[ValueScore, ...]
    strengths: dict
    roles: tuple[RoleFit, ...]
    version: str
    answered: int
    total: int
    completed_at: datetime | None = None
    question_set: str = ""  # what people read instead of the version hash, e.g. "Your values in care (24 questions)"

    @property
    def measured(self) -> tuple[ValueScore, ...]:
        return tuple(s for s in self.scores if s.score is not None)


def build(bank: Bank, scores: dict, answered: int, total: int,
          completed_at: datetime | None = None, role_limit: int = 4) -> Report:
    values, wording = store.wording()
    value_scores = tuple(ValueScore(v["key"], v["name"], v.get("description", ""), scores.get(v["key"]))
                         for v in values if v["key"] in bank.value_keys)
    strengths = banks.strengths_report(bank, scores, values, wording)
    return Report(value_scores, strengths, tuple(fitting_roles(scores, limit=role_limit)), bank.version,
                  answered, total, completed_at, question_set_label(bank, total))


def question_set_label(bank: Bank, total: int) -> str:
    """A question set named for people: its title and size. The version hash stays for support staff."""
    return f"{bank.title} ({total} question{'' if total == 1 else 's'})"


def for_response(response: QuestionnaireResponse) -> Report:
    bank = store.bank_for(response.bank_version)
    scores = response.scores if response.scores is not None else banks.score(bank, response.answers)
    item_list = banks.items(bank)
    answered = sum(1 for item in item_list if item.item_id in response.answers)
    return build(bank, scores, answered, len(item_list), response.completed_at)


def for_answers(bank: Bank, answers: dict, practice: bool = False) -> Report:
    item_list = banks.items(bank, practice=practice)
    answered = sum(1 for item in item_list if item.item_id in answers)
    return build(bank, banks.score(bank, answers), answered, len(item_list), role_limit=3)


def answers_for(response: QuestionnaireResponse) -> list[ReviewRow]:
    """Each question and the answer chosen, as worded in the attempt's own bank version."""
    bank = store.bank_for(response.bank_version)
    return review_rows(banks.items(bank), response.answers)


def value_name(key: str, short: bool = False) -> str:
    meta = store.value_names().get(key, {})
    return (meta.get("short") if short else None) or meta.get("name", key)
