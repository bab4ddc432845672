"""Platform admins approve a provider's first taster before it goes public."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from outreach.extensions import db
from outreach.models.opportunities import TASTER_KINDS, Opportunity
from outreach.permissions import access
from outreach.tasters import notify, posting
from outreach.tasters.blueprint import bp
from outreach.tasters.errors import TasterError
from outreach.web import show_error
from outreach.tasters.forms import ReviewForm
from outreach.web import page_number


@bp.route("/admin/tasters")
@access("admin")
def admin_pending():
    return render_template("tasters/admin_pending.html", pagination=posting.pending_review(page_number()))


@bp.route("/admin/tasters/<public_id>", methods=["GET", "POST"])
@access("admin")
def admin_review(public_id):
    opportunity = db.session.execute(
        select(Opportunity).where(Opportunity.public_id == public_id, Opportunity.kind.in_(TASTER_KINDS))
    ).scalar_one_or_none()
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
