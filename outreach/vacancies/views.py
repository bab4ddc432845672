"""Vacancy pages: a provider posts and runs jobs and apprenticeships, anyone reads a published one,
and platform admins approve a provider's first post. Another provider's vacancy is always a 404."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from outreach import content, submissions
from outreach.careers import search as role_search
from outreach.matching_adapter import parse_slot_keys, slot_key, slot_rows
from outreach.models.opportunities import TASTER_KINDS, Opportunity
from outreach.models.vacancies import PAY_AGE_BANDS, VACANCY_KINDS
from outreach.opportunities import posting as posts
from outreach.opportunities.review import post_for_review
from outreach.permissions import access, get_for_org_or_404, org_of_current_user
from outreach.vacancies import questions, service
from outreach.vacancies.errors import VacancyError
from outreach.vacancies.forms import ActionForm, ReviewForm, VacancyForm
from outreach.web import page_number, show_error

bp = Blueprint("vacancies", __name__)
RECRUITERS = "provider:recruiter"
ROLE_HITS = 6


def _vacancy(public_id):
    opportunity = get_for_org_or_404(Opportunity, public_id, org_of_current_user())
    if opportunity.kind not in VACANCY_KINDS:
        abort(404)
    return service.details_of(opportunity)


def _input(form: VacancyForm) -> service.VacancyInput:
    months = getattr(form.apprenticeship_months, "number", None)
    level = form.apprenticeship_level.data
    return service.VacancyInput(
        kind=form.kind.data, role_slug=form.role_slug.data, title=form.title.data or "",
        description=form.description.data or "", place=getattr(form.postcode, "place", None), min_age=form.min_age.data,
        hours_per_week=getattr(form.hours_per_week, "number", None), shift_pattern=form.shift_pattern.data or "",
        closing_date=getattr(form.closing_date, "day", None), pay_type=form.pay_type.data,
        pay_pence=getattr(form.pay_amount, "pence", None), pay_age_band=form.pay_age_band.data,
        shift_slots=parse_slot_keys(form.shift_slots.data), apprenticeship_standard=form.apprenticeship_standard.data,
        apprenticeship_level=int(level) if level else None, apprenticeship_months=months,
        training_provider=form.training_provider.data, driving_licence_required=form.driving_licence_required.data,
        desired_values=form.desired_values(), motivation_questions=list(form.motivation_questions.data or []),
        submission=form.submission.data,
    )


def _fill(form: VacancyForm, details) -> None:
    opportunity = details.opportunity
    form.kind.data, form.role_slug.data, form.title.data = opportunity.kind, opportunity.role_slug, opportunity.title
    form.description.data, form.postcode.data, form.min_age.data = (opportunity.description, opportunity.postcode,
                                                                    opportunity.min_age)
    form.hours_per_week.data = f"{details.hours_per_week:g}"
    form.shift_pattern.data = details.shift_pattern
    form.shift_slots.data = [slot_key(day, part) for day, part in details.shift_slots]
    form.pay_type.data = details.pay_type
    form.pay_amount.data = f"{details.pay_pence / 100:.2f}"
    form.pay_age_band.data = details.pay_age_band if details.pay_age_band != "apprentice" else "21_plus"
    form.apprenticeship_standard.data = details.apprenticeship_standard
    form.apprenticeship_level.data = str(details.apprenticeship_level or "")
    form.apprenticeship_months.data = str(details.apprenticeship_months or "")
    form.training_provider.data = details.training_provider
    form.driving_licence_required.data = details.driving_licence_required
    form.closing_date.data = details.closing_date.isoformat()
    form.motivation_questions.data = list(details.motivation_questions)
    for key, weight in (opportunity.desired_values or {}).items():
        if f"value_{key}" in form:
            form[f"value_{key}"].data = str(weight)


def _role_options(form: VacancyForm, searched: bool) -> tuple[list[tuple[str, str, str]], str | None]:
    """The roles to offer as radios: the search's hits, or every role; plus a message if nothing matched."""
    snapshot = content.current()
    everything = [(r.slug, r.title, r.summary) for r in snapshot.roles.values()]
    query = (form.role_query.data or "").strip()
    if not searched:
        return everything, None
    if not query:
        return everything, "Nothing is saved yet. Type a job title to search for the role, or use Save at the end."
    hits = role_search.search(snapshot, query, limit=ROLE_HITS)
    if not hits:
        return everything, f"No role matched \u201c{query}\u201d. Choose the closest role from the full list."
    options = [(h.role.slug, h.role.title, h.role.summary) for h in hits]
    if hits[0].in_title and (not form.role_slug.data or form.role_slug.data not in {o[0] for o in options}):
        form.role_slug.data = options[0][0]  # a title match is a safe guess; a topic ("dementia") is not
    chosen = form.role_slug.data
    if chosen not in {o[0] for o in options}:
        options += [o for o in everything if o[0] == chosen]
    return options, None


