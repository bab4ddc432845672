"""Home page, each account type's dashboard, and the health check."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, send_from_directory
from flask_login import current_user

from outreach import clock
from outreach.accounts.forms import ResendVerificationForm
from outreach.main import health, todo
from outreach.permissions import access

bp = Blueprint("main", __name__)


@bp.route("/")
@access("anyone")
def index():
    return render_template("main/index.html")


@bp.route("/dashboard")
@access("signed_in")
def dashboard():
    organisation = current_user.organisation
    kind = current_user.account_type
    return render_template(
        f"main/dashboard_{kind}.html",
        organisation=organisation, resend_form=ResendVerificationForm(),
        provider_tasks=todo.provider_tasks(organisation, current_user.org_role) if kind == "provider" else None,
        admin_tasks=todo.admin_tasks() if kind == "admin" else None,
    )


@bp.route("/favicon.ico")
@access("anyone")
def favicon():
    """Browsers ask for /favicon.ico whatever the page links to; answer with our own icon."""
    response = send_from_directory(current_app.static_folder, "icons/favicon.ico",
                                   mimetype="image/vnd.microsoft.icon", max_age=86400)
    return response


@bp.route("/healthz")
@access("anyone")
def healthz():
    started = clock.now()
    database = health.database_status()
    body = {
        "status": "ok" if database["ok"] else "degraded",
        "database": database,
        "time": started.isoformat(),
    }
    return jsonify(body), 200 if database["ok"] else 503
