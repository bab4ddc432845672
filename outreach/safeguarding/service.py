"""Report a concern: reaches the platform's safeguarding lead by email and is kept for follow-up."""
from __future__ import annotations

from flask import current_app, url_for
from sqlalchemy import select

from outreach import audit, clock, ratelimit, submissions
from outreach.domain import transaction
from outreach.extensions import db
from outreach.mail import queue_email
from outreach.models.concerns import Concern

LIMIT = ratelimit.Limit("concern-address", 10, 3600)


@transaction
def report(*, about: str, details: str, page: str | None, reporter, contact: str | None, ip: str | None,
           submission: str | None = None) -> Concern:
    """Raises submissions.AlreadySubmitted for a repeat of a form already received."""
    ratelimit.consume(LIMIT, ip or "unknown")
    claimed = submissions.claim("concern", submission)
    concern = Concern(about=about, details=details, page=(page or "")[:300] or None,
                      reporter_id=getattr(reporter, "id", None), contact=contact or None, created_at=clock.now())
    db.session.add(concern)
    db.session.flush()
    queue_email(
        to=current_app.config["SAFEGUARDING_EMAIL"], template="concern_reported", key=f"concern:{concern.id}",
        subject=f"Concern reported on CareWays ({about})", about=about, details=details, page=concern.page,
        contact=concern.contact, reporter=f"{reporter.account_type} account {reporter.public_id}" if reporter else
        "not signed in", url=url_for("safeguarding.concerns"),
    )
    audit.record("concern.reported", actor=reporter, subject=concern, about=about)
    submissions.settle(claimed, concern.public_id)
    return concern


def list_concerns(status: str | None, page: int):
    query = select(Concern).order_by(Concern.created_at.desc())
    if status in ("open", "handled"):
        query = query.where(Concern.status == status)
    return db.paginate(query, page=page, per_page=25, error_out=False)


@transaction
def mark_handled(admin, public_id: str) -> Concern:
    concern = db.session.execute(select(Concern).where(Concern.public_id == public_id)).scalar_one_or_none()
    if concern is None:
        raise LookupError(public_id)
    concern.status, concern.handled_by_id, concern.handled_at = "handled", admin.id, clock.now()
    audit.record("admin.concern_handled", actor=admin, subject=concern)
    return concern
