"""Impact dashboard pages and the voluntary equal-opportunities form."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from outreach.extensions import db
from outreach.impact import equal_opportunities as answers
from outreach.impact import reference, service
from outreach.models.impact import ETHNICITY_CHOICES, SEX_CHOICES
from outreach.models.organisations import PROVIDER_TYPES, Organisation
from outreach.permissions import access, org_of_current_user

bp = Blueprint("impact", __name__)


def _render(audience: str, filters, **extra):
    tables = service.dashboard(filters, audience)
    wanted = request.args.get("download")
    if wanted:
        table = next((t for t in tables if t.key == wanted), None)
        if table is None:
            abort(404)
        return Response(service.to_csv(table), mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="careways-{table.key}.csv"'})
    charts = {t.key: service.chart(t) for t in tables}
    return render_template("impact/dashboard.html", audience=audience, tables=tables, charts=charts,
                           filters=filters, args=request.args, provider_types=PROVIDER_TYPES,
                           areas=reference.areas(), **extra)


@bp.route("/impact/")
@access("admin")
def admin():
    filters = service.parse_filters(request.args, allow_provider=True)
    providers = db.session.execute(select(Organisation.public_id, Organisation.name)
                                   .where(Organisation.kind == "provider").order_by(Organisation.name)).all()
    return _render("admin", filters, providers=providers)


@bp.route("/impact/provider")
@access("provider:recruiter")
def provider():
    filters = service.parse_filters(request.args, organisation=org_of_current_user())
    return _render("provider", filters)


@bp.route("/impact/school")
@access("school")
def school():
    filters = service.parse_filters(request.args, school=org_of_current_user())
    return _render("school", filters)


@bp.route("/profile/equal-opportunities", methods=["GET", "POST"])
@access("applicant")
def equal_opportunities():
    errors = {}
    if request.method == "POST":
        if request.form.get("action") == "delete":
            answers.delete(current_user)
            flash("Your equal-opportunities answers have been deleted.", "success")
            return redirect(url_for("impact.equal_opportunities"))
        try:
            answers.save(current_user, sex=request.form.get("sex"), ethnicity=request.form.get("ethnicity"))
        except answers.EqualOpportunitiesError as error:
            errors[error.field] = str(error)
        else:
            flash("Thank you. Your answers are saved.", "success")
            return redirect(url_for("impact.equal_opportunities"))
    current = answers.current(current_user)
    values = request.form if request.method == "POST" else {
        "sex": current.sex if current else "", "ethnicity": current.ethnicity if current else ""}
    return render_template("impact/equal_opportunities.html", errors=errors, values=values, current=current,
                           sexes=SEX_CHOICES, ethnicities=ETHNICITY_CHOICES), (400 if errors else 200)
