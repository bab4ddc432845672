"""Domain errors raised by the taster services; views show each beside the named field."""
from __future__ import annotations

from outreach import domain
from outreach.domain import DomainError


class TasterError(DomainError):
    """A refusal from the taster services."""


class NotEligible(TasterError):
    """The person may not take this place (age, account type, unverified email)."""


class InvalidDetails(domain.InvalidDetails, NotEligible):
    """Several things typed into a taster form need fixing: all of them are reported at once."""


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
