"""Report a concern (linked from every page) and the safeguarding lead's list."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from outreach import ratelimit, submissions
from outreach.permissions import access, safe_next
from outreach.safeguarding import service
from outreach.safeguarding.forms import ABOUT, ConcernForm
from outreach.web import page_number, too_many

bp = Blueprint("safeguarding", __name__)


@bp.route("/report-a-concern", methods=["GET", "POST"])
@access("anyone")
def report():
    form = ConcernForm()
    if request.method == "GET":
        form.page.data = safe_next(request.args.get("from"), "")
        if current_user.is_authenticated:
            form.contact.data = current_user.email
    if form.validate_on_submit():
        try:
            service.report(about=form.about.data, details=form.details.data, page=safe_next(form.page.data, ""),
                           reporter=current_user if current_user.is_authenticated else None,
                           contact=form.contact.data if form.contact_ok.data else None, ip=request.remote_addr,
                           submission=form.submission.data)
        except ratelimit.RateLimited as error:
            return too_many(error)
        except submissions.AlreadySubmitted:
            pass  # a second press of the same form: the first was received, so say the same thank you
        return redirect(url_for("safeguarding.thanks"))
    return render_template("safeguarding/report.html", form=form)


@bp.route("/report-a-concern/thanks")
@access("anyone")
def thanks():
    return render_template("safeguarding/thanks.html")


@bp.route("/admin/concerns")
@access("admin")
def concerns():
    status = request.args.get("status") or "open"
    return render_template("safeguarding/concerns.html", pagination=service.list_concerns(status, page_number()),
                           status=status, about=ABOUT)


@bp.route("/admin/concerns/<public_id>/handled", methods=["POST"])
@access("admin")
def mark_handled(public_id):
    try:
        service.mark_handled(current_user, public_id)
    except LookupError:
        abort(404)
    flash("Marked as handled.", "success")
    return redirect(url_for("safeguarding.concerns"))
