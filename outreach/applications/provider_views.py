"""Recruiters' pages: the shortlist for a vacancy or taster, one application, stage changes,
notes, invitations, the CSV export, and the hires page with its 3- and 6-month "still working
with you?" checks. Another provider's post or application is always a 404."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from outreach import content, submissions
from outreach.applications import (
    employment_checks,
    export,
    hire_changes,
    invitations,
    notes,
    pipeline,
    profiles,
    questionnaire_invites,
)
from outreach.applications import shortlist as shortlists
from outreach.applications.blueprint import bp
from outreach.applications.errors import ApplicationError, NotFound
from outreach.applications.forms import (
    ActionForm,
    EditNoteForm,
    FilterForm,
    InviteForm,
    NoteForm,
    StageForm,
    StillEmployedForm,
)
from outreach.applications.people import age_band, is_minor, shown_name
from outreach.applications.presenting import availability_summary
from outreach.extensions import db
from outreach.matching_adapter import age_of, slots
from outreach.models.opportunities import TASTER_KINDS, Opportunity
from outreach.models.questionnaires import QuestionnaireResponse
from outreach.opportunities import observed
from outreach.permissions import access, get_for_org_or_404, org_of_current_user
from outreach.questionnaire import report as reports
from outreach.vacancies import service as vacancies
from outreach.web import page_number, show_error

RECRUITERS = "provider:recruiter"


def _post(public_id):
    """The signed-in recruiter's vacancy or taster, and its vacancy details (None for a taster)."""
    opportunity = get_for_org_or_404(Opportunity, public_id, org_of_current_user())
    details = None if opportunity.kind in TASTER_KINDS else vacancies.details_of(opportunity)
    return opportunity, details


def _application(public_id):
    try:
        return pipeline.for_provider(org_of_current_user(), public_id)
    except NotFound:
        abort(404)


def _shortlist_page(opportunity, details, stage_form=None, note=None, selected=(), status=200):
    filter_form = FilterForm(formdata=request.args)
    filters = filter_form.filters()
    organisation = org_of_current_user()
    built = shortlists.build(organisation, current_user, opportunity, details, filters, page=page_number(),
                             nearby_page=page_number("nearby_page"))
    return render_template("applications/shortlist.html", shortlist=built, opportunity=opportunity, details=details,
                           filter_form=filter_form, filters=filters, stage_form=stage_form or StageForm(),
                           action_form=ActionForm(), invite_form=InviteForm(), problem=note, selected=set(selected),
                           page=page_number(), nearby_page=page_number("nearby_page")), status


def _back_to_shortlist(public_id: str) -> str:
    """The shortlist as it was shown (filters and pages), built from known parameters only."""
    filters = FilterForm(formdata=request.args).filters()
    return url_for("applications.shortlist", public_id=public_id, **filters.as_args(), page=page_number(),
                   nearby_page=page_number("nearby_page"))


@bp.route("/shortlists/<public_id>")
@access(RECRUITERS)
def shortlist(public_id):
    opportunity, details = _post(public_id)
    return _shortlist_page(opportunity, details)


@bp.route("/shortlists/<public_id>/stage", methods=["POST"])
@access(RECRUITERS)
def bulk_stage(public_id):
    opportunity, details = _post(public_id)
    if details is None:
        abort(404)  # taster places are managed on the taster's register
    form = StageForm()
    selected = request.form.getlist("selected")
    if form.validate_on_submit():
        try:
            moved = pipeline.move(org_of_current_user(), current_user, opportunity, selected, form.to_stage.data,
                                  form.reason.data)
        except NotFound:
            abort(404)
        except ApplicationError as error:
            problem = show_error(form, error)
            return _shortlist_page(opportunity, details, form, problem, selected, 400)
        message = f"Moved {moved.changed} {'person' if moved.changed == 1 else 'people'}."
        if moved.unchanged:
            message += f" {moved.unchanged} already at that stage."
        if moved.withdrawn:
            message += f" {moved.withdrawn} had withdrawn, so were left as they are."
        flash(message, "success")
        return redirect(_back_to_shortlist(public_id))
    return _shortlist_page(opportunity, details, form, None, selected, 400)


@bp.route("/shortlists/<public_id>/invite", methods=["POST"])
@access(RECRUITERS)
def invite(public_id):
    opportunity, details = _post(public_id)
    chosen = request.form.getlist("invite")
    form = InviteForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        sent = invitations.invite(org_of_current_user(), current_user, opportunity, chosen,
                                  submission=form.submission.data)
    except submissions.AlreadySubmitted as repeat:  # a second press of the same form: answer as the first did
        sent = int(repeat.outcome or 0)
    except ApplicationError as error:
        flash(error.message, "error")
        return redirect(_back_to_shortlist(public_id))
    flash(f"Invited {sent} {'person' if sent == 1 else 'people'}. We have emailed them." if sent else
          "They had already been invited.", "success")
    return redirect(_back_to_shortlist(public_id))


