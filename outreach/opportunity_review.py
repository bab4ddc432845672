"""Publishing rules shared by tasters and vacancies: a provider's first post waits for an admin."""
from __future__ import annotations

from sqlalchemy import exists, select

from outreach import clock
from outreach.extensions import db
from outreach.models.opportunities import Opportunity


def is_trusted(organisation) -> bool:
    """True once any post of this provider has been approved (or published)."""
    return db.session.execute(select(exists().where(
        Opportunity.organisation_id == organisation.id, Opportunity.published_at.is_not(None)))).scalar()


def publish_or_queue(opportunity: Opportunity) -> str:
    """Publish a trusted provider's post at once; otherwise queue it for an admin. Returns the status."""
    if is_trusted(opportunity.organisation):
        opportunity.status = "published"
        opportunity.published_at = opportunity.published_at or clock.now()
    else:
        opportunity.status = "pending"
    opportunity.review_note = None
    return opportunity.status


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
