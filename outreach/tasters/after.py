"""After the taster: attendance, the supervisor's view of the values they saw, feedback from
both sides, and the figures that feed the impact report.

Observed values belong to the visitor: they are shown to nobody else (and never added to
an application) unless the visitor chooses to share them.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from outreach import audit, clock, content, submissions
from outreach.domain import transaction
from outreach.extensions import db
from outreach.models.opportunities import TasterSession
from outreach.models.signups import ObservedValues, SignUp, TasterFeedback
from outreach.opportunities.observed import OBSERVED_SCALE
from outreach.tasters.errors import NotAllowed, TasterError

CONSIDER_SCALE = {1: "Definitely not", 2: "Probably not", 3: "Not sure", 4: "Probably", 5: "Definitely"}
VISIT_SCALE = {1: "It did not go well", 2: "Some problems", 3: "It was fine", 4: "It went well", 5: "It went very well"}
POSITIVE = 4  # "probably" or "definitely" would consider a job in care


def _after_start(signup: SignUp) -> None:
    if not signup.session.has_started():
        raise NotAllowed("You can do this once the session has started.")
    if signup.status != "confirmed":
        raise NotAllowed("Only confirmed places can have attendance, ratings or feedback.")


@transaction
def mark_attendance(actor, signup: SignUp, attended: bool) -> None:
    _after_start(signup)
    signup.attended = attended
    signup.attendance_marked_at = clock.now()
    signup.attendance_marked_by_id = actor.id
    audit.record("taster.attendance_marked", actor=actor, subject=signup, attended=attended,
                 minor=signup.needs_consent)


@transaction
def rate_values(actor, signup: SignUp, ratings: dict[str, int]) -> ObservedValues:
    _after_start(signup)
    if signup.attended is not True:
        raise NotAllowed("Mark the visitor as attended before rating the values you saw.")
    keys = content.value_keys()
    if set(ratings) != set(keys) or any(r not in OBSERVED_SCALE for r in ratings.values()):
        raise TasterError("Choose an answer for each of the eight values", field="ratings")
    observed = signup.observed_values or ObservedValues(signup=signup)
    observed.ratings = {k: int(ratings[k]) for k in keys}
    observed.rated_by_id = actor.id
    observed.rated_at = clock.now()
    db.session.add(observed)
    audit.record("taster.values_rated", actor=actor, subject=signup, minor=signup.needs_consent)
    return observed


@transaction
def set_sharing(user, signup: SignUp, share: bool) -> None:
    if signup.user_id != user.id or signup.observed_values is None:
        raise NotAllowed("There are no observed values to share yet.")
    observed = signup.observed_values
    observed.shared_by_visitor = share
    observed.shared_at = clock.now() if share else None
    audit.record("taster.values_shared" if share else "taster.values_unshared", actor=user, subject=signup)


@transaction
def visitor_feedback(user, signup: SignUp, *, consider_care: int, enjoyed: str | None,
                     submission: str | None = None) -> TasterFeedback:
    """The visitor's feedback, once. A repeat press of the same form raises
    submissions.AlreadySubmitted (before "already given", so it gets the first press's answer)."""
    if signup.user_id != user.id:
        raise NotAllowed("That sign-up was not found.")
    _after_start(signup)
    if consider_care not in CONSIDER_SCALE:
        raise TasterError("Choose how likely you are to consider a job in care", field="consider_care")
    if signup.attended is False:
        raise NotAllowed("The provider recorded that you could not come to this session, so there is nothing to "
                         "give feedback on.")
    claimed = submissions.claim("taster-visitor-feedback", submission)
    if signup.feedback_by("visitor") is not None:
        raise NotAllowed("You have already given feedback. Thank you!")
    feedback = TasterFeedback(signup=signup, author="visitor", consider_care=consider_care,
                              enjoyed=(enjoyed or "").strip() or None, created_by_id=user.id)
    db.session.add(feedback)
    audit.record("taster.visitor_feedback", actor=user, subject=signup, consider_care=consider_care)
    submissions.settle(claimed, signup.public_id)
    return feedback


@transaction
def provider_feedback(actor, signup: SignUp, *, rating: int, comment: str | None,
                      submission: str | None = None) -> TasterFeedback:
    """The provider's feedback on a visit, once (a repeat press raises submissions.AlreadySubmitted)."""
    _after_start(signup)
    if rating not in VISIT_SCALE:
        raise TasterError("Choose how the visit went", field="rating")
    claimed = submissions.claim("taster-provider-feedback", submission)
    if signup.feedback_by("provider") is not None:
        raise NotAllowed("Feedback for this visit has already been given.")
    feedback = TasterFeedback(signup=signup, author="provider", rating=rating,
                              comment=(comment or "").strip() or None, created_by_id=actor.id)
    db.session.add(feedback)
    audit.record("taster.provider_feedback", actor=actor, subject=signup, rating=rating, minor=signup.needs_consent)
    submissions.settle(claimed, signup.public_id)
    return feedback


@dataclass
class Figures:
    sign_ups: int
    confirmed: int
    attended: int
    visitor_feedback: int
    would_consider_care: int  # answered 4 or 5
    average_consider_care: float | None
    average_visit_rating: float | None


def figures(start=None, end=None, organisation=None) -> Figures:
    """Counts for the impact report, optionally for one provider and a date range of sessions."""
    from outreach.models.opportunities import Opportunity

    def scoped(query):
        query = query.join(TasterSession, TasterSession.id == SignUp.session_id)
        if start is not None:
            query = query.where(TasterSession.starts_at >= start)
        if end is not None:
            query = query.where(TasterSession.starts_at < end)
        if organisation is not None:
            query = query.join(Opportunity, Opportunity.id == TasterSession.opportunity_id).where(
                Opportunity.organisation_id == organisation.id)
        return query

    def count(*conditions):
        return db.session.execute(scoped(select(func.count(SignUp.id))).where(*conditions)).scalar() or 0

    def feedback(author, column, *conditions):
        query = scoped(select(func.count(TasterFeedback.id), func.avg(column))
                       .select_from(SignUp).join(TasterFeedback, TasterFeedback.signup_id == SignUp.id))
        return db.session.execute(query.where(TasterFeedback.author == author, *conditions)).one()

    visitor_count, visitor_avg = feedback("visitor", TasterFeedback.consider_care)
    positive, _ = feedback("visitor", TasterFeedback.consider_care, TasterFeedback.consider_care >= POSITIVE)
    _, visit_avg = feedback("provider", TasterFeedback.rating)
    return Figures(
        sign_ups=count(), confirmed=count(SignUp.confirmed_at.is_not(None)), attended=count(SignUp.attended.is_(True)),
        visitor_feedback=visitor_count, would_consider_care=positive,
        average_consider_care=round(float(visitor_avg), 2) if visitor_avg is not None else None,
        average_visit_rating=round(float(visit_avg), 2) if visit_avg is not None else None,
    )
