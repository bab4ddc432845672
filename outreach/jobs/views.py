"""A page showing each scheduled job's last run, for platform admins and provider owners."""
from __future__ import annotations

from flask import Blueprint, render_template

from outreach.jobs.registry import JOBS
from outreach.jobs.runner import last_runs
from outreach.permissions import access

bp = Blueprint("jobs", __name__, url_prefix="/admin/jobs")


@bp.route("/")
@access("admin")
def status():
    return render_template("admin/jobs.html", jobs=JOBS.values(), runs=last_runs())
