"""Pages for applicants (and pupils): the matching profile, matches, applying, and following
and withdrawing applications. Someone else's application is always a 404."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from outreach import submissions
from outreach.applications import applying, matches, pipeline, profiles
from outreach.applications.blueprint import bp
from outreach.applications.errors import ApplicationError, NotEligible, NotFound, NotOpen, TooYoung
from outreach.applications.forms import ActionForm, ProfileForm, apply_form
from outreach.matching_adapter import parse_slot_keys, slot_key, slot_rows
from outreach.paging import paginate
from outreach.permissions import access
from outreach.questionnaire.service import latest_completed
from outreach.vacancies import questions
from outreach.vacancies import service as vacancies
from outreach.web import page_number, show_error

TAKERS = ("pupil", "applicant")
MATCHES_PER_PAGE = 10


@bp.route("/profile", methods=["GET", "POST"])
@access(*TAKERS)
def profile():
    existing = profiles.profile_of(current_user)
    form = ProfileForm()
    problem = None
    if request.method == "GET":
        form.postcode.data = current_user.postcode_sector
        if existing is not None:
            for number, role in enumerate(existing.desired_roles[:3], start=1):
                form[f"role_{number}"].data = role
            form.interests.data, form.experience.data = existing.interests, existing.experience
            form.max_travel_km.data = f"{existing.max_travel_km:g}" if existing.max_travel_km else ""
            form.availability.data = [slot_key(day, part) for day, part in existing.availability]
            form.driving_licence.data = existing.driving_licence
            form.discoverable.data = existing.discoverable
            form.personalised_matches.data = existing.personalised_matches
    if form.validate_on_submit():
        data = profiles.ProfileInput(
            desired_roles=[form.role_1.data, form.role_2.data, form.role_3.data], interests=form.interests.data or "",
            experience=form.experience.data or "", place=getattr(form.postcode, "place", None) if form.postcode.data
            else None, max_travel_km=getattr(form.max_travel_km, "number", None),
            availability=parse_slot_keys(form.availability.data), driving_licence=form.driving_licence.data,
            discoverable=form.discoverable.data, personalised_matches=form.personalised_matches.data)
        try:
            profiles.save(current_user, data)
        except ApplicationError as error:
            problem = show_error(form, error)
        else:
            flash("Your profile is saved.", "success")
            return redirect(url_for("applications.matches"))
    status = 400 if request.method == "POST" else 200
    return render_template("applications/profile.html", form=form, problem=problem,
                           slot_rows=slot_rows(form.availability.data), minor=current_user.is_minor,
                           is_pupil=current_user.account_type == "pupil"), status


@bp.route("/matches", endpoint="matches")
@access(*TAKERS)
def matches_page():
    kind = request.args.get("kind", "")
    kind = kind if kind in matches.KIND_FILTERS else ""
    found = matches.matches_for(current_user, kind)
    return render_template("applications/matches.html", found=found, kind=kind,
                           kinds=matches.KIND_FILTERS if matches.sees_vacancies(current_user) else {},
                           page=paginate(found.items, page_number(), MATCHES_PER_PAGE))


@bp.route("/vacancies/<public_id>/apply", methods=["GET", "POST"])
@access(*TAKERS)
def apply(public_id):
    details = vacancies.public_vacancy(public_id)
    if details is None:
        abort(404)
    asked = questions.chosen(details.motivation_questions)
    form = apply_form(asked, minor=applying.needs_guardian(current_user))()
    problem = blocked = None
    try:
        applying.check_can_apply(current_user, details, already_applied=request.method != "POST")
    except TooYoung as error:
        return render_template("applications/not_yet.html", details=details, opportunity=details.opportunity,
                               reason=error.message, age=error.age, minimum=error.minimum)
    except (NotEligible, NotOpen) as error:
        blocked = error.message
    if request.method == "POST" and blocked is None and form.validate_on_submit():
        try:
            application = applying.apply(current_user, details, form.answers(), form.share_raw_answers.data,
                                         guardian=form.guardian(), submission=form.submission.data)
        except submissions.AlreadySubmitted as repeat:  # a second press of the same form: the first one's answer
            sent = applying.one_of_mine(current_user, repeat.outcome or "")
            if sent is None:
                return redirect(url_for("applications.mine"))
            flash("Application sent. We have emailed you a copy of the details.", "success")
            return redirect(url_for("applications.detail", public_id=sent.public_id))
        except ApplicationError as error:
            problem = show_error(form, error)
            if error.message == applying.ALREADY_APPLIED:
                blocked = error.message
        else:
            flash("Application sent. We have emailed you a copy of the details.", "success")
            return redirect(url_for("applications.detail", public_id=application.public_id))
    status = 400 if request.method == "POST" else 200
    return render_template("applications/apply.html", details=details, opportunity=details.opportunity, form=form,
                           problem=problem or blocked, blocked=blocked, minor=applying.needs_guardian(current_user),
                           has_questionnaire=latest_completed(current_user) is not None,
                           existing=applying.existing(current_user, details.opportunity)), status


@bp.route("/applications")
@access(*TAKERS)
def mine():
    return render_template("applications/mine.html", applications=applying.mine(current_user),
                           invitations=applying.invitations_for(current_user))


@bp.route("/applications/<public_id>")
@access(*TAKERS)
def detail(public_id):
    application = applying.one_of_mine(current_user, public_id)
    if application is None:
        abort(404)
    return render_template("applications/detail.html", application=application, opportunity=application.opportunity,
                           action_form=ActionForm(), has_questionnaire=latest_completed(current_user) is not None)


@bp.route("/applications/<public_id>/withdraw", methods=["POST"])
@access(*TAKERS)
def withdraw(public_id):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        pipeline.withdraw(current_user, public_id)
    except NotFound:
        abort(404)
    except ApplicationError as error:
        flash(error.message, "error")
    else:
        flash("Your application is withdrawn. The provider sees this on their list of applicants.", "success")
    return redirect(url_for("applications.detail", public_id=public_id))
