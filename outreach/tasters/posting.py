"""Posting a taster: details, risk assessment, sessions, publishing and admin approval.

What every kind of post shares (a new draft, editing, publishing or queueing for an admin,
the admin's decision, closing, deleting a draft) is ``outreach.opportunities``; this module adds
the taster's own checks, risk assessment and sessions. Editing a published taster keeps its
sign-ups, and anyone booked is told when a session's times or place change.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from outreach import audit, clock, content, submissions
from outreach.domain import transaction
from outreach.extensions import db
from outreach.geo import Place
from outreach.models.opportunities import MIN_AGES, TASTER_KINDS, Opportunity, RiskAssessment, TasterSession
from outreach.models.signups import ACTIVE, SignUp
from outreach.opportunities import posting as posts
from outreach.opportunities import review as reviews
from outreach.opportunities.moves import Where
from outreach.organisations import standing
from outreach.tasters import notify, places
from outreach.tasters.errors import InvalidDetails, NotAllowed, TasterError

MAX_PLACES = 50
MAX_REPEAT_WEEKS = 12
MAX_SESSION_HOURS = 12
PERSONAL_CARE = re.compile(
    r"personal care|intimate care|\bbathing\b|\bshowering\b|toileting|continence|\bhoist|medication|\bmedicines\b|"
    r"moving and handling|\b(help|helping|assist|assisting|support|supporting)\b[\w\s]{0,30}?"
    r"\b(wash|washing|dress|dressing|bathe|shower|feed|feeding)\b(?!\s+up)",
    re.IGNORECASE,
)


@dataclass
class TasterDetails:
    kind: str
    title: str
    description: str
    min_age: int
    place: Place | None = None
    setting: str | None = None
    role_slug: str | None = None
    what_to_wear: str | None = None
    accessibility: str | None = None
    will_do: str | None = None
    will_not_do: str | None = None
    dbs_required: bool = False
    safeguarding_contact_name: str | None = None
    safeguarding_contact: str | None = None
    desired_values: dict = field(default_factory=dict)


def check_details(details: TasterDetails) -> None:
    if details.kind not in TASTER_KINDS:
        raise TasterError("Choose the kind of taster", field="kind")
    if details.min_age not in MIN_AGES:
        raise TasterError("Choose a minimum age of 14, 16 or 18", field="min_age")
    if details.dbs_required and details.min_age < 16:
        raise TasterError("A DBS check is only possible for people aged 16 or over. Set the minimum age to 16 or "
                          "18, or untick the DBS check.", field="dbs_required")
    if details.place is None and details.kind != "virtual":
        raise TasterError("Enter the postcode where the taster takes place", field="postcode")
    if details.min_age < 18 and details.will_do and PERSONAL_CARE.search(details.will_do):
        raise TasterError("Visitors under 18 never give personal care (such as washing, dressing, toileting or "
                          "moving and handling). Take it out of what they will do, or set the minimum age to 18.",
                          field="will_do")
    if details.role_slug and content.role(details.role_slug) is None:
        raise TasterError("Choose a role from the list", field="role_slug")
    for key, weight in details.desired_values.items():
        if key not in content.value_keys() or not isinstance(weight, int) or not 0 <= weight <= 5:
            raise TasterError("Each value's importance must be from 0 to 5", field="desired_values")


def _apply(opportunity: Opportunity, details: TasterDetails) -> None:
    for name in ("kind", "title", "description", "min_age", "setting", "role_slug", "what_to_wear", "accessibility",
                 "will_do", "will_not_do", "dbs_required", "safeguarding_contact_name", "safeguarding_contact"):
        value = getattr(details, name)
        setattr(opportunity, name, value.strip() if isinstance(value, str) else value)
    opportunity.desired_values = {k: v for k, v in details.desired_values.items() if v}
    posts.apply_place(opportunity, None if details.kind == "virtual" else details.place)


@transaction
def create(organisation, actor, details: TasterDetails, submission: str | None = None) -> Opportunity:
    """Save a new taster as a draft. A repeat press of the same form raises
    submissions.AlreadySubmitted carrying the first draft's public id."""
    check_details(details)
    return posts.new_draft(organisation, actor, noun="taster", form_name="new-taster", submission=submission,
                           fill=lambda opportunity: _apply(opportunity, details))


