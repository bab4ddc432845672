"""A provider posts and runs tasters: details, risk assessment, sessions, sign-ups, attendance,
observed values and feedback. Another provider's objects always give 404."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from outreach import submissions
from outreach.extensions import db
from outreach.models.opportunities import TASTER_KINDS, Opportunity, TasterSession
from outreach.opportunities.review import is_trusted
from outreach.permissions import access, get_for_org_or_404, org_of_current_user
from outreach.tasters import after, calendar, notify, posting, roster, signups
from outreach.tasters.blueprint import bp
from outreach.tasters.errors import TasterError
from outreach.tasters.forms import (
    ActionForm,
    AddSessionForm,
    AttendanceForm,
    CancelForm,
    ProviderFeedbackForm,
    RiskAssessmentForm,
    SessionForm,
    TasterForm,
    ValuesRatingForm,
)
from outreach.tasters.visitor_views import ics_response
from outreach.web import add_problems, show_error

RECRUITERS = "provider:recruiter"


def _taster(public_id) -> Opportunity:
    opportunity = get_for_org_or_404(Opportunity, public_id, org_of_current_user())
    if opportunity.kind not in TASTER_KINDS:
        abort(404)
    return opportunity


def _session(public_id) -> TasterSession:
    session = db.session.execute(
        select(TasterSession).join(Opportunity, Opportunity.id == TasterSession.opportunity_id)
        .where(TasterSession.public_id == public_id, Opportunity.organisation_id == org_of_current_user().id)
    ).scalar_one_or_none()
    if session is None:
        abort(404)
    return session


def _signup(public_id):
    return signups.provider_signup_or_404(org_of_current_user(), public_id)


def _details(form: TasterForm) -> posting.TasterDetails:
    return posting.TasterDetails(
        kind=form.kind.data, title=form.title.data, description=form.description.data, min_age=form.min_age.data,
        place=getattr(form.postcode, "place", None) if form.postcode.data else None, setting=form.setting.data or None,
        role_slug=form.role_slug.data or None, what_to_wear=form.what_to_wear.data or None,
        accessibility=form.accessibility.data or None, will_do=form.will_do.data, will_not_do=form.will_not_do.data,
        dbs_required=form.dbs_required.data, safeguarding_contact_name=form.safeguarding_contact_name.data,
        safeguarding_contact=form.safeguarding_contact.data, desired_values=form.desired_values())


@bp.route("/tasters/manage/")
@access("provider", org="setup")
def manage_list():
    organisation = org_of_current_user()
    return render_template("tasters/manage_list.html", organisation=organisation,
                           tasters=posting.for_organisation(organisation), trusted=is_trusted(organisation),
                           can_edit=current_user.org_role in ("owner", "recruiter"))


@bp.route("/tasters/manage/new", methods=["GET", "POST"])
@access(RECRUITERS, org="setup")
def new():
    organisation = org_of_current_user()
    form = TasterForm()
    if request.method == "GET":
        form.postcode.data = organisation.postcode
        form.setting.data = organisation.provider_type
    if form.validate_on_submit():
        try:
            opportunity = posting.create(organisation, current_user, _details(form), form.submission.data)
        except submissions.AlreadySubmitted as repeat:  # a second press: go where the first one went
            flash("Taster saved as a draft. Now add the risk assessment and at least one session.", "success")
            if repeat.outcome:
                return redirect(url_for("tasters.manage", public_id=repeat.outcome))
            return redirect(url_for("tasters.manage_list"))
        except TasterError as error:
            show_error(form, error)
        else:
            flash("Taster saved as a draft. Now add the risk assessment and at least one session.", "success")
            return redirect(url_for("tasters.manage", public_id=opportunity.public_id))
    return render_template("tasters/taster_form.html", form=form, opportunity=None)


@bp.route("/tasters/manage/<public_id>/edit", methods=["GET", "POST"])
@access(RECRUITERS, org="setup")
def edit(public_id):
    opportunity = _taster(public_id)
    form = TasterForm(obj=opportunity if request.method == "GET" else None)
    if request.method == "GET":
        for key, weight in (opportunity.desired_values or {}).items():
            if f"value_{key}" in form:
                form[f"value_{key}"].data = str(weight)
    if form.validate_on_submit():
        try:
            posting.update(opportunity, current_user, _details(form))
        except TasterError as error:
            show_error(form, error)
        else:
            flash("Changes saved. Existing sign-ups are kept.", "success")
            return redirect(url_for("tasters.manage", public_id=public_id))
    return render_template("tasters/taster_form.html", form=form, opportunity=opportunity)


def _manage_page(opportunity, session_form=None, status=200):
    return render_template(
        "tasters/manage.html", opportunity=opportunity, session_form=session_form or AddSessionForm(),
        action_form=ActionForm(), can_edit=current_user.org_role in ("owner", "recruiter"),
        trusted=is_trusted(opportunity.organisation), upcoming=posting.upcoming_sessions(opportunity),
    ), status


@bp.route("/tasters/manage/<public_id>")
@access("provider", org="setup")
def manage(public_id):
    return _manage_page(_taster(public_id))


@bp.route("/tasters/manage/<public_id>/sessions", methods=["POST"])
@access(RECRUITERS, org="setup")
def add_session(public_id):
    opportunity = _taster(public_id)
    form = AddSessionForm()
    if form.validate_on_submit():
        try:
            added = posting.add_sessions(opportunity, current_user, times=form.all_times(),
                                         places_count=form.places.data, supervisor=form.supervisor_name.data,
                                         submission=form.submission.data)
        except submissions.AlreadySubmitted as repeat:  # a second press: the sessions are there once
            flash(_added_message(repeat.outcome), "success")
            return redirect(url_for("tasters.manage", public_id=public_id) + "#sessions")
        except TasterError as error:
            show_error(form, error)
        else:
            flash(_added_message(f"{len(added.sessions)}:{added.skipped}"), "success")
            return redirect(url_for("tasters.manage", public_id=public_id) + "#sessions")
    return _manage_page(opportunity, form)


def _added_message(outcome: str | None) -> str:
    """"Session added." or "6 sessions added.", plus any weeks skipped; from add_sessions' "added:skipped"."""
    try:
        added, skipped = (int(part) for part in (outcome or "").split(":"))
    except ValueError:
        return "Sessions added."
    message = "Session added." if added == 1 else f"{added} sessions added."
    if skipped == 1:
        message += " One was already there, so we left it as it was."
    elif skipped:
        message += f" {skipped} were already there, so we left them as they were."
    return message


