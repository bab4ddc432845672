"""When a taster or vacancy that people are on moves to another place.

The move is written to the audit log (who moved it, and the old and new postcode *district*:
never anything about the people on it), and everyone booked or applied is emailed the old and
the new place, through the outbox, in the editing service's transaction. Under-18s on a taster
are told as usual (it is their own account) and so is their parent or guardian, like every
other change to a taster. Call ``where_before`` before applying the edit and ``after_edit``
after it.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from outreach import audit, clock
from outreach.extensions import db
from outreach.mail import queue_email
from outreach.mail.links import path_for
from outreach.models.applications import Application
from outreach.models.opportunities import TASTER_KINDS, Opportunity
from outreach.tasters import notify

NOT_TOLD = ("withdrawn", "rejected")  # applications that have ended: nobody is waiting on them


@dataclass(frozen=True)
class Where:
    postcode: str | None  # None when online
    district: str | None
    text: str  # as an email says it

    @property
    def audit_district(self) -> str:
        return self.district or "online"


def where_before(opportunity: Opportunity) -> Where:
    """The post's place as it is now (call before the edit is applied)."""
    virtual = opportunity.kind == "virtual" or opportunity.postcode is None
    text = notify.place_text(opportunity) if opportunity.kind in TASTER_KINDS else (
        "Online" if virtual else f"{opportunity.organisation.name}, {opportunity.postcode}")
    return Where(None if virtual else opportunity.postcode, None if virtual else opportunity.postcode_district, text)


def after_edit(opportunity: Opportunity, actor, before: Where) -> int:
    """Audit and tell everyone if the edit moved the post; how many people were told."""
    now = where_before(opportunity)
    if now.postcode == before.postcode:
        return 0
    step = f"place:{clock.now().isoformat()}:{now.postcode or 'online'}"
    if opportunity.kind in TASTER_KINDS:
        told = _tell_visitors(opportunity, before, step)
        action = "taster.moved"
    else:
        told = _tell_applicants(opportunity, before, now, step)
        action = "vacancy.moved"
    audit.record(action, actor=actor, subject=opportunity, old_district=before.audit_district,
                 new_district=now.audit_district, told=told)
    return told


def _tell_visitors(opportunity: Opportunity, before: Where, step: str) -> int:
    from outreach.tasters.posting import active_signups

    signups = active_signups(opportunity)
    for signup in signups:
        notify.to_visitor_and_guardian(signup, "taster_place_changed",
                                       f"New place for your taster: {opportunity.title}", step=step,
                                       old_where=before.text)
    return len(signups)


def _tell_applicants(opportunity: Opportunity, before: Where, now: Where, step: str) -> int:
    applications = db.session.execute(
        select(Application).where(Application.opportunity_id == opportunity.id, Application.stage.not_in(NOT_TOLD))
        .order_by(Application.id)
    ).scalars().all()
    told = 0
    for application in applications:
        user = application.user
        if user.is_disabled:
            continue
        queue_email(to=user.email, user=user, template="application_place_changed",
                    subject=f"New place for {opportunity.title}", key=f"application:{application.id}:{step}",
                    first_name=user.first_name, title=opportunity.title,
                    provider_name=opportunity.organisation.name, kind_label=opportunity.kind_label.lower(),
                    old_where=before.text, where=now.text,
                    application_url=path_for("applications.detail", public_id=application.public_id))
        told += 1
    return told