@transaction
def update(opportunity: Opportunity, actor, details: TasterDetails) -> Opportunity:
    check_details(details)
    if details.min_age > opportunity.min_age:
        too_young = [s for s in active_signups(opportunity) if (notify.visitor_age(s) or 0) < details.min_age]
        if too_young:
            raise TasterError(f"{len(too_young)} people younger than {details.min_age} have places. Cancel their "
                              "places first, or keep the minimum age.", field="min_age")
    posts.edit(opportunity, actor, noun="taster", apply=lambda: _apply(opportunity, details), tell=_tell_visitors)
    return opportunity


def _tell_visitors(opportunity: Opportunity, before: Where, now: Where, step: str) -> int:
    """Email everyone booked on a taster that moved (and their parent or guardian) its new place."""
    signups = active_signups(opportunity)
    for signup in signups:
        notify.to_visitor_and_guardian(signup, "taster_place_changed",
                                       f"New place for your taster: {opportunity.title}", step=step,
                                       old_where=before.text)
    return len(signups)


def active_signups(opportunity: Opportunity) -> list[SignUp]:
    return list(db.session.execute(
        select(SignUp).join(TasterSession, TasterSession.id == SignUp.session_id)
        .where(TasterSession.opportunity_id == opportunity.id, SignUp.status.in_(ACTIVE))
    ).scalars())


def risk_assessment_problems(activities: str, hazards: list[dict], findings: str) -> list[tuple[str, str]]:
    """Every (field, message) wrong with a risk assessment, in the order of the form.

    ``hazards`` are the form's rows in order, so each message names the row that needs it."""
    problems = []
    if not (activities or "").strip():
        problems.append(("activities", "Describe what the visitor will do"))
    filled = 0
    for index, row in enumerate(hazards):
        hazard, control = (row.get("hazard") or "").strip(), (row.get("control") or "").strip()
        if hazard and control:
            filled += 1
        elif hazard:
            problems.append((f"control_{index}", f"Say how you control hazard {index + 1}"))
        elif control:
            problems.append((f"hazard_{index}", f"Name the hazard that control {index + 1} is for"))
    if filled == 0 and not any(field.startswith(("hazard_", "control_")) for field, _ in problems):
        problems.append(("hazard_0", "List at least one hazard and how you control it"))
    if not (findings or "").strip():
        problems.append(("findings", "Write the findings that parents and guardians will read"))
    return problems


@transaction
def save_risk_assessment(opportunity: Opportunity, actor, *, activities: str, hazards: list[dict],
                         findings: str) -> RiskAssessment:
    problems = risk_assessment_problems(activities, hazards, findings)
    if problems:
        raise InvalidDetails(problems)
    hazards = [h for h in hazards if (h.get("hazard") or "").strip() or (h.get("control") or "").strip()]
    with db.session.no_autoflush:
        risk = opportunity.risk_assessment
        if risk is None:
            risk = RiskAssessment(opportunity_id=opportunity.id)
            db.session.add(risk)
            opportunity.risk_assessment = risk
        risk.activities = activities.strip()
        risk.hazards = [{"hazard": h["hazard"].strip(), "control": h["control"].strip()} for h in hazards]
        risk.findings = findings.strip()
        risk.assessed_by_id = getattr(actor, "id", None)
        risk.assessed_at = clock.now()
    audit.record("taster.risk_assessed", actor=actor, subject=opportunity)
    return risk


def check_times(starts_at: datetime, ends_at: datetime, places_count: int, supervisor: str,
                taken: int = 0) -> None:
    if starts_at <= clock.now():
        raise TasterError("The session must start in the future", field="date")
    if starts_at > clock.now() + timedelta(days=366):
        raise TasterError("Sessions can be up to a year ahead", field="date")
    if ends_at <= starts_at:
        raise TasterError("The end time must be after the start time", field="ends")
    if ends_at - starts_at > timedelta(hours=MAX_SESSION_HOURS):
        raise TasterError(f"A session can last up to {MAX_SESSION_HOURS} hours", field="ends")
    if not 1 <= places_count <= MAX_PLACES:
        raise TasterError(f"Offer between 1 and {MAX_PLACES} places", field="places")
    if places_count < taken:
        raise TasterError(f"{taken} places are already taken. Keep at least {taken} places, or cancel sign-ups "
                          "first.", field="places")
    if not (supervisor or "").strip():
        raise TasterError("Name the member of staff who will supervise", field="supervisor_name")


