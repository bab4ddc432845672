"""Domain errors raised by the taster services; views show each beside the named field."""
from __future__ import annotations


class TasterError(Exception):
    field: str | None = None

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        if field:
            self.field = field

    @property
    def problems(self) -> list[tuple[str | None, str]]:
        """Every (field, message) this error carries: one, unless it is an InvalidDetails."""
        return [(self.field, self.message)]


class NotEligible(TasterError):
    """The person may not take this place (age, account type, unverified email)."""


class InvalidDetails(NotEligible):
    """Several things typed into a form need fixing: all of them are reported at once."""

    def __init__(self, problems: list[tuple[str | None, str]]):
        field, message = problems[0]
        super().__init__(message, field=field)
        self._problems = list(problems)

    @property
    def problems(self) -> list[tuple[str | None, str]]:
        return list(self._problems)


class SessionFull(TasterError):
    """Every place has gone and the person did not ask to join the waiting list."""


class SessionClosed(TasterError):
    """The session has started, passed or been cancelled, or the taster is no longer open."""


class ConsentLinkInvalid(TasterError):
    """The consent link is unknown, altered or no longer kept."""


class ConsentExpired(TasterError):
    """The consent link has run out before a decision was made."""


class AlreadyDecided(TasterError):
    """The guardian has already given their answer."""


class NotAllowed(TasterError):
    """The change is not possible in the sign-up's or taster's current state."""
