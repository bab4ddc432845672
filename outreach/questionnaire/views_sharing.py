"""Sharing a values profile with providers, and what a provider's recruiters see."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from outreach.permissions import access, org_of_current_user
from outreach.questionnaire import report as reports
from outreach.questionnaire import service, sharing
from outreach.questionnaire.errors import ShareError
from outreach.questionnaire.forms import RevokeShareForm, ShareForm
from outreach.questionnaire.views import bp
from outreach.web import page_number


@bp.route("/questionnaire/sharing")
@access("applicant", "pupil")
def sharing_page():
    query = (request.args.get("q") or "").strip()[:80]
    return render_template("questionnaire/sharing.html", shares=sharing.shares_of(current_user),
                           providers=sharing.search_providers(query, page_number()), query=query,
                           has_profile=service.latest_completed(current_user) is not None,
                           share_form=ShareForm(formdata=None), revoke_form=RevokeShareForm())


@bp.route("/questionnaire/sharing/providers/<organisation_id>")
@access("applicant", "pupil")
def share_with(organisation_id):
    try:
        organisation = sharing.provider_to_share_with(organisation_id)
    except ShareError:
        abort(404)
    return render_template("questionnaire/share_with.html", organisation=organisation,
                           existing=sharing.active_share(organisation, current_user),
                           has_profile=service.latest_completed(current_user) is not None,
                           form=ShareForm(formdata=None, organisation=organisation.public_id))


@bp.route("/questionnaire/sharing/share", methods=["POST"])
@access("applicant", "pupil")
def share():
    form = ShareForm()
    if form.validate_on_submit():
        try:
            created = sharing.share(current_user, form.organisation.data or "", bool(form.include_raw_answers.data))
        except ShareError as error:
            flash(error.message, "error")
        else:
            what = "your values profile and your answers" if created.include_raw_answers else "your values profile"
            flash(f"{created.organisation.name} can now see {what}. You can stop sharing at any time.", "success")
    return redirect(url_for("questionnaire.sharing_page"))


@bp.route("/questionnaire/sharing/<share_id>/revoke", methods=["POST"])
@access("applicant", "pupil")
def revoke_share(share_id):
    if RevokeShareForm().validate_on_submit():
        revoked = sharing.revoke(current_user, share_id)
        if revoked is None:
            abort(404)
        flash(f"You have stopped sharing with {revoked.organisation.name}.", "success")
    return redirect(url_for("questionnaire.sharing_page"))


@bp.route("/providers/shared-values")
@access("provider:recruiter")
def shared_with_us():
    organisation = org_of_current_user()
    return render_template("questionnaire/provider_shared.html", organisation=organisation,
                           pagination=sharing.shared_with(organisation, page_number()))


@bp.route("/providers/candidates/<user_id>/values")
@access("provider:recruiter")
def candidate_values(user_id):
    organisation = org_of_current_user()
    profile = sharing.profile_for_provider(current_user, organisation, user_id)
    if profile is None:
        abort(404)
    return render_template("questionnaire/provider_profile.html", organisation=organisation, profile=profile,
                           value_name=reports.value_name)