@bp.route("/shortlists/<public_id>/export.csv")
@access(RECRUITERS)
def export_csv(public_id):
    opportunity, details = _post(public_id)
    filters = FilterForm(formdata=request.args).filters()
    body = export.shortlist_csv(org_of_current_user(), current_user, opportunity, details, filters)
    filename = f"shortlist-{opportunity.public_id}.csv"
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})


def _review_page(application, stage_form=None, note_form=None, problem=None, status=200):
    minor = is_minor(application.user.date_of_birth)
    response = None
    if application.questionnaire_response_id:
        response = db.session.execute(select(QuestionnaireResponse).where(
            QuestionnaireResponse.id == application.questionnaire_response_id)).scalar_one_or_none()
    pipeline.viewed_by_provider(current_user, application)
    profile = profiles.profile_of(application.user)
    return render_template(
        "applications/review.html", application=application, opportunity=application.opportunity,
        name=shown_name(application.user.first_name, application.user.last_name, minor), minor=minor,
        age_band=age_band(age_of(application.user.date_of_birth)),
        free=availability_summary(slots(profile.availability if profile else None)),
        report=reports.for_response(response) if response is not None else None,
        raw_answers=reports.answers_for(response) if response is not None and application.share_raw_answers else None,
        observed=observed.shared_observed_values(application.user), observed_scale=observed.OBSERVED_SCALE,
        value_names=content.value_names(), stage_form=stage_form or StageForm(), note_form=note_form or NoteForm(),
        action_form=ActionForm(), can_invite=questionnaire_invites.can_invite(application), problem=problem), status


@bp.route("/shortlists/applications/<public_id>")
@access(RECRUITERS)
def review(public_id):
    return _review_page(_application(public_id))


@bp.route("/shortlists/applications/<public_id>/stage", methods=["POST"])
@access(RECRUITERS)
def change_stage(public_id):
    application = _application(public_id)
    form = StageForm()
    if form.validate_on_submit():
        try:
            moved = pipeline.move(org_of_current_user(), current_user, application.opportunity, [public_id],
                                  form.to_stage.data, form.reason.data)
        except ApplicationError as error:
            return _review_page(_application(public_id), stage_form=form, problem=show_error(form, error), status=400)
        if moved.withdrawn:
            flash("This person has withdrawn, so their application stays as it is.", "error")
        else:
            flash("Stage saved." if moved.changed else "It was already at that stage.", "success")
        return redirect(url_for("applications.review", public_id=public_id))
    return _review_page(application, stage_form=form, status=400)


@bp.route("/shortlists/applications/<public_id>/notes", methods=["POST"])
@access(RECRUITERS)
def add_note(public_id):
    application = _application(public_id)
    form = NoteForm()
    if form.validate_on_submit():
        try:
            notes.add(org_of_current_user(), current_user, application, form.body.data, form.submission.data)
        except submissions.AlreadySubmitted:
            pass  # a second press of the same form: the note is there once, answer as the first did
        except ApplicationError as error:
            return _review_page(_application(public_id), note_form=form, problem=show_error(form, error), status=400)
        flash("Note added.", "success")
        return redirect(url_for("applications.review", public_id=public_id) + "#notes")
    return _review_page(application, note_form=form, status=400)


def _own_note(public_id, note_id):
    """The signed-in recruiter's own note: 404 for another provider's, the page back for a colleague's."""
    try:
        return notes.own_note(org_of_current_user(), current_user, public_id, note_id), None
    except NotFound:
        abort(404)
    except notes.NotYourNote as error:
        return None, error


def _not_yours(public_id, error):
    flash(error.message, "error")
    return redirect(url_for("applications.review", public_id=public_id) + "#notes")


def _note_page(template, application, note, form, problem=None, status=200):
    minor = is_minor(application.user.date_of_birth)
    return render_template(template, application=application, opportunity=application.opportunity, note=note,
                           form=form, problem=problem,
                           name=shown_name(application.user.first_name, application.user.last_name, minor)), status