def _form_page(form, details, problem=None, searched=False, status=200):
    options, role_message = _role_options(form, searched)
    return render_template("vacancies/vacancy_form.html", form=form, details=details, problem=problem,
                           role_options=options, role_message=role_message,
                           slot_rows=slot_rows(form.shift_slots.data),
                           questions=questions.bank()), status


def _save(form, details=None):
    """Shared by new and edit: search for a role, or validate and save."""
    searched = request.method == "POST" and "find_role" in request.form
    if request.method == "POST" and not searched:
        if form.validate_on_submit():
            try:
                if details is None:
                    opportunity = service.create(org_of_current_user(), current_user, _input(form))
                else:
                    opportunity = details.opportunity
                    service.update(opportunity, current_user, _input(form))
            except submissions.AlreadySubmitted as repeat:  # a second press of Save: answer as the first did
                opportunity = get_for_org_or_404(Opportunity, repeat.outcome, org_of_current_user())
            except VacancyError as error:
                return _form_page(form, details, show_error(form, error), status=400)
            flash("Vacancy saved." + (" Publish it when you are ready." if opportunity.status == "draft" else ""),
                  "success")
            return redirect(url_for("vacancies.manage", public_id=opportunity.public_id))
        return _form_page(form, details, status=400)
    return _form_page(form, details, searched=searched)


@bp.route("/vacancies/manage/")
@access("provider", org="setup")
def manage_list():
    organisation = org_of_current_user()
    return render_template("vacancies/manage_list.html", organisation=organisation,
                           vacancies=service.for_organisation(organisation),
                           tasters=posts.for_organisation(organisation, TASTER_KINDS),
                           can_edit=current_user.org_role in ("owner", "recruiter"))


@bp.route("/vacancies/manage/new", methods=["GET", "POST"])
@access(RECRUITERS, org="setup")
def new():
    organisation = org_of_current_user()
    form = VacancyForm(role_titles=content.role_titles())
    if request.method == "GET":
        form.postcode.data = organisation.postcode
    return _save(form)


@bp.route("/vacancies/manage/<public_id>/edit", methods=["GET", "POST"])
@access(RECRUITERS, org="setup")
def edit(public_id):
    details = _vacancy(public_id)
    form = VacancyForm(role_titles=content.role_titles())
    if request.method == "GET":
        _fill(form, details)
        problem = service.pay_problem(details)
        if problem:  # saved under older rates: say so where it is fixed
            form.pay_amount.errors = [problem]
    return _save(form, details)


@bp.route("/vacancies/manage/<public_id>")
@access("provider", org="setup")
def manage(public_id):
    details = _vacancy(public_id)
    return render_template("vacancies/manage.html", details=details, opportunity=details.opportunity,
                           action_form=ActionForm(), can_edit=current_user.org_role in ("owner", "recruiter"),
                           pay_problem=service.pay_problem(details),
                           questions=questions.chosen(details.motivation_questions),
                           band_label=PAY_AGE_BANDS.get(details.pay_age_band), role_title=_role_title(details))


