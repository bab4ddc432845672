"""Is the person still working here? The 3- and 6-month checks for every hire.

An application moved to hired (``Application.hired_at``, set the first time) is due a check 3
calendar months later and another at 6 months. A recruiter answers yes or no on the hires page
(the ``employment_checks`` job emails them when one falls due). Each answer is a row in
``employment_checks``. Still employed at 6 months implies still employed at 3, so a first answer
given after 6 months settles both; someone recorded as gone is not asked again.

A referred friend's lead that the application moved (``Lead.application_id``) follows the same
answer, which releases the referrer's points; and an answer on the lead's page records the
application's check. So a recruiter is never asked twice. Each side calls only the other's
low-level write (``answer_from_lead`` here, ``leads.settle_employment_check`` there), so neither
calls back.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import and_, case, exists, func, not_, or_, select
from sqlalchemy.orm import aliased, contains_eager, selectinload

from outreach import audit, clock
from outreach.applications.errors import NotAllowed, NotFound
from outreach.applications.people import age_band, is_minor, shown_name
from outreach.domain import transaction
from outreach.extensions import db
from outreach.matching_adapter import age_of
from outreach.models.accounts import User
from outreach.models.applications import MILESTONE_LABELS, Application, EmploymentCheck
from outreach.models.opportunities import Opportunity
from outreach.models.referrals import Lead
from outreach.referrals import leads

AFTER = {"3m": relativedelta(months=3), "6m": relativedelta(months=6)}
RECENT_DAYS = 90
CHANGE_WITHIN = timedelta(days=14)  # an answer given by mistake may be changed for this long (hire_changes.py)
RECENT_LIMIT = 200
# SQL narrows the candidates with a plain cut-off; relativedelta then decides exactly (a hire on
# 30 November is due on 28 February, which "3 months before now" alone would miss).
SLACK = timedelta(days=4)


class AlreadyAnswered(NotAllowed):
    """The check was answered a moment ago (a double submit, or a colleague)."""


@dataclass(frozen=True)
class DueHire:
    """A hire waiting for a "still working with you?" answer, as the recruiter may see them."""

    application: Application
    milestone: str  # "3m" or "6m"
    referred_by: str | None  # the referrer's first name, when a friend's lead is linked

    @property
    def public_id(self) -> str:
        return self.application.public_id

    @property
    def first_name(self) -> str:
        return self.application.user.first_name

    @property
    def minor(self) -> bool:
        return is_minor(self.application.user.date_of_birth)

    @property
    def name(self) -> str:
        user = self.application.user
        return shown_name(user.first_name, user.last_name, self.minor)

    @property
    def age_band(self) -> str:
        return age_band(age_of(self.application.user.date_of_birth))

    @property
    def title(self) -> str:
        return self.application.opportunity.title

    @property
    def hired_at(self) -> datetime:
        return self.application.hired_at

    @property
    def milestone_label(self) -> str:
        return MILESTONE_LABELS[self.milestone]

    @property
    def settles_both(self) -> bool:
        """A first answer after 6 months, with the 3-month one never given."""
        return self.milestone == "6m" and "3m" not in answers_of(self.application)


@dataclass(frozen=True)
class Answered:
    """One answer given (one or two milestones), for the hires page's recent list."""

    name: str
    minor: bool
    age_band: str
    title: str
    milestones: str  # "3 months", "6 months" or "3 and 6 months"
    still_employed: bool
    answered_at: datetime
    answered_by: str | None
    public_id: str = ""  # the application's
    change_until: datetime | None = None  # the latest answer for a hire may be changed until then

    def changeable(self, now: datetime | None = None) -> bool:
        return self.change_until is not None and (now or clock.now()) < self.change_until


# --- the rule -----------------------------------------------------------------------------------

def answers_of(application: Application) -> dict[str, bool]:
    return {check.milestone: check.still_employed for check in application.employment_checks}


def check_due(application: Application, now: datetime | None = None) -> str | None:
    """"3m" or "6m" when the provider should say whether this hire is still working there.

    Only a hire (stage hired, ``hired_at`` set) of an account still open. "6m" once 6 calendar
    months have passed without a 6-month answer (even if the 3-month one was never given: one
    answer then settles both); "3m" from 3 months without a 3-month answer. Nothing once someone
    was recorded as no longer employed.
    """
    now = now or clock.now()
    if application.stage != "hired" or application.hired_at is None or application.user.is_disabled:
        return None
    answers = answers_of(application)
    if False in answers.values():
        return None
    if "6m" not in answers and now >= application.hired_at + AFTER["6m"]:
        return "6m"
    if "3m" not in answers and now >= application.hired_at + AFTER["3m"]:
        return "3m"
    return None


