"""When a taster or vacancy that people are on moves to another place.

The move is written to the audit log (who moved it, and the old and new postcode *district*:
never anything about the people on it), and everyone booked or applied is told the old and the
new place, through the outbox, in the editing service's transaction. Each feature says how its
people are told (``Tell``): a taster's visitors and their parents or guardians, a vacancy's
applicants. Call ``where_before`` before applying the edit and ``after_edit`` after it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from outreach import audit, clock
from outreach.models.opportunities import Opportunity
from outreach.opportunities.notify import place_text


@dataclass(frozen=True)
class Where:
    postcode: str | None  # None when online
    district: str | None
    text: str  # as an email says it

    @property
    def audit_district(self) -> str:
        return self.district or "online"


# (the post, where it was, where it is now, the emails' idempotency step) -> how many people were told
Tell = Callable[[Opportunity, Where, Where, str], int]


def where_before(opportunity: Opportunity) -> Where:
    """The post's place as it is now (call before the edit is applied)."""
    virtual = opportunity.is_virtual or opportunity.postcode is None
    return Where(None if virtual else opportunity.postcode, None if virtual else opportunity.postcode_district,
                 place_text(opportunity))


def after_edit(opportunity: Opportunity, actor, before: Where, tell: Tell) -> int:
    """Audit and tell everyone if the edit moved the post; how many people were told."""
    now = where_before(opportunity)
    if now.postcode == before.postcode:
        return 0
    step = f"place:{clock.now().isoformat()}:{now.postcode or 'online'}"
    told = tell(opportunity, before, now, step)
    action = "taster.moved" if opportunity.is_taster else "vacancy.moved"
    audit.record(action, actor=actor, subject=opportunity, old_district=before.audit_district,
                 new_district=now.audit_district, told=told)
    return told
