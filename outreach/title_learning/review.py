"""The admin's queue of typed titles, grouped by (title, chosen role), and the decisions on them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update

from outreach import audit, clock
from outreach.domain import DomainError, transaction
from outreach.extensions import db
from outreach.models.titles import TitleChoice
from outreach.paging import Page, paginate

PER_PAGE = 25
DECISIONS = {"synonym": "added as a name for the role", "no_role": "marked as belonging to no role",
             "dismissed": "dismissed"}


@dataclass(frozen=True)
class TitleGroup:
    title: str  # the most recent spelling typed
    title_key: str
    role_slug: str | None
    times: int  # how many times recruiters typed it and chose this role
    organisations: int
    last_typed: datetime
    guessed_slug: str | None  # the engine's guess the last time


def _in_group(key: str, role_slug: str | None):
    """The rows of one group: the same title key and chosen role (or no role)."""
    role = TitleChoice.role_slug.is_(None) if not role_slug else TitleChoice.role_slug == role_slug
    return (TitleChoice.title_key == key, role)


def _pending_groups() -> list[TitleGroup]:
    rows = db.session.execute(
        select(TitleChoice.title_key, TitleChoice.role_slug, func.count(TitleChoice.id),
               func.count(func.distinct(TitleChoice.organisation_id)), func.max(TitleChoice.id))
        .where(TitleChoice.decision.is_(None))
        .group_by(TitleChoice.title_key, TitleChoice.role_slug)
    ).all()
    latest = {row.id: row for row in db.session.execute(
        select(TitleChoice).where(TitleChoice.id.in_([r[4] for r in rows]))).scalars()} if rows else {}
    groups = [TitleGroup(latest[last].title, key, slug, times, orgs, latest[last].created_at, latest[last].guessed_slug)
              for key, slug, times, orgs, last in rows]
    return sorted(groups, key=lambda g: (-g.times, -g.organisations, g.title_key, g.role_slug or ""))


def pending(page: int) -> Page:
    """Undecided groups, most often typed first."""
    return paginate(_pending_groups(), page, PER_PAGE)


def pending_count() -> int:
    return db.session.execute(
        select(func.count()).select_from(
            select(TitleChoice.title_key, TitleChoice.role_slug).where(TitleChoice.decision.is_(None))
            .group_by(TitleChoice.title_key, TitleChoice.role_slug).subquery())).scalar_one()


@transaction
def decide(admin, key: str, role_slug: str | None, decision: str, apply_to_content) -> int:
    """Settle every undecided row of the group; ``apply_to_content(title, role_slug)`` writes an
    approval into the content files first (and raises a DomainError if it cannot). Returns rows settled."""
    if decision not in DECISIONS:
        raise DomainError("Choose what to do with this title.", field="decision")
    if decision == "synonym" and not role_slug:
        raise DomainError("The recruiters chose no role for this title, so it cannot be a name for one.",
                          field="decision")
    title = db.session.execute(
        select(TitleChoice.title).where(*_in_group(key, role_slug), TitleChoice.decision.is_(None))
        .order_by(TitleChoice.id.desc()).limit(1)).scalar()  # the latest spelling, as the queue shows it
    if title is None:
        raise DomainError("This title has already been dealt with.", field="decision")
    if decision != "dismissed":
        apply_to_content(title, role_slug if decision == "synonym" else None)
    settled = db.session.execute(
        update(TitleChoice).where(*_in_group(key, role_slug), TitleChoice.decision.is_(None))
        .values(decision=decision, decided_at=clock.now(), decided_by_id=admin.id)
    ).rowcount
    audit.record(f"titles.{decision}", actor=admin, title=title, role=role_slug, rows=settled)
    return settled


@transaction
def undo_dismissal(admin, key: str, role_slug: str | None) -> int:
    """Put a dismissed group back in the queue (approvals are undone by editing the content file)."""
    restored = db.session.execute(
        update(TitleChoice).where(*_in_group(key, role_slug), TitleChoice.decision == "dismissed")
        .values(decision=None, decided_at=None, decided_by_id=None)
    ).rowcount
    if restored:
        audit.record("titles.dismissal_undone", actor=admin, title=key, role=role_slug, rows=restored)
    return restored
