"""Recommend a friend: the public link page, the friend's reply, staff and recruiter pages."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from outreach import content, ratelimit, submissions
from outreach.link_problems import link_problem
from outreach.models.referrals import LEAD_STAGES, Lead
from outreach.opportunities import openings
from outreach.permissions import access, get_for_org_or_404, org_of_current_user
from outreach.referrals import contact, leads, points, roles, service
from outreach.referrals.errors import BadResponseLink, LinkInactive, ReferralError
from outreach.referrals.forms import (
    FriendForm,
    OptInForm,
    SettingsForm,
    StaffEntryForm,
    StageForm,
    StillEmployedForm,
    TargetLinkForm,
)
from outreach.web import no_store, page_number, show_error, too_many

bp = Blueprint("referrals", __name__)
VIEW_LIMIT = ratelimit.Limit("referral-view", 120, 3600)


def _inactive():
    return render_template("referrals/link_inactive.html"), 404


@bp.route("/r/<code>", methods=["GET", "POST"])
@access("anyone")
def landing(code):
    try:
        ratelimit.consume(VIEW_LIMIT, request.remote_addr or "unknown")
        page = service.landing(code)
    except ratelimit.RateLimited as error:
        return too_many(error)
    except LinkInactive:
        return _inactive()
    form = FriendForm()
    if request.method == "GET" and page.opening is None and content.role(request.args.get("role")) is not None:
        form.role.data = request.args["role"]
    if form.validate_on_submit():
        try:
            leads.submit_friend_form(page.link, name=form.name.data, email=form.email.data, phone=form.phone.data,
                                     role_slug=form.role.data, ip=request.remote_addr)
        except ratelimit.RateLimited as error:
            return too_many(error)
        except ReferralError as error:
            show_error(form, error, fallback="email")
        else:
            return redirect(url_for("referrals.thanks", code=code))
    return render_template("referrals/landing.html", page=page, form=form)


@bp.route("/r/<code>/thanks")
@access("anyone")
def thanks(code):
    try:
        page = service.landing(code)
    except LinkInactive:
        return _inactive()
    return render_template("referrals/thanks.html", page=page, openings=openings.open_for(page.organisation))


@bp.route("/referrals/respond/<token>", methods=["GET", "POST"])
@access("anyone")
@no_store
def respond(token):
    try:
        lead = leads.lead_for_token(token)
        if request.method == "POST":
            action = request.form.get("action", "")
            lead = leads.respond(token, action)
            return redirect(url_for("referrals.responded", token=token))
    except BadResponseLink as error:
        return link_problem("referral_response", error.message)
    return render_template("referrals/respond.html", lead=lead, form=OptInForm())


@bp.route("/referrals/respond/<token>/done")
@access("anyone")
@no_store
def responded(token):
    """What the friend's answer did: their details are with the provider, or they are deleted."""
    if leads.declined_by_friend(token):
        return render_template("referrals/responded.html", lead=None, action="decline")
    try:
        lead = leads.lead_for_token(token)
    except BadResponseLink as error:
        return link_problem("referral_response", error.message)
    if not lead.is_confirmed:
        return redirect(url_for("referrals.respond", token=token))
    return render_template("referrals/responded.html", lead=lead, action="confirm")


@bp.route("/referrals/")
@access("provider")
def mine():
    overview = service.staff_overview(current_user, page_number())
    form = TargetLinkForm()
    form.target.choices = [(f"{o.kind}:{o.public_id}", o.title) for o in overview.targets]
    return render_template("referrals/mine.html", o=overview, link_url=service.link_url, target_form=form,
                           reason_labels=points.REASON_LABELS,
                           opt_in_form=OptInForm(opt_in="yes" if overview.opted_in else "no"))


@bp.route("/referrals/<code>/qr.svg")
@access("provider")
def qr(code):
    try:
        svg = service.qr_svg(current_user, code)
    except LinkInactive:
        abort(404)
    return Response(svg, mimetype="image/svg+xml",
                    headers={"Content-Disposition": f'inline; filename="careways-referral-{code}.svg"'})


@bp.route("/referrals/links", methods=["POST"])
@access("provider")
def make_link():
    form = TargetLinkForm()
    form.target.choices = [(f"{o.kind}:{o.public_id}", o.title) for o in openings.open_for(org_of_current_user())]
    if form.validate_on_submit():
        try:
            service.make_target_link(current_user, form.target.data)
        except ReferralError as error:
            flash(error.message, "error")
        else:
            flash("Your new link is ready.", "success")
    else:
        flash("Choose one of your organisation's tasters or vacancies.", "error")
    return redirect(url_for("referrals.mine"))


