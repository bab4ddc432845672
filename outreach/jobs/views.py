"""Pages showing each scheduled job's last run: for platform admins, and for provider owners
(with the email their organisation's people have been sent)."""
from __future__ import annotations

from flask import Blueprint, render_template

from outreach.jobs import status as job_status
from outreach.permissions import access, org_of_current_user
from outreach.web import page_number

bp = Blueprint("jobs", __name__, url_prefix="/admin/jobs")
provider_bp = Blueprint("provider_jobs", __name__, url_prefix="/organisation")


@bp.route("/")
@access("admin")
def status():
    return render_template("admin/jobs.html", rows=job_status.job_rows())


@provider_bp.route("/jobs")
@access("provider:owner")
def provider_status():
    organisation = org_of_current_user()
    page = page_number()
    return render_template("admin/jobs_provider.html", rows=job_status.job_rows(), organisation=organisation,
                           emails=job_status.organisation_emails(organisation, page),
                           counts=job_status.organisation_counts(organisation))
