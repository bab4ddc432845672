"""Changing a 3- or 6-month "still working with you?" answer given by mistake.

The latest answer for a hire may be changed for 14 days (``employment_checks.CHANGE_WITHIN``) after it
was first given; then it is locked, as the impact figures have counted it. A change rewrites the
answer's rows as a first answer with the new choice would have (a late "yes" settles both
milestones; a "no" is recorded at its own milestone only), keeps the original answer's time, so
the 14 days cannot be stretched by changing twice, and is audited.

An answer that also settled a referred friend's lead is not changed here: it released the
referrer's points, which CareWays support must put right by hand.
"""
from __future__ import annotations

from outreach import audit, clock
from outreach.applications import employment_checks
from outreach.applications.errors import NotAllowed, NotFound
from outreach.applications.people import is_minor
from outreach.domain import transaction
from outreach.extensions import db
from outreach.models.applications import MILESTONE_LABELS, Application, EmploymentCheck
from outreach.organisations import standing
from outreach.referrals import leads


class AnswerLocked(NotAllowed):
    """More than 14 days have passed since the answer was given."""


def latest_answer(application: Application) -> list[EmploymentCheck]:
    """The rows written by the most recent answer (one, or two for a late "yes")."""
    checks = list(application.employment_checks)
    if not checks:
        return []
    newest = max(check.answered_at for check in checks)
    return [check for check in checks if check.answered_at == newest]


@transaction
def change(organisation, actor, application: Application, still_employed: bool) -> list[str]:
    """Change the latest answer about this hire to ``still_employed``. Returns the
    milestones now recorded by it."""
    standing.require_approved(organisation)
    if application.opportunity.organisation_id != organisation.id:
        raise NotFound("not found")
    application = employment_checks.lock(application.id)
    first_name = application.user.first_name
    rows = latest_answer(application)
    if not rows:
        raise NotAllowed(f"There is no answer about {first_name} to change yet.", field="still_employed")
    answered_at = rows[0].answered_at
    now = clock.now()
    if now >= answered_at + employment_checks.CHANGE_WITHIN:
        answered_on = clock.to_uk(answered_at).strftime("%-d %B %Y")
        raise AnswerLocked(
            f"You answered about {first_name} on {answered_on}. Answers can be changed for "
            f"{employment_checks.CHANGE_WITHIN.days} days, so this one is now locked. If it is wrong, please contact "
            "CareWays support.", field="still_employed")
    if rows[0].still_employed == still_employed:
        raise employment_checks.AlreadyAnswered("That is already your answer. Nothing has changed.",
                                                field="still_employed")
    if leads.linked_lead(application.id) is not None:
        raise NotAllowed(f"This answer also settled the referral that brought {first_name} to you, so we cannot "
                         "change it here. Please contact CareWays support.", field="still_employed")
    milestone = max(check.milestone for check in rows)
    for check in rows:
        application.employment_checks.remove(check)
    db.session.flush()
    written = [milestone]
    if milestone == "6m" and still_employed and "3m" not in employment_checks.answers_of(application):
        written.insert(0, "3m")
    for each in written:
        application.employment_checks.append(EmploymentCheck(
            milestone=each, still_employed=still_employed, answered_at=answered_at,
            answered_by_id=getattr(actor, "id", None)))
    db.session.flush()
    audit.record("hire.employment_check_changed", actor=actor, subject=application, check=milestone,
                 recorded=",".join(written), still_employed=still_employed, was=not still_employed,
                 minor=is_minor(application.user.date_of_birth) or None)
    return written


def label(milestones: list[str]) -> str:
    return " and ".join(MILESTONE_LABELS[m] for m in milestones)

