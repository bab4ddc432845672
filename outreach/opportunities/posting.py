"""The steps every kind of post shares: a new draft, an edit, publishing, closing and deleting.

Tasters and vacancies each check their own details and pass their own noun ("taster",
"vacancy"), which names the audit actions and the messages; the rules themselves live here once.
These helpers join the calling service's transaction (``@transaction``) and never commit.
"""
from __future__ import annotations

from typing import Callable

from sqlalchemy import select

from outreach import audit, clock, submissions
from outreach.domain import DomainError
from outreach.extensions import db
from outreach.geo import Place
from outreach.models.opportunities import Opportunity
from outreach.opportunities import moves, review
from outreach.organisations import standing
from outreach.title_learning import content_link, recording


def _learn_title(opportunity: Opportunity, noun: str) -> None:
    """Keep the title the recruiter typed beside the role they chose, if the role finder did not
    already link them (admins review these: outreach/title_learning)."""
    recording.record(opportunity.title, opportunity.role_slug, kind=noun, organisation=opportunity.organisation,
                     guess=content_link.guess)


def apply_place(opportunity: Opportunity, place: Place | None) -> None:
    """Where the post is (None: online)."""
    opportunity.postcode = place.postcode if place else None
    opportunity.postcode_sector = place.sector if place else None
    opportunity.postcode_district = place.district if place else None
    opportunity.latitude = place.latitude if place else None
    opportunity.longitude = place.longitude if place else None


def new_draft(organisation, actor, *, noun: str, form_name: str, submission: str | None,
              fill: Callable[[Opportunity], list]) -> Opportunity:
    """Save a new post as a draft: ``fill`` sets its details and returns any rows to save with it.

    A repeat press of the same form raises ``submissions.AlreadySubmitted`` carrying the first
    draft's public id."""
    claimed = submissions.claim(form_name, submission)
    now = clock.now()
    opportunity = Opportunity(organisation_id=organisation.id, organisation=organisation, status="draft",
                              created_by_id=getattr(actor, "id", None), created_at=now, updated_at=now)
    rows = fill(opportunity) or []
    db.session.add_all([opportunity, *rows])
    db.session.flush()
    _learn_title(opportunity, noun)
    audit.record(f"{noun}.created", actor=actor, subject=opportunity, kind=opportunity.kind)
    submissions.settle(claimed, opportunity.public_id)
    return opportunity


def edit(opportunity: Opportunity, actor, *, noun: str, apply: Callable[[], None], tell: moves.Tell) -> None:
    """Apply an edit (``apply``); if it moved the post, ``tell`` the people on it."""
    before = moves.where_before(opportunity)
    named = (opportunity.title, opportunity.role_slug)
    apply()
    if (opportunity.title, opportunity.role_slug) != named:
        _learn_title(opportunity, noun)
    moves.after_edit(opportunity, actor, before, tell)
    audit.record(f"{noun}.edited", actor=actor, subject=opportunity, status=opportunity.status)


def submit(opportunity: Opportunity, actor, *, noun: str, not_allowed: type[DomainError],
           check_ready: Callable[[], None]) -> str:
    """Publish (trusted providers) or send for approval (a provider's first post); returns the status.

    ``check_ready`` raises the feature's refusal if something is missing before publishing."""
    if opportunity.status in ("pending", "published"):
        raise not_allowed(f"This {noun} is already " + opportunity.status_label.lower() + ".")
    check_ready()
    review.publish_or_queue(opportunity)
    audit.record(f"{noun}.submitted", actor=actor, subject=opportunity, status=opportunity.status)
    return opportunity.status


def close(opportunity: Opportunity, actor, *, noun: str, not_allowed: type[DomainError]) -> None:
    if opportunity.status != "published":
        raise not_allowed(f"Only a published {noun} can be closed.")
    opportunity.status = "closed"
    audit.record(f"{noun}.closed", actor=actor, subject=opportunity)


def delete_draft(opportunity: Opportunity, actor, *, noun: str, people: str, not_allowed: type[DomainError],
                 has_people: Callable[[], bool], also: Callable[[], list] = list) -> str:
    """Delete a draft that was never published and that nobody has been on; returns its title.

    A published post is closed instead, which keeps its ``people`` (e.g. "sign-ups"); one that
    anybody has been on is kept for its history. ``also`` gives rows to delete with it."""
    standing.require(opportunity.organisation, standing.SETUP)
    if opportunity.status == "pending":
        raise not_allowed(f"Only a draft can be deleted. This {noun} is waiting for approval.")
    if opportunity.status != "draft":
        raise not_allowed(f"Only a draft can be deleted. A published {noun} can be closed instead, which keeps "
                          f"its {people}.")
    if not opportunity.is_unpublished_draft or has_people():
        raise not_allowed(f"This {noun} has been published or has had {people}, so it cannot be deleted. "
                          "Close it instead.")
    title = opportunity.title
    audit.record(f"{noun}.draft_deleted", actor=actor, subject=opportunity, title=title)
    for row in also():
        db.session.delete(row)
    db.session.delete(opportunity)
    return title


def for_organisation(organisation, kinds: tuple[str, ...]) -> list[Opportunity]:
    """The provider's posts of these kinds, newest first."""
    return list(db.session.execute(
        select(Opportunity).where(Opportunity.organisation_id == organisation.id, Opportunity.kind.in_(kinds))
        .order_by(Opportunity.created_at.desc(), Opportunity.id.desc())
    ).scalars())
