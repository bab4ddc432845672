"""Admin: the job titles recruiters typed that the engine did not know, approved one at a time."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from outreach import content
from outreach.domain import DomainError
from outreach.permissions import access
from outreach.title_learning import content_link, review
from outreach.title_learning.forms import TitleDecisionForm, UndoDismissalForm
from outreach.web import page_number, show_error

bp = Blueprint("titles", __name__, url_prefix="/admin/titles")


def _queue_page(form=None, problem=None, status=200):
    pagination = review.pending(page_number())
    return render_template("admin/titles.html", pagination=pagination, library=content.current(), form=form,
                           problem=problem, decisions=review.DECISIONS), status


@bp.route("/")
@access("admin")
def queue():
    return _queue_page()


@bp.route("/decide", methods=["POST"])
@access("admin")
def decide():
    form = TitleDecisionForm()
    if not form.validate_on_submit():
        return _queue_page(form, "Choose what to do with the title, then press Save.", 400)
    role = form.role_slug.data or None
    try:
        review.decide(current_user, form.title_key.data, role, form.decision.data, content_link.apply)
    except DomainError as error:
        return _queue_page(form, show_error(form, error) or error.message, 400)
    flash(f'"{form.title_key.data}" {review.DECISIONS[form.decision.data]}.', "success")
    if form.decision.data == "dismissed":
        return redirect(url_for("titles.queue", undo=form.title_key.data, role=role or ""))
    return redirect(url_for("titles.queue"))


@bp.route("/undo", methods=["POST"])
@access("admin")
def undo():
    form = UndoDismissalForm()
    restored = form.validate_on_submit() and review.undo_dismissal(current_user, form.title_key.data,
                                                                   form.role_slug.data or None)
    if restored:
        flash(f'"{form.title_key.data}" is back in the queue.', "success")
    return redirect(url_for("titles.queue"))
