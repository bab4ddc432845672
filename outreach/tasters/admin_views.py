"""Platform admins approve a provider's first taster before it goes public."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from outreach.models.opportunities import TASTER_KINDS
from outreach.opportunities.review import post_for_review
from outreach.permissions import access
from outreach.tasters import notify, posting
from outreach.tasters.blueprint import bp
from outreach.tasters.errors import TasterError
from outreach.tasters.forms import ReviewForm
from outreach.web import page_number, show_error


@bp.route("/admin/tasters")
@access("admin")
def admin_pending():
    return render_template("opportunities/admin_pending.html", pagination=posting.pending_review(page_number()),
                           plural="Tasters", singular="Taster", review_endpoint="tasters.admin_review",
                           pending_endpoint="tasters.admin_pending", show_min_age=True)


@bp.route("/admin/tasters/<public_id>", methods=["GET", "POST"])
@access("admin")
def admin_review(public_id):
    opportunity = post_for_review(public_id, TASTER_KINDS)
    if opportunity is None:
        abort(404)
    form = ReviewForm()
    problem = None
    if form.validate_on_submit():
        try:
            posting.review(opportunity, current_user, form.decision.data, form.note.data)
        except TasterError as error:
            problem = show_error(form, error)
        else:
            flash(f"{opportunity.title} is now {opportunity.status_label.lower()}.", "success")
            return redirect(url_for("tasters.admin_pending"))
    return render_template("tasters/admin_review.html", form=form, opportunity=opportunity, problem=problem,
                           risk=opportunity.risk_assessment, rules=notify.UNDER_18_RULES,
                           sessions=posting.upcoming_sessions(opportunity))