@bp.route("/tasters/manage/<public_id>/delete", methods=["GET", "POST"])
@access(RECRUITERS, org="setup")
def delete_draft(public_id):
    opportunity = _taster(public_id)
    form = ActionForm()
    problem = None
    if form.validate_on_submit():
        try:
            title = posting.delete_draft(opportunity, current_user)
        except TasterError as error:
            flash(error.message, "error")
            return redirect(url_for("tasters.manage", public_id=public_id))
        flash(f"Draft deleted: {title}.", "success")
        return redirect(url_for("tasters.manage_list"))
    if not opportunity.is_unpublished_draft:
        problem = ("Only a draft that was never published can be deleted. "
                   + ("Close it instead: that keeps its sign-ups." if opportunity.status == "published" else ""))
    return render_template("components/delete_draft.html", opportunity=opportunity, form=form, problem=problem,
                           manage_endpoint="tasters.manage", noun="taster",
                           what_goes="the draft, its sessions and its risk assessment"), (
        400 if request.method == "POST" else 200)


@bp.route("/tasters/manage/<public_id>/risk-assessment", methods=["GET", "POST"])
@access(RECRUITERS, org="setup")
def risk_assessment(public_id):
    opportunity = _taster(public_id)
    risk = opportunity.risk_assessment
    form = RiskAssessmentForm(obj=risk if request.method == "GET" else None)
    if request.method == "GET" and risk is not None:
        for index, row in enumerate(risk.hazards[:len(form.hazard_rows())]):
            form[f"hazard_{index}"].data, form[f"control_{index}"].data = row["hazard"], row["control"]
    form_ok = False
    if request.method == "POST":
        form_ok = form.validate_on_submit()
        # All at once: the form's own checks (lengths) and the service's (missing parts) side by side.
        add_problems(form, posting.risk_assessment_problems(form.activities.data, form.hazards(), form.findings.data))
    if form_ok and not form.errors:
        try:
            posting.save_risk_assessment(opportunity, current_user, activities=form.activities.data,
                                         hazards=form.hazards(), findings=form.findings.data)
        except TasterError as error:
            show_error(form, error)
        else:
            flash("Risk assessment saved.", "success")
            return redirect(url_for("tasters.manage", public_id=public_id))
    return render_template("tasters/risk_assessment.html", form=form, opportunity=opportunity)


