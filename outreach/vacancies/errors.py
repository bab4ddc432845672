"""Domain errors for vacancies; views show each beside the named field."""
from __future__ import annotations

from outreach.domain import DomainError


class VacancyError(DomainError):
    """A refusal from the vacancy services."""


class NotAllowed(VacancyError):
    """The change is not possible in the vacancy's current state."""
