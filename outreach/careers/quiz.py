"""The "Is care for me?" quiz: at most 8 questions, no sign-in, nothing stored.

Answers travel in the URL as one letter per question (``?a=abdc...``), so a
result can be shared and re-opened without saving anything about the visitor.
"""
from __future__ import annotations

from dataclasses import dataclass

MAX_QUESTIONS = 8


@dataclass(frozen=True)
class Suggestion:
    slug: str
    points: int
    share: int  # percentage of the best role's points


def validate_quiz(quiz: dict, role_slugs: set[str]) -> list[str]:
    problems = []
    questions = quiz.get("questions") or []
    if not quiz:
        return ["quiz.yaml: missing"]
    if not 1 <= len(questions) <= MAX_QUESTIONS:
        problems.append(f"quiz.yaml: needs 1 to {MAX_QUESTIONS} questions, has {len(questions)}")
    for question in questions:
        qid = question.get("id", "?")
        options = question.get("options") or []
        if not question.get("text") or not 2 <= len(options) <= 5:
            problems.append(f"quiz.yaml: question {qid} needs text and 2 to 5 options")
        for option in options:
            for slug in (option.get("roles") or {}):
                if slug not in role_slugs:
                    problems.append(f"quiz.yaml: question {qid} option {option.get('id')}: unknown role {slug}")
    return problems


def decode(quiz: dict, code: str) -> dict[str, str] | None:
    """Turn "abdc..." into {question id: option id}, or None if it does not fit the quiz."""
    questions = quiz.get("questions") or []
    code = (code or "").strip().lower()
    if len(code) != len(questions):
        return None
    answers = {}
    for question, letter in zip(questions, code, strict=True):
        if letter not in {o["id"] for o in question["options"]}:
            return None
        answers[question["id"]] = letter
    return answers


def encode(quiz: dict, answers: dict[str, str]) -> str:
    return "".join(answers[q["id"]] for q in quiz["questions"])


def suggest(quiz: dict, answers: dict[str, str], top: int = 3) -> list[Suggestion]:
    points: dict[str, int] = {}
    order: dict[str, int] = {}
    for question in quiz["questions"]:
        chosen = next(o for o in question["options"] if o["id"] == answers[question["id"]])
        for slug, value in (chosen.get("roles") or {}).items():
            points[slug] = points.get(slug, 0) + int(value)
            order.setdefault(slug, len(order))
    ranked = sorted(points, key=lambda s: (-points[s], order[s]))[:top]
    best = points[ranked[0]] if ranked else 1
    return [Suggestion(slug, points[slug], round(100 * points[slug] / best)) for slug in ranked]


@dataclass(frozen=True)
class Step:
    """Where a visitor is in the one-question-at-a-time quiz."""
    number: int                 # 1-based question number to show
    answers: dict[str, str]     # every valid answer given so far
    error: bool = False         # the shown question was submitted without an answer
    done: bool = False          # every question answered: show the result


def valid_answers(quiz: dict, args) -> dict[str, str]:
    """The answers in a query string (one field per question id), keeping only real options."""
    answers = {}
    for question in quiz.get("questions") or []:
        value = args.get(question["id"]) or ""
        if value in {o["id"] for o in question["options"]}:
            answers[question["id"]] = value
    return answers


def step(quiz: dict, args) -> Step:
    """The next card to show. The quiz works without JavaScript: each card is a GET form that carries the
    earlier answers in hidden fields, so nothing is stored. ``q`` is the number of the card that was shown;
    ``go=next`` means it was submitted."""
    questions = quiz.get("questions") or []
    answers = valid_answers(quiz, args)
    try:
        shown = min(max(int(args.get("q") or 1), 1), len(questions))
    except ValueError:
        shown = 1
    unanswered = [n for n, q in enumerate(questions, 1) if q["id"] not in answers]
    if args.get("go") != "next":
        return Step(shown, answers)
    if questions[shown - 1]["id"] not in answers:
        return Step(shown, answers, error=True)
    if shown < len(questions):
        return Step(shown + 1, answers)  # the next card, already ticked if the visitor came back
    if unanswered:
        return Step(unanswered[0], answers)
    return Step(shown, answers, done=True)