def _not_due_reason(application: Application, now: datetime) -> NotAllowed:
    first_name = application.user.first_name
    answers = answers_of(application)
    if application.stage != "hired" or application.hired_at is None:
        return NotAllowed(f"{first_name} is not marked as hired, so there is nothing to answer.",
                          field="still_employed")
    if False in answers.values():
        return AlreadyAnswered(f"You have already told us {first_name} is no longer working with you.",
                               field="still_employed")
    if answers:
        latest = MILESTONE_LABELS[max(answers)]
        return AlreadyAnswered(f"We already have your answer about {first_name} at {latest}. Thank you.",
                               field="still_employed")
    if application.user.is_disabled:
        return NotAllowed("This person's account is closed, so we do not ask about them.", field="still_employed")
    due_on = clock.to_uk(application.hired_at + AFTER["3m"]).strftime("%-d %B %Y")
    return NotAllowed(f"It is too early to ask about {first_name}: the first check is on {due_on}.",
                      field="still_employed")


# --- answering ----------------------------------------------------------------------------------

def lock(application_id: int) -> Application:
    """The application, locked for this transaction, with its answers read afresh."""
    application = db.session.execute(
        select(Application).where(Application.id == application_id).with_for_update(of=Application)
        .execution_options(populate_existing=True)
    ).scalar_one()
    db.session.expire(application, ["employment_checks"])
    return application


def _write(application: Application, milestone: str, still_employed: bool, actor, now: datetime,
           via: str | None = None) -> list[str]:
    """Record the answer to a due check (both rows for a first "yes" after 6 months) and audit it."""
    written = [milestone]
    if milestone == "6m" and still_employed and "3m" not in answers_of(application):
        written.insert(0, "3m")
    for each in written:
        application.employment_checks.append(EmploymentCheck(
            milestone=each, still_employed=still_employed, answered_at=now, answered_by_id=getattr(actor, "id", None)))
    db.session.flush()
    audit.record("hire.employment_checked", actor=actor, subject=application, check=milestone,
                 recorded=",".join(written), still_employed=still_employed, via=via,
                 minor=is_minor(application.user.date_of_birth) or None)
    return written


@transaction
def record(organisation, actor, application: Application, still_employed: bool) -> list[str]:
    """A recruiter's answer for one hire: write it, move a linked friend's lead the same way (which
    awards the referrer's points), commit. Returns the milestones recorded."""
    if application.opportunity.organisation_id != organisation.id:
        raise NotFound("not found")
    application = lock(application.id)
    now = clock.now()
    milestone = check_due(application, now)
    if milestone is None:
        problem = _not_due_reason(application, now)
        raise problem
    written = _write(application, milestone, still_employed, actor, now)
    lead = leads.linked_lead(application.id, lock=True)
    if lead is not None:
        leads.settle_employment_check(lead, still_employed, by=actor, now=now, via="application")
    return written


def answer_from_lead(application_id: int, actor, still_employed: bool, now: datetime) -> list[str]:
    """For referrals: a recruiter answered on the linked lead's page; record the application's
    check too, if one is due. No commit, and the lead is not touched again."""
    application = lock(application_id)
    milestone = check_due(application, now)
    if milestone is None:
        return []
    return _write(application, milestone, still_employed, actor, now, via="referral lead")


# --- who is waiting -----------------------------------------------------------------------------

def _due_candidates(now: datetime, organisation_id: int | None = None):
    """Hires that may be due, narrowed in SQL (check_due decides): hired at least about 3 months
    ago, account open, nobody recorded as gone, and an answer still missing."""
    def answered(*where):
        return exists().where(EmploymentCheck.application_id == Application.id, *where)

    referrer = aliased(User)
    referred_by = (select(referrer.first_name).join(Lead, Lead.referrer_id == referrer.id)
                   .where(Lead.application_id == Application.id).order_by(Lead.id).limit(1)
                   .correlate(Application).scalar_subquery())
    query = (
        select(Application, referred_by.label("referred_by"))
        .join(Application.opportunity).join(Application.user)
        .options(contains_eager(Application.opportunity), contains_eager(Application.user),
                 selectinload(Application.employment_checks))
        .where(Application.stage == "hired", Application.hired_at.is_not(None),
               Application.hired_at <= now - AFTER["3m"] + SLACK, User.is_disabled.is_(False),
               not_(answered(EmploymentCheck.still_employed.is_(False))),
               not_(answered(EmploymentCheck.milestone == "6m")),
               or_(Application.hired_at <= now - AFTER["6m"] + SLACK,
                   not_(answered(EmploymentCheck.milestone == "3m"))))
        .order_by(Application.hired_at, Application.id)
    )
    if organisation_id is not None:
        query = query.where(Opportunity.organisation_id == organisation_id)
    for application, referred in db.session.execute(query).unique().all():
        milestone = check_due(application, now)
        if milestone:
            yield DueHire(application, milestone, referred)


def due_for(organisation, now: datetime | None = None) -> list[DueHire]:
    """The provider's hires waiting for an answer, longest-serving first (two queries)."""
    return list(_due_candidates(now or clock.now(), organisation.id))


