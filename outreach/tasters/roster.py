"""What a provider may see about the people on a session: first name, age band, status and
access needs. Never an email, phone number, date of birth, surname or guardian's details.

Templates get these rows, never SignUp or User objects, so a careless template cannot leak
a minor's details.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from outreach import audit
from outreach.domain import transaction
from outreach.extensions import db
from outreach.models.signups import SignUp
from outreach.tasters import notify, places


@dataclass(frozen=True)
class VisitorRow:
    public_id: str
    first_name: str
    age_band: str
    under_18: bool
    status: str
    status_label: str
    access_needs: str | None
    waitlist_rank: int | None
    provider_accepted: bool
    consent_given: bool
    attended: bool | None
    values_rated: bool
    feedback_given: bool
    can_accept: bool
    can_end: bool


def row(signup: SignUp) -> VisitorRow:
    consent = signup.consent
    started = signup.session.has_started()
    return VisitorRow(
        public_id=signup.public_id, first_name=signup.user.first_name,
        age_band=notify.age_band(notify.visitor_age(signup)),
        under_18=signup.needs_consent, status=signup.status, status_label=signup.status_label,
        access_needs=signup.access_needs, waitlist_rank=places.waitlist_rank(signup),
        provider_accepted=signup.provider_accepted_at is not None,
        consent_given=bool(consent and consent.decision == "consented"), attended=signup.attended,
        values_rated=signup.observed_values is not None, feedback_given=signup.feedback_by("provider") is not None,
        can_accept=(not started and signup.status in ("pending_consent", "pending_provider")
                    and signup.provider_accepted_at is None),
        can_end=not started and signup.is_active,
    )


def register(session, viewer) -> list[VisitorRow]:
    signups = db.session.execute(
        select(SignUp).where(SignUp.session_id == session.id)
        .order_by(SignUp.status == "waitlisted", SignUp.waitlist_position, SignUp.created_at)
    ).scalars().all()
    rows = [row(s) for s in signups]
    minors = sum(r.under_18 for r in rows)
    if minors:
        _record_viewed(session, viewer, minors)
    return rows


@transaction
def _record_viewed(session, viewer, minors: int) -> None:
    """Who looked at a register with under-18s on it is kept in the audit log."""
    audit.record("taster.register_viewed", actor=viewer, subject=session.opportunity, session=session.public_id,
                 minors=minors)
