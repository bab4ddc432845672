"""The bank of motivation questions (content/motivation_questions.yaml); a recruiter picks 2 or 3."""
from __future__ import annotations

from outreach import content
from outreach.content.reference import Question

MIN_CHOSEN, MAX_CHOSEN = 2, 3


def bank() -> tuple[Question, ...]:
    return content.current().motivation_questions


def by_key() -> dict[str, Question]:
    return {q.key: q for q in bank()}


def chosen(keys: list[str] | None) -> list[Question]:
    """The vacancy's questions in the order chosen, skipping any key no longer in the bank."""
    known = by_key()
    return [known[k] for k in keys or () if k in known]
