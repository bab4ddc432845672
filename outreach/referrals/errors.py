"""Named problems the referral pages show beside the right field."""
from __future__ import annotations

from outreach.domain import DomainError


class ReferralError(DomainError):
    """A refusal from the referral services; each kind has a default message."""

    default = "Something was not right. Check and try again."

    def __init__(self, message: str | None = None, field: str | None = None):
        super().__init__(message or self.default, field)


class SelfReferral(ReferralError):
    field = "email"
    default = "That is your own email address. Recommend a friend instead."


class AlreadyInPipeline(ReferralError):
    """The friend is already in this provider's pipeline (or works there)."""

    field = "email"
    default = "This person is already in touch with this provider, so they cannot be recommended again now."


class AlreadyReferred(ReferralError):
    field = "email"
    default = "This person has already been recommended to this provider in the last 12 months."


class LeftRecently(ReferralError):
    field = "email"
    default = "This person left this provider in the last 12 months, so they cannot be recommended again yet."


# The fair rules a public form must not reveal to a stranger (who is in whose pipeline).
PRIVATE_RULES = (AlreadyInPipeline, AlreadyReferred, LeftRecently)


class LinkInactive(ReferralError):
    default = "This recommend-a-friend link is not working any more."


class BadResponseLink(ReferralError):
    default = "This link has expired or is not complete. Copy the whole link from the email and try again."
