"""Register a provider or school, manage the team, accept an invitation."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user

from outreach import ratelimit, submissions
from outreach.accounts import service as accounts
from outreach.accounts.errors import AccountError, TokenInvalid
from outreach.link_problems import link_problem
from outreach.models.organisations import PROVIDER_ROLES, SCHOOL_ROLES
from outreach.organisations import service
from outreach.organisations.forms import (
    AcceptInviteForm,
    InviteForm,
    RegisterOrganisationForm,
    RevokeInviteForm,
    RoleForm,
)
from outreach.permissions import access, org_of_current_user
from outreach.web import too_many

bp = Blueprint("organisations", __name__)

def _register(kind: str):
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = RegisterOrganisationForm(kind=kind)
    if form.validate_on_submit():
        try:
            service.register(
                kind=kind, name=form.name.data, provider_type=form.provider_type.data if kind == "provider" else None,
                cqc_location_id=form.cqc_location_id.data if kind == "provider" else None,
                place=form.postcode.place, first_name=form.first_name.data, last_name=form.last_name.data,
                email=form.email.data, password=form.password.data, ip=request.remote_addr,
                submission=form.submission.data,
            )
        except ratelimit.RateLimited as error:
            return too_many(error)
        except submissions.AlreadySubmitted:
            pass  # a second press of the same form: answer as the first did
        except AccountError as error:
            getattr(form, error.field or "email").errors.append(error.message)
        if not form.errors:
            return redirect(url_for("accounts.check_email", email=form.email.data, registered=kind))
    return render_template("organisations/register.html", form=form, kind=kind)


@bp.route("/providers/register", methods=["GET", "POST"])
@access("anyone")
def register_provider():
    return _register("provider")


@bp.route("/schools/register", methods=["GET", "POST"])
@access("anyone")
def register_school():
    return _register("school")


def _role_choices(organisation):
    return list((SCHOOL_ROLES if organisation.kind == "school" else PROVIDER_ROLES).items())


@bp.route("/organisation/team", methods=["GET", "POST"])
@access("provider", "school", org="setup")
def team():
    organisation = org_of_current_user()
    is_owner = current_user.org_role == "owner"
    form = InviteForm()
    form.role.choices = _role_choices(organisation)
    if request.method == "POST":
        if not is_owner:
            abort(403)
        if form.validate_on_submit():
            try:
                invitation = service.invite(organisation, current_user, form.email.data, form.role.data,
                                            submission=form.submission.data)
            except ratelimit.RateLimited as error:
                return too_many(error)
            except submissions.AlreadySubmitted as repeat:  # a second press: the same answer as the first
                invitation = service.invitation_by_public_id(organisation, repeat.outcome)
                flash(f"Invitation saved for {invitation.email}." if invitation is not None else
                      "That invitation was already made.", "success")
                return redirect(url_for("organisations.team"))
            except AccountError as error:
                getattr(form, error.field or "email").errors.append(error.message)
            else:
                if invitation.sent_at is None:
                    flash(f"Invitation saved for {invitation.email}. We will email it as soon as CareWays approves "
                          f"{organisation.name}.", "success")
                else:
                    flash(f"Invitation sent to {invitation.email}.", "success")
                return redirect(url_for("organisations.team"))
    return render_template(
        "organisations/team.html", organisation=organisation, form=form, is_owner=is_owner,
        members=service.members(organisation),
        invitations=service.pending_invitations(organisation) if is_owner else [],
        revoke_form=RevokeInviteForm(), role_labels=dict(_role_choices(organisation)),
    )


@bp.route("/organisation/invitations/<public_id>/revoke", methods=["POST"])
@access("provider:owner", "school:owner", org="setup")
def revoke_invite(public_id):
    organisation = org_of_current_user()
    if RevokeInviteForm().validate_on_submit():
        try:
            service.revoke_invitation(organisation, current_user, public_id)
        except TokenInvalid:
            abort(404)
        flash("Invitation withdrawn.", "success")
    return redirect(url_for("organisations.team"))


@bp.route("/organisation/members/<public_id>/remove", methods=["POST"])
@access("provider:owner", "school:owner", org="setup")
def remove_member(public_id):
    organisation = org_of_current_user()
    if RevokeInviteForm().validate_on_submit():
        try:
            service.remove_member(organisation, current_user, public_id)
        except TokenInvalid:
            abort(404)
        except AccountError as error:
            flash(error.message, "error")
            return redirect(url_for("organisations.team"))
        flash("Removed from the team. Their account is closed and signed out.", "success")
    return redirect(url_for("organisations.team"))


ROLE_MEANINGS = {
    "owner": "Owners manage the team and everything else: inviting, removing and changing people's roles.",
    "recruiter": "Recruiters post tasters and vacancies, see applications and sign-ups, and answer hire checks.",
    "staff": "Staff can see tasters and registers, record attendance and give feedback after visits.",
}


@bp.route("/organisation/members/<public_id>/role", methods=["GET", "POST"])
@access("provider:owner", "school:owner", org="setup")
def change_role(public_id):
    organisation = org_of_current_user()
    try:
        membership = service.member(organisation, public_id)
    except TokenInvalid:
        abort(404)
    roles = service.roles_for(organisation)
    form = RoleForm(data={"role": membership.role} if request.method == "GET" else None)
    form.role.choices = list(roles.items())
    name = f"{membership.user.first_name} {membership.user.last_name or ''}".strip()
    form.role.label.text = f"{name}'s new role"
    if form.validate_on_submit():
        previous = membership.role
        try:
            changed = service.change_role(organisation, current_user, public_id, form.role.data)
        except TokenInvalid:
            abort(404)
        except AccountError as error:
            getattr(form, error.field or "role").errors.append(error.message)
        else:
            if changed.role == previous:
                flash(f"{name} is already {roles[changed.role].lower()}. Nothing has changed.", "success")
            else:
                flash(f"{name} is now {roles[changed.role].lower()}.", "success")
            if changed.user_id == current_user.id and changed.role != "owner":
                return redirect(url_for("main.dashboard"))
            return redirect(url_for("organisations.team"))
    return render_template("organisations/change_role.html", form=form, organisation=organisation,
                           membership=membership, name=name, role_labels=roles,
                           meanings={role: ROLE_MEANINGS[role] for role in roles if organisation.kind == "provider"},
                           is_self=membership.user_id == current_user.id), 400 if form.errors else 200


@bp.route("/join/<token>", methods=["GET", "POST"])
@access("anyone")
def accept_invite(token):
    try:
        invitation = service.invitation_for(token)
    except TokenInvalid as error:
        return link_problem("invitation", error.message)
    if current_user.is_authenticated:
        return link_problem("invitation_signed_in", "Sign out first, then open the invitation link again.", 409)
    form = AcceptInviteForm()
    if form.validate_on_submit():
        try:
            user = service.accept_invitation(token, first_name=form.first_name.data, last_name=form.last_name.data,
                                             password=form.password.data)
        except TokenInvalid as error:
            return link_problem("invitation", error.message)
        except AccountError as error:
            getattr(form, error.field or "password").errors.append(error.message)
        else:
            accounts.sign_in(user)
            login_user(user)
            flash(f"Welcome to {invitation.organisation.name} on CareWays.", "success")
            return redirect(url_for("main.dashboard"))
    return render_template("organisations/accept_invite.html", form=form, invitation=invitation,
                           role_label=dict(_role_choices(invitation.organisation)).get(invitation.role))