@bp.route("/referrals/leaderboard", methods=["POST"])
@access("provider")
def leaderboard():
    form = OptInForm()
    if form.validate_on_submit():
        service.set_leaderboard_opt_in(current_user, form.opt_in.data == "yes")
        flash("You are on the leaderboard." if form.opt_in.data == "yes" else "You are off the leaderboard.", "success")
    return redirect(url_for("referrals.mine"))


@bp.route("/referrals/recommend", methods=["GET", "POST"])
@access("provider")
def recommend():
    form = StaffEntryForm()
    if form.validate_on_submit():
        try:
            lead = leads.enter_friend(current_user, name=form.name.data, email=form.email.data,
                                      phone=form.phone.data, role_slug=form.role.data,
                                      submission=form.submission.data)
        except ratelimit.RateLimited as error:
            return too_many(error)
        except submissions.AlreadySubmitted as repeat:  # a second press of the same form: answer as the first did
            lead = get_for_org_or_404(Lead, repeat.outcome, org_of_current_user())
            flash(f"Thank you. We have emailed {lead.first_name} to check they are happy to hear from us.", "success")
            return redirect(url_for("referrals.mine"))
        except ReferralError as error:
            show_error(form, error, fallback="email")
        else:
            flash(f"Thank you for recommending {lead.first_name}. They need to confirm by email before anything "
                  "else happens. You will see here when they do.", "success")
            return redirect(url_for("referrals.mine"))
    return render_template("referrals/recommend.html", form=form, organisation=org_of_current_user())


@bp.route("/referrals/leads")
@access("provider:recruiter")
def lead_list():
    organisation = org_of_current_user()
    stage = request.args.get("stage") or None
    if stage not in (None, "unconfirmed", *LEAD_STAGES):
        stage = None
    return render_template(
        "referrals/leads.html", pagination=service.leads_for_recruiter(organisation, stage, page_number()), stage=stage,
        stages=LEAD_STAGES, counts=service.stage_counts(organisation), checks=service.checks_due(organisation),
        role_title=roles.title_of, phone=contact.display_phone,
    )


@bp.route("/referrals/leads/<public_id>", methods=["GET", "POST"])
@access("provider:recruiter")
def lead_detail(public_id):
    organisation = org_of_current_user()
    lead = get_for_org_or_404(Lead, public_id, organisation)
    form = StageForm(stage=lead.stage, new_to_care=lead.new_to_care)
    if form.validate_on_submit():
        try:
            leads.change_stage(organisation, current_user, lead, form.stage.data, form.reason.data,
                               form.new_to_care.data)
        except ReferralError as error:
            show_error(form, error, fallback="stage")
        else:
            flash(f"{lead.first_name} is now at: {lead.stage_label.lower()}.", "success")
            return redirect(url_for("referrals.lead_detail", public_id=lead.public_id))
    return _lead_page(lead, form, StillEmployedForm())


def _lead_page(lead, form, check_form, status=200):
    return render_template("referrals/lead.html", lead=lead, form=form, check_form=check_form,
                           history=service.history(lead), check_due=leads.employment_check_due(lead),
                           role_title=roles.title_of, phone=contact.display_phone, stages=LEAD_STAGES), status


@bp.route("/referrals/leads/<public_id>/still-employed", methods=["POST"])
@access("provider:recruiter")
def still_employed(public_id):
    organisation = org_of_current_user()
    lead = get_for_org_or_404(Lead, public_id, organisation)
    check_form = StillEmployedForm()
    if check_form.validate_on_submit():
        try:
            leads.confirm_still_employed(organisation, current_user, lead, check_form.still_employed.data == "yes")
        except ReferralError as error:
            show_error(check_form, error, fallback="still_employed")
        else:
            flash("Thank you. The lead is updated and any points are awarded.", "success")
            return redirect(url_for("referrals.lead_detail", public_id=lead.public_id))
    return _lead_page(lead, StageForm(stage=lead.stage, new_to_care=lead.new_to_care), check_form, 400)


@bp.route("/referrals/settings", methods=["GET", "POST"])
@access("provider:recruiter")
def settings():
    organisation = org_of_current_user()
    current = points.settings_for(organisation.id)
    form = SettingsForm(obj=current)
    if form.validate_on_submit():
        service.update_settings(organisation, current_user, {name: getattr(form, name).data
                                                              for name in service.SETTINGS_FIELDS})
        flash("Reward points saved.", "success")
        return redirect(url_for("referrals.settings"))
    return render_template("referrals/settings.html", form=form, organisation=organisation)
