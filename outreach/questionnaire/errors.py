"""Domain errors of the questionnaire, each with a message the view shows to the person."""
from __future__ import annotations

from outreach.domain import DomainError


class QuestionnaireError(DomainError):
    """A refusal from the questionnaire; ``number`` is where to send the person next, when it matters."""

    def __init__(self, message: str, *, number: int | None = None, field: str | None = None):
        super().__init__(message, field)
        self.number = number


class NotStarted(QuestionnaireError):
    """There is no unfinished attempt to show or answer."""


class AlreadyFinished(QuestionnaireError):
    """The page belongs to an attempt that has been finished (e.g. a double submission)."""


class StalePage(QuestionnaireError):
    """The page was out of date: another attempt, another version, another question."""


class OutOfOrder(QuestionnaireError):
    """A question further on than the first unanswered one was asked for."""


class AnswerRequired(QuestionnaireError):
    field = "answer"


class InvalidChoice(QuestionnaireError):
    """The answer is not one of the choices shown (a tampered form). Nothing is stored."""

    field = "answer"


class NotFinished(QuestionnaireError):
    """Finish was asked for while questions are still unanswered."""


class ShareError(QuestionnaireError):
    field = "organisation"
