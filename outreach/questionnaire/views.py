"""The values questionnaire: take it, see the report, try the practice version.

Sharing with providers and the provider's view of a profile are in views_sharing.py
(same blueprint). Every page works without JavaScript: one question per page,
POST-redirect-GET, and buttons for Back, Save and continue, and Save and finish later.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, session, url_for
from flask_login import current_user

from outreach.permissions import access, allowed
from outreach.questionnaire import practice, service, store
from outreach.questionnaire import report as reports
from outreach.questionnaire.errors import (
    AlreadyFinished,
    AnswerRequired,
    InvalidChoice,
    NotFinished,
    NotStarted,
    QuestionnaireError,
    StalePage,
)
from outreach.questionnaire.forms import AnswerForm, FinishForm, StartForm

bp = Blueprint("questionnaire", __name__)

PENDING_KEY = "questionnaire_pending"
TAKERS = frozenset(service.TAKERS)


def _go(step: service.Step):
    if step.message:
        flash(step.message, "success")
    if step.kind == "question":
        return redirect(url_for("questionnaire.question", number=step.number))
    if step.kind == "review":
        return redirect(url_for("questionnaire.review"))
    if step.kind == "report":
        return redirect(url_for("questionnaire.report"))
    return redirect(url_for("questionnaire.index"))


def _recover(error: QuestionnaireError, practice_mode: bool = False):
    """Show a stale/out-of-order/finished problem as a message and send the person on."""
    flash(error.message, "error" if isinstance(error, (StalePage, InvalidChoice)) else "info")
    if practice_mode:
        if isinstance(error, (NotStarted, StalePage)) and error.number is None:
            session.pop(practice.SESSION_KEY, None)
            return redirect(url_for("questionnaire.practice_start"))
        return redirect(url_for("questionnaire.practice_question", number=error.number or 1))
    if isinstance(error, AlreadyFinished):
        return redirect(url_for("questionnaire.report"))
    if isinstance(error, NotStarted):
        return redirect(url_for("questionnaire.index"))
    if error.number:
        return redirect(url_for("questionnaire.question", number=error.number))
    return _go(service.resume_step(current_user))


@bp.route("/questionnaire/")
@access("anyone")
def index():
    takes_it = allowed(current_user, TAKERS)
    return render_template("questionnaire/index.html", bank=store.current_bank(archive=False),
                           status=service.status(current_user) if takes_it else None,
                           takes_it=takes_it, start_form=StartForm())


@bp.route("/questionnaire/start", methods=["POST"])
@access("applicant", "pupil")
def start():
    if StartForm().validate_on_submit():
        service.start(current_user)
    return _go(service.resume_step(current_user))


@bp.route("/questionnaire/continue")
@access("applicant", "pupil")
def resume():
    message = service.apply_pending(current_user, session.pop(PENDING_KEY, None))
    if message:
        flash(message, "success")
    return _go(service.resume_step(current_user))


@bp.route("/questionnaire/question/<int:number>")
@access("applicant", "pupil")
def question(number):
    if number < 1:
        abort(404)
    try:
        page = service.question(current_user, number)
    except QuestionnaireError as error:
        return _recover(error)
    return render_template("questionnaire/question.html", page=page, form=AnswerForm(formdata=None))


@bp.route("/questionnaire/question/<int:number>", methods=["POST"])
@access("anyone")  # so an answer posted after the sign-in session ended can be kept (see below)
def answer(number):
    form = AnswerForm()
    if not current_user.is_authenticated:
        # The sign-in session ended while this page was open. Keep the answer in the
        # session cookie; /questionnaire/continue saves it after signing in again.
        if form.validate_on_submit() and form.response.data:
            session[PENDING_KEY] = {"response": form.response.data[:32], "number": number,
                                    "item": (form.item.data or "")[:80], "version": (form.version.data or "")[:12],
                                    "answer": (form.raw_answer() or "")[:40]}
            flash("You were signed out, so please sign in again. Your answer will be saved.", "info")
        return redirect(url_for("accounts.sign_in", next=url_for("questionnaire.resume")))
    if not allowed(current_user, TAKERS):
        abort(403)
    if not form.validate_on_submit():
        return _go(service.resume_step(current_user))
    try:
        step = service.save_answer(current_user, response_id=form.response.data or "", number=number,
                                   item_id=form.item.data or "", version=form.version.data or "",
                                   raw_answer=form.raw_answer(), action=form.action.data or "next")
    except (AnswerRequired, InvalidChoice) as error:
        form.answer.errors = [error.message]
        try:
            page = service.question(current_user, number)
        except QuestionnaireError as problem:
            return _recover(problem)
        status = 400 if isinstance(error, InvalidChoice) else 200
        return render_template("questionnaire/question.html", page=page, form=form), status
    except QuestionnaireError as error:
        return _recover(error)
    return _go(step)


@bp.route("/questionnaire/check")
@access("applicant", "pupil")
def review():
    try:
        response, rows = service.review(current_user)
    except QuestionnaireError as error:
        return _recover(error)
    missing = [row for row in rows if row.answer is None]
    return render_template("questionnaire/review.html", response=response, rows=rows, missing=missing,
                           form=FinishForm(response=response.public_id))


@bp.route("/questionnaire/finish", methods=["POST"])
@access("applicant", "pupil")
def finish():
    form = FinishForm()
    if not form.validate_on_submit():
        return redirect(url_for("questionnaire.review"))
    try:
        service.finish(current_user, form.response.data or "")
    except NotFinished as error:
        flash(error.message, "error")
        return redirect(url_for("questionnaire.question", number=error.number))
    except QuestionnaireError as error:
        return _recover(error)
    return redirect(url_for("questionnaire.report"))


@bp.route("/questionnaire/report")
@access("applicant", "pupil")
def report():
    response = service.latest_completed(current_user)
    return render_template("questionnaire/report.html", response=response,
                           report=reports.for_response(response) if response else None,
                           answers=reports.answers_for(response) if response else [],
                           status=service.status(current_user), start_form=StartForm(),
                           value_name=reports.value_name)


# ---------------------------------------------------------------- practice (nothing stored)

@bp.route("/questionnaire/practice", methods=["GET", "POST"])
@access("anyone")
def practice_start():
    form = StartForm()
    if form.validate_on_submit():
        session[practice.SESSION_KEY] = practice.new_state()
        return redirect(url_for("questionnaire.practice_question", number=1))
    return render_template("questionnaire/practice_start.html", form=form,
                           in_progress=bool(session.get(practice.SESSION_KEY)))


@bp.route("/questionnaire/practice/<int:number>")
@access("anyone")
def practice_question(number):
    if number < 1:
        abort(404)
    try:
        page = practice.question(session.get(practice.SESSION_KEY), number)
    except QuestionnaireError as error:
        return _recover(error, practice_mode=True)
    return render_template("questionnaire/question.html", page=page, form=AnswerForm(formdata=None),
                           practice_mode=True)


@bp.route("/questionnaire/practice/<int:number>", methods=["POST"])
@access("anyone")
def practice_answer(number):
    form = AnswerForm()
    if not form.validate_on_submit():
        return redirect(url_for("questionnaire.practice_start"))
    try:
        state, step = practice.save_answer(session.get(practice.SESSION_KEY), number=number,
                                           item_id=form.item.data or "", version=form.version.data or "",
                                           raw_answer=form.raw_answer(), action=form.action.data or "next")
    except (AnswerRequired, InvalidChoice) as error:
        form.answer.errors = [error.message]
        try:
            page = practice.question(session.get(practice.SESSION_KEY), number)
        except QuestionnaireError as problem:
            return _recover(problem, practice_mode=True)
        status = 400 if isinstance(error, InvalidChoice) else 200
        return render_template("questionnaire/question.html", page=page, form=form, practice_mode=True), status
    except QuestionnaireError as error:
        return _recover(error, practice_mode=True)
    session[practice.SESSION_KEY] = state
    if step.kind == "question":
        return redirect(url_for("questionnaire.practice_question", number=step.number))
    if step.kind == "report":
        return redirect(url_for("questionnaire.practice_result"))
    return redirect(url_for("questionnaire.practice_start"))


@bp.route("/questionnaire/practice/result")
@access("anyone")
def practice_result():
    try:
        result = practice.result(session.get(practice.SESSION_KEY))
    except QuestionnaireError as error:
        return _recover(error, practice_mode=True)
    return render_template("questionnaire/practice_result.html", report=result, value_name=reports.value_name)


@bp.app_context_processor
def questionnaire_helpers():
    """``questionnaire_status()`` for the dashboards' "Your values" card."""
    def questionnaire_status():
        if not allowed(current_user, TAKERS):
            return None
        return service.status(current_user)

    return {"questionnaire_status": questionnaire_status}


from outreach.questionnaire import views_sharing  # noqa: E402,F401  (registers the sharing routes on bp)
