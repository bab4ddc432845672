"""The publishing rule shared by tasters and vacancies, and the admins' review of first posts.

A provider's first post waits for a platform admin; once any of theirs has been approved, later
ones publish directly. Only approved providers' published posts are public.
"""
from __future__ import annotations

from sqlalchemy import exists, select

from outreach import audit, clock
from outreach.domain import DomainError
from outreach.extensions import db
from outreach.mail.links import path_for
from outreach.models.opportunities import Opportunity
from outreach.opportunities import notify

PER_PAGE = 25


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


def pending_review(kinds: tuple[str, ...], page: int = 1):
    """The admins' queue: posts of these kinds waiting for approval, longest waiting first."""
    query = (select(Opportunity).where(Opportunity.status == "pending", Opportunity.kind.in_(kinds))
             .order_by(Opportunity.updated_at, Opportunity.id))
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def post_for_review(public_id: str, kinds: tuple[str, ...]) -> Opportunity | None:
    """Any post of these kinds by its public id, for an admin (who may see every provider's)."""
    return db.session.execute(
        select(Opportunity).where(Opportunity.public_id == public_id, Opportunity.kind.in_(kinds))
    ).scalar_one_or_none()


def record_decision(opportunity: Opportunity, admin, decision: str, note: str | None, *, noun: str,
                    error: type[DomainError], not_waiting: type[DomainError]) -> None:
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


def decide(opportunity: Opportunity, admin, decision: str, note: str | None, *, noun: str, template: str,
           manage_endpoint: str, error: type[DomainError], not_waiting: type[DomainError]) -> None:
    """Record an admin's decision, email the provider's recruiters and audit it (the caller commits).

    ``template`` is the feature's email; ``manage_endpoint`` the page where the provider acts on it."""
    record_decision(opportunity, admin, decision, note, noun=noun, error=error, not_waiting=not_waiting)
    notify.to_organisation(
        opportunity.organisation, template,
        f"Your {noun} {'is published' if decision == 'approve' else 'needs a change'}: {opportunity.title}",
        key=f"{noun}:review:{opportunity.id}:{clock.now().isoformat()}", decision=decision,
        note=opportunity.review_note, title=opportunity.title,
        manage_url=path_for(manage_endpoint, public_id=opportunity.public_id),
    )
    audit.record(f"admin.{noun}_reviewed", actor=admin, subject=opportunity, decision=decision)
