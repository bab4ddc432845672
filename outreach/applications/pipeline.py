"""Moving applications through the pipeline, one or many at once (recruiters' notes are in notes.py).

Every change is a person's decision, recorded with who, when, from what, to what and an optional
reason (the reason stays inside the provider). The applicant is emailed when a change matters to
them; a rejection is worded kindly and suggests other openings the engine finds for them. A
referred friend's lead moves along with their application (and remembers it, so the hire's
3- and 6-month checks in employment_checks.py answer the lead's too).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from outreach import audit, clock
from outreach.applications import matches
from outreach.applications.errors import ApplicationError, NotAllowed, NotFound
from outreach.applications.people import is_minor
from outreach.domain import transaction
from outreach.extensions import db
from outreach.mail import queue_email
from outreach.mail.links import path_for
from outreach.models.applications import (
    EMAILED_STAGES,
    RECRUITER_STAGES,
    STAGE_LABELS,
    Application,
    ApplicationNote,
    ApplicationStageChange,
)
from outreach.models.opportunities import Opportunity
from outreach.organisations import standing
from outreach.referrals.leads import advance_lead_for_application

MAX_REASON = 500
MAX_BULK = 500
# Where a provider needs an under-18's parent or guardian to agree, the guardian is told (with how to
# reach the provider); the provider never gets the guardian's or the young person's contact details.
GUARDIAN_STAGES = ("invited_to_interview", "offered")
REFERRAL_STAGES = {"applied": "applied", "interviewed": "interviewed", "hired": "hired", "rejected": "declined",
                   "withdrawn": "declined"}


@dataclass
class Moved:
    changed: int = 0
    unchanged: int = 0
    withdrawn: int = 0


def record_change(application: Application, to_stage: str, by, reason: str | None = None, *,
                  new: bool = False) -> ApplicationStageChange:
    """Set the stage and write its history row (in the caller's transaction)."""
    now = clock.now()
    change = ApplicationStageChange(application=application, from_stage=None if new else application.stage,
                                    to_stage=to_stage, changed_by_id=getattr(by, "id", None), changed_at=now,
                                    reason=(reason or "").strip() or None)
    application.stage = to_stage
    application.stage_changed_at = now
    if to_stage == "hired" and application.hired_at is None:
        application.hired_at = now  # the 3- and 6-month checks count from the first hire
    db.session.add(change)
    referral_stage = REFERRAL_STAGES.get(to_stage)
    if referral_stage:
        advance_lead_for_application(application.opportunity.organisation, application.user.email, referral_stage,
                                     by=by, application=application)
    return change


@transaction
def move(organisation, actor, opportunity: Opportunity, public_ids: list[str], to_stage: str,
         reason: str | None = None) -> Moved:
    """Move the chosen applications of this opportunity to ``to_stage``, in one transaction."""
    standing.require_approved(organisation)  # applicants are emailed
    if to_stage not in RECRUITER_STAGES:
        raise ApplicationError("Choose a stage to move them to", field="to_stage")
    if len(reason or "") > MAX_REASON:
        raise ApplicationError(f"Keep the reason under {MAX_REASON} characters", field="reason")
    wanted = list(dict.fromkeys(i for i in public_ids if i))
    if not wanted:
        raise ApplicationError("Tick at least one person first", field="selected")
    if len(wanted) > MAX_BULK:
        raise ApplicationError(f"Move up to {MAX_BULK} people at a time", field="selected")
    if opportunity.organisation_id != organisation.id:
        raise NotFound("not found")
    found = db.session.execute(
        select(Application).where(Application.public_id.in_(wanted), Application.opportunity_id == opportunity.id)
        .options(selectinload(Application.user)).with_for_update(of=Application)
        .execution_options(populate_existing=True)
    ).scalars().all()
    if len(found) != len(wanted):
        raise NotFound("One or more of those applications was not found")
    result = Moved()
    changed: list[tuple[Application, ApplicationStageChange]] = []
    for application in found:
        if application.stage == "withdrawn":
            result.withdrawn += 1
            continue
        if application.stage == to_stage:
            result.unchanged += 1
            continue
        change = record_change(application, to_stage, actor, reason)
        changed.append((application, change))
        audit.record("application.stage_changed", actor=actor, subject=application, to=to_stage,
                     minor=is_minor(application.user.date_of_birth) or None)
        result.changed += 1
    db.session.flush()
    _email_applicants(changed, actor, opportunity)
    return result


def _email_applicants(changed, actor, opportunity: Opportunity) -> None:
    emailed = [(a, c) for a, c in changed if c.to_stage in EMAILED_STAGES and not a.user.is_disabled]
    rejected = [a.user for a, c in emailed if c.to_stage == "rejected"]
    others = matches.suggestions(matches.people_for(rejected), opportunity.id) if rejected else {}
    common = dict(title=opportunity.title, provider_name=opportunity.organisation.name,
                  kind_label=opportunity.kind_label.lower(), matches_url=path_for("applications.matches"))
    for application, change in emailed:
        user = application.user
        context = dict(common, first_name=user.first_name, stage=change.to_stage,
                       stage_label=STAGE_LABELS[change.to_stage],
                       application_url=path_for("applications.detail", public_id=application.public_id),
                       contact_email=actor.email if change.to_stage == "invited_to_interview" else None,
                       minor=is_minor(user.date_of_birth))
        if change.to_stage == "rejected":
            context["suggestions"] = [
                {"title": m.opportunity.title, "provider": m.opportunity.organisation.name,
                 "kind": m.opportunity.kind_label, "reason": m.score.reasons[0] if m.score.reasons else "",
                 "url": path_for("vacancies.detail", public_id=m.opportunity.public_id) if m.is_vacancy
                 else path_for("tasters.detail", public_id=m.opportunity.public_id)}
                for m in others.get(user.id, [])]
            template, subject = "application_rejected", f"Your application for {opportunity.title}"
        else:
            template = "application_stage"
            subject = f"{STAGE_LABELS[change.to_stage]}: {opportunity.title}"
        queue_email(to=user.email, user=user, template=template, subject=subject,
                    key=f"application:{application.id}:change:{change.id}", **context)
        if change.to_stage in GUARDIAN_STAGES and application.guardian_email and is_minor(user.date_of_birth):
            _tell_guardian(application, change, actor, opportunity)


def _tell_guardian(application: Application, change: ApplicationStageChange, actor, opportunity: Opportunity) -> None:
    """The guardian hears that the provider needs their consent, and how to give it (to the provider directly)."""
    user = application.user
    queue_email(to=application.guardian_email, template="application_guardian_consent",
                subject=f"{opportunity.organisation.name} needs your consent: {user.first_name}'s application",
                key=f"application:{application.id}:guardian-consent:{change.id}",
                guardian_name=application.guardian_name or "", first_name=user.first_name, title=opportunity.title,
                kind_label=opportunity.kind_label.lower(), provider_name=opportunity.organisation.name,
                offered=change.to_stage == "offered", contact_email=actor.email)
    audit.record("application.guardian_told", actor=actor, subject=application, stage=change.to_stage)


def for_provider(organisation, public_id: str) -> Application:
    """One of this provider's applications, with its history and notes, or NotFound."""
    application = db.session.execute(
        select(Application).join(Opportunity, Opportunity.id == Application.opportunity_id)
        .where(Application.public_id == (public_id or ""), Opportunity.organisation_id == organisation.id)
        .options(selectinload(Application.changes).selectinload(ApplicationStageChange.changed_by),
                 selectinload(Application.notes).selectinload(ApplicationNote.author),
                 selectinload(Application.user))
    ).scalar_one_or_none()
    if application is None:
        raise NotFound("not found")
    return application


@transaction
def viewed_by_provider(actor, application: Application) -> None:
    audit.record("application.viewed", actor=actor, subject=application,
                 minor=is_minor(application.user.date_of_birth) or None)


@transaction
def withdraw(user, public_id: str) -> Application:
    application = db.session.execute(
        select(Application).where(Application.public_id == (public_id or ""), Application.user_id == user.id)
        .with_for_update(of=Application)
    ).scalar_one_or_none()
    if application is None:
        raise NotFound("not found")
    if not application.is_open:
        raise NotAllowed("This application has already ended, so it cannot be withdrawn.")
    record_change(application, "withdrawn", user, None)
    audit.record("application.withdrawn", actor=user, subject=application)
    return application
