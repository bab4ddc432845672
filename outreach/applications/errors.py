"""Domain errors for profiles, applications and shortlists; views show each beside the named field."""
from __future__ import annotations

from outreach.domain import DomainError


class ApplicationError(DomainError):
    """A refusal from the profile, application and shortlist services."""


class NotEligible(ApplicationError):
    """The person may not apply (account type, age, unverified email, questionnaire not done)."""


class NotOpen(ApplicationError):
    """The vacancy is not taking applications (closed, past its closing date, not public)."""


class NotAllowed(ApplicationError):
    """The change is not possible in the application's current stage."""


class NotFound(ApplicationError):
    """An application that is not this provider's (the view answers 404, never 403)."""


class TooYoung(NotEligible):
    """Under 16, or under the vacancy's minimum age: the view shows what they can do instead."""

    def __init__(self, message: str, *, age: int, minimum: int):
        super().__init__(message)
        self.age = age
        self.minimum = minimum
