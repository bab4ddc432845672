"""School contacts ask for care-ambassador talks; providers opt in and accept them."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from outreach import submissions
from outreach.permissions import access, org_of_current_user
from outreach.schools import follow_up, service
from outreach.schools.forms import ActionForm, AmbassadorForm, DeliveredForm, TalkRequestForm

bp = Blueprint("schools", __name__)


@bp.app_template_global()
def talk_counts(organisation):
    """Counts for the dashboard cards (templates/schools/_dashboard_card.html and _ambassador_card.html)."""
    if organisation is None:
        return {}
    return service.school_counts(organisation) if organisation.kind == "school" else \
        service.provider_counts(organisation)


@bp.route("/schools/talks")
@access("school")
def school_requests():
    school = org_of_current_user()
    return render_template("schools/requests.html", school=school, requests=service.school_requests(school),
                           action_form=ActionForm(), can_widen=follow_up.can_widen, widen_km=follow_up.WIDEN_KM)


@bp.route("/schools/talks/new", methods=["GET", "POST"])
@access("school")
def new_request():
    school = org_of_current_user()
    form = TalkRequestForm()
    if form.validate_on_submit():
        try:
            talk_id = service.request_talk(
                school, current_user, kind=form.kind.data, year_groups=[int(y) for y in form.year_groups.data],
                first_choice=form.first_choice.data, second_choice=form.second_choice.data,
                pupils_expected=form.pupils_expected.data, topics=form.topics.data, notes=form.notes.data,
                submission=form.submission.data).public_id
        except submissions.AlreadySubmitted as repeat:
            talk_id = repeat.outcome  # a second press of the same form: answer as the first did
        except service.TalkError as error:
            getattr(form, error.field or "kind").errors.append(error.message)
            return render_template("schools/new_request.html", form=form, school=school)
        told = service.providers_told_about(school, talk_id)
        flash(f"Request sent to {told} care provider{'s' if told != 1 else ''} near you." if told else
              "Request saved. No care ambassadors cover your area yet; we will tell you when one accepts.",
              "success")
        return redirect(url_for("schools.school_requests", _anchor=f"talk-{talk_id}"))
    return render_template("schools/new_request.html", form=form, school=school)


@bp.route("/schools/talks/<public_id>/cancel", methods=["POST"])
@access("school")
def cancel_request(public_id):
    school = org_of_current_user()
    if ActionForm().validate_on_submit():
        try:
            service.cancel(school, current_user, public_id)
        except LookupError:
            abort(404)
        except service.TalkError as error:
            flash(error.message, "error")
        else:
            flash("Request cancelled.", "success")
    return redirect(url_for("schools.school_requests"))


@bp.route("/schools/talks/<public_id>/widen", methods=["POST"])
@access("school")
def widen_request(public_id):
    school = org_of_current_user()
    if ActionForm().validate_on_submit():
        try:
            told = follow_up.widen(school, current_user, public_id)
        except LookupError:
            abort(404)
        except service.TalkError as error:
            flash(error.message, "error")
        else:
            flash(f"Search widened. We told {told} more care provider{'s' if told != 1 else ''}." if told else
                  "Search widened. No more providers cover that distance yet; we will tell any who join.", "success")
    return redirect(url_for("schools.school_requests", _anchor=f"talk-{public_id}"))


@bp.route("/providers/ambassador", methods=["GET", "POST"])
@access("provider:recruiter", org="setup")
def ambassador_settings():
    provider = org_of_current_user()
    profile = service.profile_for(provider)
    form = AmbassadorForm(obj=profile) if profile else AmbassadorForm(radius_km=15, active=True)
    if form.validate_on_submit():
        service.save_profile(provider, current_user, active=form.active.data, radius_km=form.radius_km.data,
                             topics=form.topics.data)
        waiting = talk_counts(provider).get("waiting", 0) if form.active.data else 0
        flash("Saved. " + ("Schools near you can now ask you for talks." if form.active.data else
                          "You will not get new requests.") +
              (f" {waiting} request{'s are' if waiting != 1 else ' is'} waiting for you below." if waiting else ""),
              "success")
        return redirect(url_for("schools.provider_requests"))
    return render_template("schools/ambassador.html", form=form, provider=provider)


@bp.route("/providers/talk-requests")
@access("provider:recruiter")
def provider_requests():
    provider = org_of_current_user()
    return render_template("schools/provider_requests.html", provider=provider,
                           profile=service.profile_for(provider), requests=service.requests_for_provider(provider),
                           action_form=ActionForm(), delivered_form=DeliveredForm())


@bp.route("/providers/talk-requests/<public_id>/accept", methods=["POST"])
@access("provider:recruiter")
def accept_request(public_id):
    provider = org_of_current_user()
    if ActionForm().validate_on_submit():
        try:
            service.accept(provider, current_user, public_id)
        except LookupError:
            abort(404)
        except service.TalkError as error:
            flash(error.message, "error")
        else:
            flash("Accepted. We have emailed you and the school to confirm.", "success")
    return redirect(url_for("schools.provider_requests"))


@bp.route("/providers/talk-requests/<public_id>/delivered", methods=["POST"])
@access("provider:recruiter")
def mark_delivered(public_id):
    provider = org_of_current_user()
    form = DeliveredForm()
    if form.validate_on_submit():
        try:
            service.mark_delivered(provider, current_user, public_id, form.pupils_reached.data)
        except LookupError:
            abort(404)
        except service.TalkError as error:
            flash(error.message, "error")
        else:
            flash("Thank you. The talk is recorded as delivered.", "success")
    else:
        for errors in form.errors.values():
            flash(errors[0], "error")
    return redirect(url_for("schools.provider_requests"))
