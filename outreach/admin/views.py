"""Platform admin: approve providers and schools, read the audit log."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from outreach.accounts.errors import AccountError
from outreach.extensions import db
from outreach.models.accounts import User
from outreach.models.audit import AuditEvent
from outreach.models.organisations import ORG_STATUSES, Organisation
from outreach.organisations import service as organisations
from outreach.organisations.forms import DecisionForm
from outreach.permissions import access
from outreach.web import page_number

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/")
@access("admin")
def overview():
    counts = dict(db.session.execute(select(Organisation.status, func.count()).group_by(Organisation.status)).all())
    users = dict(db.session.execute(select(User.account_type, func.count()).group_by(User.account_type)).all())
    return render_template("admin/overview.html", counts=counts, users=users)


@bp.route("/organisations")
@access("admin")
def organisations_list():
    status = request.args.get("status") or None
    if status not in (None, *ORG_STATUSES):
        status = None
    pagination = organisations.list_for_review(status, page_number())
    return render_template("admin/organisations.html", pagination=pagination, status=status, statuses=ORG_STATUSES)


@bp.route("/organisations/<public_id>", methods=["GET", "POST"])
@access("admin")
def organisation_detail(public_id):
    organisation = db.session.execute(
        select(Organisation).where(Organisation.public_id == public_id)
    ).scalar_one_or_none()
    if organisation is None:
        abort(404)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            organisations.decide(organisation, current_user, form.decision.data, form.reason.data)
        except AccountError as error:
            form.decision.errors.append(error.message)
        else:
            flash(f"{organisation.name} is now {organisation.status}.", "success")
            return redirect(url_for("admin.organisations_list", status="pending"))
    return render_template("admin/organisation_detail.html", organisation=organisation, form=form,
                           members=organisations.members(organisation))


@bp.route("/audit")
@access("admin")
def audit_log():
    action = (request.args.get("action") or "").strip()[:60]
    query = select(AuditEvent).order_by(AuditEvent.id.desc())
    if action:
        query = query.where(AuditEvent.action.startswith(action))
    pagination = db.paginate(query, page=page_number(), per_page=50, error_out=False)
    actor_ids = {e.actor_id for e in pagination.items if e.actor_id}
    actors = ({u.id: u for u in db.session.execute(select(User).where(User.id.in_(actor_ids))).scalars()}
              if actor_ids else {})
    return render_template("admin/audit.html", pagination=pagination, actors=actors, action=action)
