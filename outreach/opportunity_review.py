"""An admin's decision on a provider's first post: tasters and vacancies follow the same rules."""
from __future__ import annotations

from outreach import clock
from outreach.models.opportunities import Opportunity


def record_decision(opportunity: Opportunity, admin, decision: str, note: str | None, *, noun: str,
                    error: type[Exception], not_waiting: type[Exception]) -> None:
    """Approve (publish) or send back (to draft) a pending post, recording who decided and why.

    ``error`` and ``not_waiting`` are the feature's own domain errors, so each view keeps
    showing the message beside the right field.
    """
    if opportunity.status != "pending":
        raise not_waiting(f"This {noun} is not waiting for approval.", field="decision")
    if decision not in ("approve", "send_back"):
        raise error("Choose approve or send back", field="decision")
    if decision == "send_back" and not (note or "").strip():
        raise error("Say what the provider needs to change", field="note")
    opportunity.reviewed_at = clock.now()
    opportunity.reviewed_by_id = admin.id
    opportunity.review_note = (note or "").strip() or None
    if decision == "approve":
        opportunity.status = "published"
        opportunity.published_at = clock.now()
    else:
        opportunity.status = "draft"