def add_session(opportunity: Opportunity, actor, *, starts_at, ends_at, places_count: int,
                supervisor: str) -> TasterSession:
    """One session (see add_sessions for several, and for double-submit protection)."""
    added = add_sessions(opportunity, actor, times=[(starts_at, ends_at)], places_count=places_count,
                         supervisor=supervisor)
    return added.sessions[0]


@dataclass
class Added:
    sessions: list[TasterSession]
    skipped: int  # the same start and end as a session already there


@transaction
def add_sessions(opportunity: Opportunity, actor, *, times: list[tuple[datetime, datetime]], places_count: int,
                 supervisor: str, submission: str | None = None) -> Added:
    """Add one session or a weekly run of them, all or nothing, in one transaction.

    Every date must pass the same checks as a single session (future, within a year). A time that
    matches an open session already there is skipped, not doubled. A repeat press of the same
    form raises submissions.AlreadySubmitted.
    """
    if opportunity.status == "closed":
        raise NotAllowed("This taster is closed. Publish it again before adding sessions.", field="date")
    if not times:
        raise TasterError("Enter the date", field="date")
    if len(times) > MAX_REPEAT_WEEKS:
        raise TasterError(f"Repeat for between 1 and {MAX_REPEAT_WEEKS} weeks", field="repeat_weeks")
    for index, (starts_at, ends_at) in enumerate(times):
        try:
            check_times(starts_at, ends_at, places_count, supervisor)
        except TasterError as error:
            if index and error.field == "date":  # a later week is what failed: say which
                when = clock.to_uk(starts_at).strftime("%-d %B %Y")
                raise TasterError(f"Week {index + 1} ({when}) is too far ahead: sessions can be up to a year "
                                  "ahead. Repeat for fewer weeks.", field="repeat_weeks") from error
            raise
    claimed = submissions.claim("add-taster-sessions", submission)
    existing = {(s.starts_at, s.ends_at) for s in db.session.execute(
        select(TasterSession).where(TasterSession.opportunity_id == opportunity.id, TasterSession.status == "open")
    ).scalars()}
    added, skipped = [], 0
    for starts_at, ends_at in times:
        if (starts_at, ends_at) in existing:
            skipped += 1
            continue
        existing.add((starts_at, ends_at))
        session = TasterSession(opportunity=opportunity, starts_at=starts_at, ends_at=ends_at, places=places_count,
                                places_taken=0, supervisor_name=supervisor.strip(), status="open")
        db.session.add(session)
        added.append(session)
    if not added:  # @transaction rolls back the claim with it, so the form can be sent again
        raise TasterError("This taster already has a session at that time" +
                          (" in every one of those weeks." if len(times) > 1 else "."), field="date")
    db.session.flush()
    for session in added:
        audit.record("taster.session_added", actor=actor, subject=opportunity, session=session.public_id)
    submissions.settle(claimed, f"{len(added)}:{skipped}")
    return Added(added, skipped)


@transaction
def delete_draft(opportunity: Opportunity, actor) -> str:
    """Delete a draft taster that nobody has signed up to (even a cancelled sign-up keeps it, for its
    history); its sessions and risk assessment go with it. Returns the title."""
    return posts.delete_draft(opportunity, actor, noun="taster", people="sign-ups", not_allowed=NotAllowed,
                              has_people=lambda: _has_signups(opportunity))


def _has_signups(opportunity: Opportunity) -> bool:
    return db.session.execute(
        select(SignUp.id).join(TasterSession, TasterSession.id == SignUp.session_id)
        .where(TasterSession.opportunity_id == opportunity.id).limit(1)
    ).first() is not None