@bp.route("/tasters/manage/<public_id>/submit", methods=["POST"])
@access(RECRUITERS, org="setup")
def submit(public_id):
    opportunity = _taster(public_id)
    if ActionForm().validate_on_submit():
        try:
            status = posting.submit(opportunity, current_user)
        except TasterError as error:
            flash(error.message, "error")
        else:
            flash("Published. People can now find it and sign up." if status == "published" else
                  "Sent for approval. A CareWays admin checks a provider's first taster, usually within two "
                  "working days.", "success")
    return redirect(url_for("tasters.manage", public_id=public_id))


@bp.route("/tasters/manage/<public_id>/close", methods=["POST"])
@access(RECRUITERS, org="setup")
def close(public_id):
    opportunity = _taster(public_id)
    if ActionForm().validate_on_submit():
        try:
            posting.close(opportunity, current_user)
        except TasterError as error:
            flash(error.message, "error")
        else:
            flash("Closed to new sign-ups. Existing places are kept.", "success")
    return redirect(url_for("tasters.manage", public_id=public_id))


@bp.route("/tasters/manage/sessions/<public_id>")
@access("provider")
def session_register(public_id):
    session = _session(public_id)
    return render_template(
        "tasters/register.html", session=session, opportunity=session.opportunity,
        rows=roster.register(session, current_user), action_form=ActionForm(), attendance_form=AttendanceForm(),
        can_edit=current_user.org_role in ("owner", "recruiter"), started=session.has_started())


@bp.route("/tasters/manage/sessions/<public_id>/edit", methods=["GET", "POST"])
@access(RECRUITERS, org="setup")
def edit_session(public_id):
    session = _session(public_id)
    form = SessionForm()
    if request.method == "GET":
        form.fill(session)
    if form.validate_on_submit():
        starts_at, ends_at = form.times()
        try:
            posting.update_session(session, current_user, starts_at=starts_at, ends_at=ends_at,
                                   places_count=form.places.data, supervisor=form.supervisor_name.data)
        except TasterError as error:
            show_error(form, error)
        else:
            flash("Session updated. Anyone booked has been told about any change of time.", "success")
            return redirect(url_for("tasters.session_register", public_id=public_id))
    return render_template("tasters/session_form.html", form=form, session=session, opportunity=session.opportunity,
                           action_form=ActionForm())


@bp.route("/tasters/manage/sessions/<public_id>/cancel", methods=["POST"])
@access(RECRUITERS, org="setup")
def cancel_session(public_id):
    session = _session(public_id)
    if ActionForm().validate_on_submit():
        try:
            told = posting.cancel_session(session, current_user)
        except TasterError as error:
            flash(error.message, "error")
        else:
            flash(f"Session cancelled. We have told {told} {'person' if told == 1 else 'people'}.", "success")
    return redirect(url_for("tasters.manage", public_id=session.opportunity.public_id))


@bp.route("/tasters/manage/sessions/<public_id>/calendar.ics")
@access("provider")
def session_calendar(public_id):
    session = _session(public_id)
    return ics_response(calendar.provider_file(session), calendar.filename(session))


