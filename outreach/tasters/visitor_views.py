"""A pupil or applicant signs up for a session, sees their sign-ups, cancels, downloads the
calendar file, gives feedback and chooses whether to share the values a supervisor saw."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from outreach import content, geo, ratelimit, submissions
from outreach.extensions import db
from outreach.models.opportunities import TasterSession
from outreach.models.organisations import Organisation
from outreach.opportunities.observed import OBSERVED_SCALE
from outreach.permissions import access
from outreach.tasters import after, calendar, notify, places, search, signups
from outreach.tasters import consent as consents
from outreach.tasters.blueprint import bp
from outreach.tasters.errors import NotEligible, SessionClosed, TasterError
from outreach.tasters.forms import ActionForm, CancelForm, GuardianEmailForm, SignUpForm, VisitorFeedbackForm
from outreach.web import add_problems, show_error, too_many

VISITORS = ("pupil", "applicant")


def school_choices(user) -> list[tuple[str, str]]:
    """Approved schools, nearest to the pupil first (at most 60)."""
    schools = db.session.execute(
        select(Organisation).where(Organisation.kind == "school", Organisation.status == "approved")
    ).scalars().all()
    here = geo.coordinates_of(user.postcode_sector or "")
    if here:
        schools = sorted(schools, key=lambda s: geo.distance_km(here, (s.latitude, s.longitude)))
    else:
        schools = sorted(schools, key=lambda s: s.name)
    return [("", "Choose your school")] + [(s.public_id, f"{s.name} ({s.postcode_district})") for s in schools[:60]]


def _session_or_404(public_id, session_id):
    opportunity = search.public_taster(public_id)
    if opportunity is None:
        abort(404)
    session = db.session.execute(
        select(TasterSession).where(TasterSession.public_id == session_id,
                                    TasterSession.opportunity_id == opportunity.id)
    ).scalar_one_or_none()
    if session is None:
        abort(404)
    return opportunity, session


SIGNED_UP = {"waitlisted": "You are on the waiting list. We will email you if a place comes up.",
             "pending_consent": "Nearly there. We have emailed your parent or guardian to ask for consent.",
             "pending_provider": "Thank you. The provider will confirm your place soon."}


@bp.route("/tasters/<public_id>/sessions/<session_id>/sign-up", methods=["GET", "POST"])
@access(*VISITORS)
def sign_up(public_id, session_id):
    opportunity, session = _session_or_404(public_id, session_id)
    form = SignUpForm()
    form.school.choices = school_choices(current_user)
    age = signups.age_on_day(current_user, session)
    under_18 = age is not None and age < 18
    problem = None
    try:
        signups.check_open(session)
        signups.check_eligible(current_user, session)
    except (SessionClosed, NotEligible) as error:
        problem = error.message
    if request.method == "POST" and problem is None:
        details = signups.SignUpRequest(
            guardian_name=form.guardian_name.data, guardian_email=form.guardian_email.data,
            access_needs=form.access_needs.data, copy_school=form.copy_school.data,
            school_public_id=form.school.data, join_waitlist=form.join_waitlist.data,
            submission=form.submission.data)
        form_ok = form.validate()
        # Everything wrong is shown at once: the form's own checks and the service's, side by side.
        problem = add_problems(form, signups.detail_problems(details, current_user, under_18))
        if form_ok and not form.errors and problem is None:
            try:
                signup = signups.sign_up(current_user, session, details)
            except ratelimit.RateLimited as error:
                return too_many(error)
            except submissions.AlreadySubmitted as repeat:  # a second press of the same form: answer as the first
                signup = _own_or_404(repeat.outcome)
                flash(SIGNED_UP[signup.status] if signup.status in SIGNED_UP else "You have already signed up.",
                      "success")
                return redirect(url_for("tasters.my_signup", public_id=signup.public_id))
            except TasterError as error:
                problem = show_error(form, error)
            else:
                flash(SIGNED_UP[signup.status], "success")
                return redirect(url_for("tasters.my_signup", public_id=signup.public_id))
    return render_template("tasters/sign_up.html", form=form, opportunity=opportunity, session=session, age=age,
                           problem=problem, under_18=under_18, rules=notify.UNDER_18_RULES)


@bp.route("/tasters/sign-ups")
@access(*VISITORS)
def my_signups():
    return render_template("tasters/my_signups.html", signups=signups.my_signups(current_user))


def _own_or_404(public_id):
    signup = signups.own_signup(current_user, public_id)
    if signup is None:
        abort(404)
    return signup


@bp.route("/tasters/sign-ups/<public_id>")
@access(*VISITORS)
def my_signup(public_id):
    signup = _own_or_404(public_id)
    return render_template(
        "tasters/my_signup.html", signup=signup, session=signup.session, opportunity=signup.session.opportunity,
        cancel_form=CancelForm(reasons=notify.VISITOR_REASONS), share_form=ActionForm(),
        rank=places.waitlist_rank(signup), started=signup.session.has_started(), values=content.values(),
        scale=OBSERVED_SCALE, reason=notify.reason_text(signup.cancel_reason) if signup.cancel_reason else None)


@bp.route("/tasters/sign-ups/<public_id>/guardian-email", methods=["GET", "POST"])
@access(*VISITORS)
def guardian_email(public_id):
    signup = _own_or_404(public_id)
    form = GuardianEmailForm()
    problem = None
    if form.validate_on_submit():
        try:
            resent = consents.change_guardian_email(current_user, signup, form.guardian_email.data)
        except ratelimit.RateLimited as error:
            return too_many(error)
        except TasterError as error:
            problem = show_error(form, error)
        else:
            flash("Thanks. We have emailed your parent or guardian at the new address. The link in the old email "
                  "no longer works." if resent else
                  "Thanks. We will email your parent or guardian at the new address if a place comes up.", "success")
            return redirect(url_for("tasters.my_signup", public_id=public_id))
    return render_template("tasters/guardian_email.html", form=form, signup=signup, session=signup.session,
                           opportunity=signup.session.opportunity,
                           problem=problem), 400 if form.errors or problem else 200


@bp.route("/tasters/sign-ups/<public_id>/cancel", methods=["POST"])
@access(*VISITORS)
def cancel(public_id):
    signup = _own_or_404(public_id)
    form = CancelForm(reasons=notify.VISITOR_REASONS)
    if not form.validate():
        flash("Choose a reason to cancel your place.", "error")
        return redirect(url_for("tasters.my_signup", public_id=public_id))
    try:
        signups.visitor_cancel(current_user, signup, form.reason.data)
    except TasterError as error:
        flash(error.message, "error")
    else:
        flash("Your place is cancelled. We have told the provider.", "success")
    return redirect(url_for("tasters.my_signup", public_id=public_id))


@bp.route("/tasters/sign-ups/<public_id>/calendar.ics")
@access(*VISITORS)
def my_signup_calendar(public_id):
    signup = _own_or_404(public_id)
    if signup.status != "confirmed":
        abort(404)
    return ics_response(calendar.visitor_file(signup), calendar.filename(signup.session))


def ics_response(body: bytes, name: str):
    return body, 200, {"Content-Type": "text/calendar; charset=utf-8",
                       "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}


@bp.route("/tasters/sign-ups/<public_id>/feedback", methods=["GET", "POST"])
@access(*VISITORS)
def feedback(public_id):
    signup = _own_or_404(public_id)
    form = VisitorFeedbackForm()
    problem = None
    if signup.feedback_by("visitor") is not None:
        flash("You have already given feedback. Thank you!", "success")
        return redirect(url_for("tasters.my_signup", public_id=public_id))
    if form.validate_on_submit():
        try:
            after.visitor_feedback(current_user, signup, consider_care=form.consider_care.data,
                                   enjoyed=form.enjoyed.data, submission=form.submission.data)
        except submissions.AlreadySubmitted:
            flash("Thank you for your feedback.", "success")  # a second press: the first one's answer
            return redirect(url_for("tasters.my_signup", public_id=public_id))
        except TasterError as error:
            problem = show_error(form, error)
        else:
            flash("Thank you for your feedback.", "success")
            return redirect(url_for("tasters.my_signup", public_id=public_id))
    return render_template("tasters/feedback.html", form=form, signup=signup, opportunity=signup.session.opportunity,
                           problem=problem, audience="visitor")


@bp.route("/tasters/sign-ups/<public_id>/share-values", methods=["POST"])
@access(*VISITORS)
def share_values(public_id):
    signup = _own_or_404(public_id)
    if ActionForm().validate_on_submit():
        share = request.form.get("share") == "yes"
        try:
            after.set_sharing(current_user, signup, share)
        except TasterError as error:
            flash(error.message, "error")
        else:
            flash("These observed values will be added to your applications." if share
                  else "These observed values are private again.", "success")
    return redirect(url_for("tasters.my_signup", public_id=public_id))