@bp.route("/shortlists/applications/<public_id>/notes/<note_id>/edit", methods=["GET", "POST"])
@access(RECRUITERS)
def edit_note(public_id, note_id):
    application = _application(public_id)
    note, refused = _own_note(public_id, note_id)
    if refused:
        return _not_yours(public_id, refused)
    form = EditNoteForm(data={"body": note.body} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            notes.edit(org_of_current_user(), current_user, public_id, note_id, form.body.data)
        except NotFound:
            abort(404)
        except notes.NotYourNote as error:
            return _not_yours(public_id, error)
        except ApplicationError as error:
            return _note_page("applications/note_edit.html", application, note, form, show_error(form, error), 400)
        flash("Note saved.", "success")
        return redirect(url_for("applications.review", public_id=public_id) + f"#note-{note_id}")
    return _note_page("applications/note_edit.html", application, note, form,
                      status=400 if request.method == "POST" else 200)


@bp.route("/shortlists/applications/<public_id>/notes/<note_id>/delete", methods=["GET", "POST"])
@access(RECRUITERS)
def delete_note(public_id, note_id):
    application = _application(public_id)
    note, refused = _own_note(public_id, note_id)
    if refused:
        return _not_yours(public_id, refused)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            notes.delete(org_of_current_user(), current_user, public_id, note_id)
        except NotFound:
            abort(404)
        except notes.NotYourNote as error:
            return _not_yours(public_id, error)
        flash("Note deleted.", "success")
        return redirect(url_for("applications.review", public_id=public_id) + "#notes")
    return _note_page("applications/note_delete.html", application, note, form,
                      status=400 if request.method == "POST" else 200)
@bp.route("/shortlists/applications/<public_id>/questionnaire-invite", methods=["POST"])
@access(RECRUITERS)
def invite_to_questionnaire(public_id):
    """Ask someone who applied without a values questionnaire result to do it (an email, once)."""
    application = _application(public_id)
    back = request.form.get("back") == "review"
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        questionnaire_invites.invite(org_of_current_user(), current_user, public_id)
    except NotFound:
        abort(404)
    except ApplicationError as error:
        flash(error.message, "success" if "already asked" in error.message else "error")
    else:
        flash(f"We have emailed {application.user.first_name} a link to the values questionnaire. When they finish, "
              "their result is added to the application.", "success")
    if back:
        return redirect(url_for("applications.review", public_id=public_id))
    return redirect(url_for("applications.shortlist", public_id=application.opportunity.public_id) + "#applied")


def _check_form(hire_public_id: str, first_name: str | None = None) -> StillEmployedForm:
    """One hire's yes/no form; its ids carry the hire's id, as the page holds one form per hire."""
    form = StillEmployedForm()
    form.still_employed.id = f"still-employed-{hire_public_id}"
    if first_name:
        form.still_employed.label.text = f"Is {first_name} still working with you?"
    return form


def _hires_page(answered_form=None, answered_id=None, problem=None, status=200):
    organisation = org_of_current_user()
    due = employment_checks.due_for(organisation)
    forms = {hire.public_id: _check_form(hire.public_id, hire.first_name) for hire in due}
    if answered_form is not None:
        if answered_id in forms:  # the answer's problem beside that hire's question, choice kept
            answered_form.still_employed.label.text = forms[answered_id].still_employed.label.text
            forms[answered_id] = answered_form
        else:
            problem = problem or next((m for _, m in answered_form.error_list()), None)
    recent = employment_checks.recent_answers(organisation)
    employment_checks.viewed(current_user, organisation, due, recent)
    return render_template("applications/hires.html", due=due, forms=forms, recent=recent, problem=problem,
                           recent_days=employment_checks.RECENT_DAYS, change_form=StillEmployedForm()), status


@bp.route("/providers/hires")
@access(RECRUITERS)
def hires():
    return _hires_page()


@bp.route("/providers/hires/<public_id>/still-employed", methods=["POST"])
@access(RECRUITERS)
def hire_still_employed(public_id):
    application = _application(public_id)
    first_name = application.user.first_name
    form = _check_form(public_id)
    if not form.validate_on_submit():
        return _hires_page(form, public_id, status=400)
    still_employed = form.still_employed.data == "yes"
    try:
        employment_checks.record(org_of_current_user(), current_user, application, still_employed)
    except NotFound:
        abort(404)
    except employment_checks.AlreadyAnswered as error:  # a double submit, or a colleague got there first
        flash(error.message, "success")
        return redirect(url_for("applications.hires"))
    except ApplicationError as error:
        return _hires_page(problem=error.message, status=400)
    if still_employed:
        flash(f"Thank you. We have noted that {first_name} is still working with you.", "success")
    else:
        flash(f"Thank you. We have noted that {first_name} is no longer working with you. We will not ask again.",
              "success")
    return redirect(url_for("applications.hires"))


@bp.route("/providers/hires/<public_id>/change", methods=["POST"])
@access(RECRUITERS)
def change_hire_answer(public_id):
    """Change the latest answer about a hire, within 14 days of giving it."""
    application = _application(public_id)
    first_name = application.user.first_name
    form = StillEmployedForm()
    if not form.validate_on_submit():
        return _hires_page(problem="Choose the answer you meant to give.", status=400)
    still_employed = form.still_employed.data == "yes"
    try:
        hire_changes.change(org_of_current_user(), current_user, application, still_employed)
    except NotFound:
        abort(404)
    except employment_checks.AlreadyAnswered as error:  # a double submit: the change is already made
        flash(error.message, "success")
        return redirect(url_for("applications.hires"))
    except ApplicationError as error:
        return _hires_page(problem=error.message, status=400)
    flash(f"Answer changed. We have noted that {first_name} is "
          f"{'still working with you' if still_employed else 'no longer working with you'}.", "success")
    return redirect(url_for("applications.hires"))