@bp.route("/tasters/manage/sign-ups/<public_id>/accept", methods=["POST"])
@access(RECRUITERS)
def accept(public_id):
    signup = _signup(public_id)
    if ActionForm().validate_on_submit():
        try:
            signup = signups.provider_accept(current_user, signup)
        except TasterError as error:
            flash(error.message, "error")
        else:
            flash(f"Place confirmed for {signup.user.first_name}." if signup.status == "confirmed" else
                  f"Accepted. {signup.user.first_name}'s place is confirmed once a parent or guardian consents.",
                  "success")
    return redirect(url_for("tasters.session_register", public_id=signup.session.public_id))


@bp.route("/tasters/manage/sign-ups/<public_id>/end", methods=["GET", "POST"])
@access(RECRUITERS)
def end(public_id):
    signup = _signup(public_id)
    form = CancelForm(reasons=notify.PROVIDER_REASONS)
    form.reason.label.text = "Reason (we send the visitor this reason in a standard email)"
    if form.validate_on_submit():
        try:
            signups.provider_end(current_user, signup, form.reason.data)
        except TasterError as error:
            flash(error.message, "error")
        else:
            flash(f"Done. We have told {signup.user.first_name}.", "success")
        return redirect(url_for("tasters.session_register", public_id=signup.session.public_id))
    return render_template("tasters/end_signup.html", form=form, row=roster.row(signup), session=signup.session,
                           opportunity=signup.session.opportunity)


@bp.route("/tasters/manage/sign-ups/<public_id>/attendance", methods=["POST"])
@access("provider")
def attendance(public_id):
    signup = _signup(public_id)
    form = AttendanceForm()
    if form.validate_on_submit():
        try:
            after.mark_attendance(current_user, signup, form.attended.data == "yes")
        except TasterError as error:
            flash(error.message, "error")
        else:
            flash(f"Attendance saved for {signup.user.first_name}.", "success")
    else:
        flash("Choose whether they attended.", "error")
    return redirect(url_for("tasters.session_register", public_id=signup.session.public_id))


@bp.route("/tasters/manage/sign-ups/<public_id>/values", methods=["GET", "POST"])
@access("provider")
def rate_values(public_id):
    signup = _signup(public_id)
    form = ValuesRatingForm()
    problem = None
    if request.method == "GET" and signup.observed_values is not None:
        for key, rating in signup.observed_values.ratings.items():
            if f"value_{key}" in form:
                form[f"value_{key}"].data = str(rating)
    if form.validate_on_submit():
        try:
            after.rate_values(current_user, signup, form.ratings())
        except TasterError as error:
            problem = show_error(form, error)
        else:
            flash("Thank you. The visitor decides whether to share these.", "success")
            return redirect(url_for("tasters.session_register", public_id=signup.session.public_id))
    return render_template("tasters/rate_values.html", form=form, row=roster.row(signup), session=signup.session,
                           opportunity=signup.session.opportunity, problem=problem)


@bp.route("/tasters/manage/sign-ups/<public_id>/feedback", methods=["GET", "POST"])
@access("provider")
def provider_feedback(public_id):
    signup = _signup(public_id)
    form = ProviderFeedbackForm()
    problem = None
    if form.validate_on_submit():
        try:
            after.provider_feedback(current_user, signup, rating=form.rating.data, comment=form.comment.data,
                                    submission=form.submission.data)
        except submissions.AlreadySubmitted:
            flash("Thank you for your feedback.", "success")  # a second press: the first one's answer
            return redirect(url_for("tasters.session_register", public_id=signup.session.public_id))
        except TasterError as error:
            problem = show_error(form, error)
        else:
            flash("Thank you for your feedback.", "success")
            return redirect(url_for("tasters.session_register", public_id=signup.session.public_id))
    return render_template("tasters/feedback.html", form=form, row=roster.row(signup), session=signup.session,
                           opportunity=signup.session.opportunity, problem=problem, audience="provider")