@transaction
def update_session(session: TasterSession, actor, *, starts_at, ends_at, places_count: int,
                   supervisor: str) -> TasterSession:
    session = places.lock_session(session.id)
    if session.status != "open" or session.has_started():
        raise NotAllowed("This session has started or been cancelled, so it cannot be changed.", field="date")
    check_times(starts_at, ends_at, places_count, supervisor, taken=session.places_taken)
    old_when = notify.when(session)
    moved = (starts_at, ends_at) != (session.starts_at, session.ends_at)
    session.starts_at, session.ends_at = starts_at, ends_at
    session.places, session.supervisor_name = places_count, supervisor.strip()
    db.session.flush()
    signups = db.session.execute(
        select(SignUp).where(SignUp.session_id == session.id, SignUp.status.in_(ACTIVE))
    ).scalars().all()
    for signup in signups:
        consent = signup.consent
        if consent is not None and consent.expires_at is not None and consent.expires_at > starts_at:
            consent.expires_at = starts_at
        if moved:
            notify.to_visitor_and_guardian(
                signup, "taster_times_changed", f"New times for your taster: {session.opportunity.title}",
                step=f"times:{starts_at.isoformat()}:{ends_at.isoformat()}", old_when=old_when)
            if signup.needs_consent:
                audit.record("taster.minor_session_moved", actor=actor, subject=signup)
    places.promote_waitlist(session)
    audit.record("taster.session_changed", actor=actor, subject=session.opportunity, session=session.public_id,
                 moved=moved, told=len(signups) if moved else 0)
    return session


@transaction
def cancel_session(session: TasterSession, actor) -> int:
    standing.require(session.opportunity.organisation, standing.SETUP)  # a pending provider has no visitors yet
    session = places.lock_session(session.id)
    if session.status != "open":
        raise NotAllowed("This session is already cancelled.")
    session.status = "cancelled"
    signups = db.session.execute(
        select(SignUp).where(SignUp.session_id == session.id, SignUp.status.in_(ACTIVE))
        .with_for_update(of=SignUp).execution_options(populate_existing=True)
    ).scalars().all()
    for signup in signups:
        places.end_signup(signup, "cancelled", by="provider", reason="session_cancelled", actor=actor)
        notify.to_visitor_and_guardian(signup, "taster_cancelled",
                                       f"Your taster session is cancelled: {session.opportunity.title}",
                                       step="session-cancelled", who="provider",
                                       reason=notify.reason_text("session_cancelled"))
        audit.record("taster.provider_cancelled", actor=actor, subject=signup, reason="session_cancelled",
                     minor=signup.needs_consent)
    audit.record("taster.session_cancelled", actor=actor, subject=session.opportunity, session=session.public_id)
    return len(signups)


def upcoming_sessions(opportunity: Opportunity) -> list[TasterSession]:
    now = clock.now()
    return [s for s in opportunity.sessions if s.status == "open" and s.starts_at > now]


@transaction
def submit(opportunity: Opportunity, actor) -> str:
    """Publish (trusted providers) or send for approval (a provider's first taster)."""
    return posts.submit(opportunity, actor, noun="taster", not_allowed=NotAllowed,
                        check_ready=lambda: _check_ready(opportunity))


def _check_ready(opportunity: Opportunity) -> None:
    missing = []
    if not opportunity.will_do or not opportunity.will_not_do:
        missing.append("say what the visitor will and will not do")
    if not opportunity.safeguarding_contact_name or not opportunity.safeguarding_contact:
        missing.append("name your safeguarding contact")
    if opportunity.risk_assessment is None:
        missing.append("complete the risk assessment")
    if not upcoming_sessions(opportunity):
        missing.append("add at least one future session")
    if missing:
        raise NotAllowed("Before publishing, " + ", ".join(missing) + ".")


@transaction
def close(opportunity: Opportunity, actor) -> None:
    posts.close(opportunity, actor, noun="taster", not_allowed=NotAllowed)


def for_organisation(organisation) -> list[Opportunity]:
    return posts.for_organisation(organisation, TASTER_KINDS)


def pending_review(page: int = 1):
    return reviews.pending_review(TASTER_KINDS, page)


@transaction
def review(opportunity: Opportunity, admin, decision: str, note: str | None) -> None:
    reviews.decide(opportunity, admin, decision, note, noun="taster", template="taster_review_decision",
                   manage_endpoint="tasters.manage", error=TasterError, not_waiting=NotAllowed)
