"""What an organisation may do in each status: the one rule the pages and the services share.

- approved: everything its members' roles allow.
- pending: setting up only (its profile, team and drafts). No people's data, and no email to
  anyone outside its own team; invitations wait until approval (see organisations.service).
- suspended or rejected: no people's data and no email at all. Members may still see, download
  or delete their own account data and contact CareWays.

Pages declare the standing they need with ``@access(..., org="setup")`` (default "approved");
services that email people on an organisation's behalf call ``require_approved`` so jobs and
other callers cannot go around the pages.
"""
from __future__ import annotations

from outreach.domain import DomainError

APPROVED = "approved"
SETUP = "setup"
LEVELS = (APPROVED, SETUP)


class OrganisationNotActive(DomainError):
    """The organisation's status does not allow this. Shown as a page that explains why (403)."""

    def __init__(self, organisation, level: str = APPROVED):
        self.organisation = organisation
        self.level = level
        super().__init__(message_for(organisation))


def permits(organisation, level: str = APPROVED) -> bool:
    if organisation is None:
        return False
    if organisation.status == "approved":
        return True
    return level == SETUP and organisation.status == "pending"


def require(organisation, level: str = APPROVED) -> None:
    """Raise OrganisationNotActive unless the organisation's status allows ``level``.

    A member with no organisation is left to the page itself (it answers 403)."""
    if organisation is not None and not permits(organisation, level):
        raise OrganisationNotActive(organisation, level)


def require_approved(organisation) -> None:
    """For services that email people or show their data on an organisation's behalf."""
    if not permits(organisation, APPROVED):
        raise OrganisationNotActive(organisation, APPROVED)


def message_for(organisation) -> str:
    if organisation is None:
        return "This needs an approved organisation."
    if organisation.status == "pending":
        return (f"{organisation.name} is waiting for approval. This opens once CareWays has approved "
                "your organisation.")
    if organisation.status == "suspended":
        return f"{organisation.name} is suspended, so this is not available."
    if organisation.status == "rejected":
        return f"{organisation.name} was not approved, so this is not available."
    return f"{organisation.name} cannot use this."