def due_by_organisation(now: datetime) -> dict[int, list[DueHire]]:
    """Every provider's hires waiting for an answer, for the employment_checks job."""
    due: dict[int, list[DueHire]] = {}
    for hire in _due_candidates(now):
        due.setdefault(hire.application.opportunity.organisation_id, []).append(hire)
    return due


def recent_answers(organisation, now: datetime | None = None, days: int = RECENT_DAYS) -> list[Answered]:
    """What the provider's recruiters answered in the last ``days`` days, newest first."""
    now = now or clock.now()
    answerer = aliased(User)
    rows = db.session.execute(
        select(EmploymentCheck.application_id, Application.public_id, EmploymentCheck.milestone,
               EmploymentCheck.still_employed, EmploymentCheck.answered_at, User.first_name, User.last_name,
               User.date_of_birth, Opportunity.title,
               answerer.first_name.label("answered_by"))
        .join(Application, Application.id == EmploymentCheck.application_id)
        .join(Opportunity, Opportunity.id == Application.opportunity_id)
        .join(User, User.id == Application.user_id)
        .outerjoin(answerer, answerer.id == EmploymentCheck.answered_by_id)
        .where(Opportunity.organisation_id == organisation.id,
               EmploymentCheck.answered_at >= now - timedelta(days=days))
        .order_by(EmploymentCheck.answered_at.desc(), EmploymentCheck.application_id, EmploymentCheck.milestone)
        .limit(RECENT_LIMIT)
    ).all()
    grouped: dict[tuple, list] = {}
    for row in rows:  # one answer that settled both milestones is shown once
        grouped.setdefault((row.application_id, row.answered_at, row.still_employed), []).append(row)
    latest: dict[int, datetime] = {}
    for application_id, answered_at, _ in grouped:
        latest[application_id] = max(answered_at, latest.get(application_id, answered_at))
    answers = []
    for group in grouped.values():
        row = group[0]
        minor = is_minor(row.date_of_birth)
        months = [r.milestone[:-1] for r in sorted(group, key=lambda r: r.milestone)]  # "3m" -> "3"
        answers.append(Answered(
            name=shown_name(row.first_name, row.last_name, minor), minor=minor,
            age_band=age_band(age_of(row.date_of_birth)), title=row.title,
            milestones=" and ".join(months) + " months", still_employed=row.still_employed,
            answered_at=row.answered_at, answered_by=row.answered_by, public_id=row.public_id,
            change_until=row.answered_at + CHANGE_WITHIN if row.answered_at == latest[row.application_id] else None,
        ))
    return answers


@transaction
def viewed(actor, organisation, due: list[DueHire], recent: list[Answered]) -> None:
    """Audit a view of the hires page (as the shortlist's are), counting the under-18s shown."""
    minors = sum(1 for hire in due if hire.minor) + sum(1 for answer in recent if answer.minor)
    audit.record("hires.viewed", actor=actor, subject=organisation, due=len(due), minors=minors or None)


# --- for the impact dashboard -------------------------------------------------------------------

def still_employed_at(milestone: str):
    """SQL condition on an Application row: confirmed still employed at "3m" or "6m"."""
    return exists().where(EmploymentCheck.application_id == Application.id, EmploymentCheck.milestone == milestone,
                          EmploymentCheck.still_employed.is_(True))


def answered_at_milestone(milestone: str):
    """SQL condition on an Application row: the recruiter answered (yes or no) at this milestone."""
    return exists().where(EmploymentCheck.application_id == Application.id, EmploymentCheck.milestone == milestone)


def referred_hire():
    """SQL condition on an Application row: a referral lead was moved by (is linked to) this application."""
    return exists().where(Lead.application_id == Application.id)


def retention_columns(now: datetime):
    """Aggregate columns over Application rows (any FROM/WHERE of yours), labelled:

    hired (stage hired, with ``hired_at``), reached_3m / reached_6m (hired at least 3 / 6 months
    ago), answered_3m / answered_6m, employed_3m / employed_6m (confirmed still employed). A "no"
    first given after 6 months is recorded at 6 months only, so "left by 6 months" is
    answered_6m - employed_6m.
    """
    def count(*conditions):
        return func.coalesce(func.sum(case((and_(hired, *conditions), 1), else_=0)), 0)

    hired = and_(Application.stage == "hired", Application.hired_at.is_not(None))
    return [count().label("hired"),
            count(Application.hired_at <= now - AFTER["3m"]).label("reached_3m"),
            count(Application.hired_at <= now - AFTER["6m"]).label("reached_6m"),
            count(answered_at_milestone("3m")).label("answered_3m"),
            count(answered_at_milestone("6m")).label("answered_6m"),
            count(still_employed_at("3m")).label("employed_3m"),
            count(still_employed_at("6m")).label("employed_6m")]