def _role_title(details) -> str | None:
    return content.role_title(details.opportunity.role_slug)


@bp.route("/vacancies/manage/<public_id>/submit", methods=["POST"])
@access(RECRUITERS, org="setup")
def submit(public_id):
    details = _vacancy(public_id)
    if ActionForm().validate_on_submit():
        try:
            status = service.submit(details.opportunity, current_user)
        except VacancyError as error:
            flash(error.message, "error")
        else:
            flash("Published. Applicants can now find it and apply." if status == "published" else
                  "Sent for approval. A CareWays admin checks a provider's first post, usually within two working "
                  "days.", "success")
    return redirect(url_for("vacancies.manage", public_id=public_id))


@bp.route("/vacancies/manage/<public_id>/close", methods=["POST"])
@access(RECRUITERS, org="setup")
def close(public_id):
    details = _vacancy(public_id)
    if ActionForm().validate_on_submit():
        try:
            service.close(details.opportunity, current_user)
        except VacancyError as error:
            flash(error.message, "error")
        else:
            flash("Closed to new applications. Existing applications are kept.", "success")
    return redirect(url_for("vacancies.manage", public_id=public_id))


@bp.route("/vacancies/manage/<public_id>/delete", methods=["GET", "POST"])
@access(RECRUITERS, org="setup")
def delete_draft(public_id):
    details = _vacancy(public_id)
    opportunity = details.opportunity
    form = ActionForm()
    if form.validate_on_submit():
        try:
            title = service.delete_draft(opportunity, current_user)
        except VacancyError as error:
            flash(error.message, "error")
            return redirect(url_for("vacancies.manage", public_id=public_id))
        flash(f"Draft deleted: {title}.", "success")
        return redirect(url_for("vacancies.manage_list"))
    problem = None
    if not opportunity.is_unpublished_draft:
        problem = "Only a draft that was never published can be deleted. " + (
            "Close it instead: that keeps its applications." if opportunity.status == "published" else "")
    return render_template("components/delete_draft.html", opportunity=opportunity, form=form, problem=problem,
                           manage_endpoint="vacancies.manage", noun="vacancy", what_goes="the draft vacancy"), (
        400 if request.method == "POST" else 200)


@bp.route("/vacancies/<public_id>")
@access("anyone")
def detail(public_id):
    details = service.public_vacancy(public_id)
    if details is None:
        abort(404)
    return render_template("vacancies/detail.html", details=details, opportunity=details.opportunity,
                           role_title=_role_title(details), questions=questions.chosen(details.motivation_questions))


@bp.route("/admin/vacancies")
@access("admin")
def admin_pending():
    return render_template("opportunities/admin_pending.html", pagination=service.pending_review(page_number()),
                           plural="Vacancies", singular="Vacancy", review_endpoint="vacancies.admin_review",
                           pending_endpoint="vacancies.admin_pending", show_min_age=False)


@bp.route("/admin/vacancies/<public_id>", methods=["GET", "POST"])
@access("admin")
def admin_review(public_id):
    opportunity = post_for_review(public_id, VACANCY_KINDS)
    if opportunity is None:
        abort(404)
    details = service.details_of(opportunity)
    form = ReviewForm()
    problem = None
    if form.validate_on_submit():
        try:
            service.review(opportunity, current_user, form.decision.data, form.note.data)
        except VacancyError as error:
            problem = show_error(form, error)
        else:
            flash(f"{opportunity.title} is now {opportunity.status_label.lower()}.", "success")
            return redirect(url_for("vacancies.admin_pending"))
    return render_template("vacancies/admin_review.html", form=form, details=details, opportunity=opportunity,
                           problem=problem, pay_problem=service.pay_problem(details), role_title=_role_title(details),
                           questions=questions.chosen(details.motivation_questions))
