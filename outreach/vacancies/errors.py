"""Domain errors for vacancies; views show each beside the named field."""
from __future__ import annotations


class VacancyError(Exception):
    field: str | None = None

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        if field:
            self.field = field


class NotAllowed(VacancyError):
    """The change is not possible in the vacancy's current state."""
