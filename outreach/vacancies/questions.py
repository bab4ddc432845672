"""The bank of motivation questions (content/motivation_questions.yaml); a recruiter picks 2 or 3."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

QUESTIONS_FILE = Path(__file__).resolve().parents[2] / "content" / "motivation_questions.yaml"
MIN_CHOSEN, MAX_CHOSEN = 2, 3


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    hint: str


@lru_cache(maxsize=1)
def bank(path: str = str(QUESTIONS_FILE)) -> tuple[Question, ...]:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    questions = tuple(Question(q["key"], q["text"].strip(), (q.get("hint") or "").strip()) for q in raw["questions"])
    keys = [q.key for q in questions]
    if len(set(keys)) != len(keys):
        raise ValueError("motivation_questions.yaml: question keys must be unique")
    return questions


def by_key() -> dict[str, Question]:
    return {q.key: q for q in bank()}


def chosen(keys: list[str] | None) -> list[Question]:
    """The vacancy's questions in the order chosen, skipping any key no longer in the bank."""
    known = by_key()
    return [known[k] for k in keys or () if k in known]
