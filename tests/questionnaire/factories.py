"""Helpers for the questionnaire tests: finish an attempt quickly, and read question pages."""
from __future__ import annotations

import re
from dataclasses import dataclass

from outreach.content.questionnaire import Bank
from outreach.extensions import db
from outreach.questionnaire import service, store


def best_answers(bank: Bank) -> dict:
    answers = {s.item_id: s.best.id for s in bank.scenarios}
    answers.update({s.item_id: (1 if s.reverse else 5) for s in bank.statements})
    return answers


def worst_answers(bank: Bank) -> dict:
    answers = {s.item_id: s.worst.id for s in bank.scenarios}
    answers.update({s.item_id: (5 if s.reverse else 1) for s in bank.statements})
    return answers


def complete_questionnaire(user, answers: dict | None = None):
    """Start (or reuse) an attempt, fill in every answer and finish it, through the services."""
    response = service.start(user)
    bank = store.bank_for(response.bank_version)
    response.answers = dict(answers or best_answers(bank))
    db.session.commit()
    return service.finish(user, response.public_id)


@dataclass
class Page:
    html: str
    response: str | None
    item: str
    version: str
    choices: list[str]
    checked: str | None

    def form(self, answer=None, action="next", **extra) -> dict:
        data = {"item": self.item, "version": self.version, "action": action}
        if self.response is not None:
            data["response"] = self.response
        if answer is not None:
            data["answer"] = answer
        return {**data, **extra}


def _hidden(html: str, name: str) -> str | None:
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', html)
    return match.group(1) if match else None


def read_page(response) -> Page:
    assert response.status_code in (200, 400), response.status_code
    html = response.get_data(as_text=True)
    choices = re.findall(r'<input type="radio" id="[^"]+" name="answer" value="([^"]*)"', html)
    checked = re.search(r'name="answer" value="([^"]*)" checked', html)
    return Page(html, _hidden(html, "response"), _hidden(html, "item"), _hidden(html, "version"), choices,
                checked.group(1) if checked else None)
