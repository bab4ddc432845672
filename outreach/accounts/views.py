"""Sign up, verify, sign in and out, reset and change password."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from outreach import ratelimit, submissions
from outreach.accounts import service, signin_link
from outreach.accounts.errors import (
    AccountError,
    AccountLocked,
    EmailAlreadyConfirmed,
    TokenInvalid,
    TooManyPasswordGuesses,
)
from outreach.accounts.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    ResendVerificationForm,
    ResetPasswordForm,
    SignInForm,
    SignInLinkForm,
    SignOutForm,
    SignUpForm,
    UseSignInLinkForm,
)
from outreach.link_problems import link_problem
from outreach.permissions import access, safe_next
from outreach.web import too_many

bp = Blueprint("accounts", __name__, url_prefix="/account")


def home_for(user) -> str:
    return url_for("main.dashboard")


def log_in(user) -> None:
    """Give this browser the new session, with a new CSRF token: one captured before sign-in is useless."""
    session.pop("csrf_token", None)
    g.pop("csrf_token", None)
    login_user(user)


@bp.route("/sign-up", methods=["GET", "POST"])
@access("anyone")
def sign_up():
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = SignUpForm()
    if request.method == "GET" and request.args.get("type") in ("pupil", "applicant"):
        form.account_type.data = request.args["type"]
    if form.validate_on_submit():
        problem = service.age_problem(form.account_type.data, form.date_of_birth)
        if problem:
            form.dob_day.errors.append(problem)
        else:
            try:
                service.sign_up(
                    account_type=form.account_type.data, email=form.email.data, password=form.password.data,
                    first_name=form.first_name.data, last_name=form.last_name.data,
                    date_of_birth=form.date_of_birth, place=form.postcode.place, ip=request.remote_addr,
                    submission=form.submission.data,
                )
            except ratelimit.RateLimited as error:
                return too_many(error)
            except submissions.AlreadySubmitted:
                pass  # a second press of the same form: answer as the first did
            except AccountError as error:
                getattr(form, error.field or "email").errors.append(error.message)
            if not form.errors:
                return redirect(url_for("accounts.check_email", email=form.email.data))
    return render_template("accounts/sign_up.html", form=form)


@bp.route("/check-email")
@access("anyone")
def check_email():
    return render_template("accounts/check_email.html", email=request.args.get("email", "")[:254])


@bp.route("/verify/<token>")
@access("anyone")
def verify_email(token):
    try:
        service.verify_email(token)
    except EmailAlreadyConfirmed:
        flash("Your email address is already confirmed. There is nothing more to do.", "success")
        return redirect(url_for("main.dashboard") if current_user.is_authenticated else url_for("accounts.sign_in"))
    except TokenInvalid as error:
        return link_problem("verify", error.message)
    flash("Thank you. Your email address is confirmed.", "success")
    return redirect(url_for("main.dashboard") if current_user.is_authenticated else url_for("accounts.sign_in"))


@bp.route("/verify", methods=["POST"])
@access("signed_in")
def resend_verification():
    form = ResendVerificationForm()
    if form.validate_on_submit() and not current_user.is_verified:
        try:
            ratelimit.consume(ratelimit.Limit("resend-verify", 5, 3600), str(current_user.id))
        except ratelimit.RateLimited as error:
            return too_many(error)
        service.send_verification(current_user)
        flash("We have sent you a new confirmation link.", "success")
    return redirect(url_for("main.dashboard"))


@bp.route("/sign-in", methods=["GET", "POST"])
@access("anyone")
def sign_in():
    next_url = safe_next(request.args.get("next"), url_for("main.dashboard"))
    if current_user.is_authenticated:
        return redirect(next_url)
    form = SignInForm()
    if form.validate_on_submit():
        try:
            user = service.authenticate(form.email.data, form.password.data, request.remote_addr)
        except ratelimit.RateLimited as error:
            return too_many(error)
        except AccountLocked as error:
            form.password.errors.append(error.message)
            link_form = SignInLinkForm(email=form.email.data)
            return (render_template("accounts/sign_in.html", form=form, link_form=link_form), 429,
                    {"Retry-After": str(error.retry_after)})
        except AccountError as error:
            form.password.errors.append(error.message)
        else:
            service.sign_in(user)
            log_in(user)
            return redirect(next_url)
    return render_template("accounts/sign_in.html", form=form)


@bp.route("/sign-in-link", methods=["GET", "POST"])
@access("anyone")
def request_sign_in_link():
    form = SignInLinkForm()
    if form.validate_on_submit():
        try:
            signin_link.request_link(form.email.data, request.remote_addr)
        except ratelimit.RateLimited as error:
            return too_many(error)
        session["link_sent_to"] = form.email.data[:254]
        return redirect(url_for("accounts.sign_in_link_sent"))
    return render_template("accounts/sign_in_link.html", form=form)


@bp.route("/sign-in-link-sent")
@access("anyone")
def sign_in_link_sent():
    return render_template("accounts/sign_in_link_sent.html", email=session.get("link_sent_to", ""))


@bp.route("/sign-in-link/<token>", methods=["GET", "POST"])
@access("anyone")
def use_sign_in_link(token):
    try:
        signin_link.check(token)
    except TokenInvalid as error:
        return link_problem("sign_in_link", error.message)
    form = UseSignInLinkForm()
    if form.validate_on_submit():
        try:
            user = signin_link.use(token)
        except TokenInvalid as error:
            return link_problem("sign_in_link", error.message)
        if current_user.is_authenticated:
            logout_user()
        log_in(user)
        flash("You are signed in. If you did not ask for that link, change your password now.", "success")
        return redirect(url_for("main.dashboard"))
    return render_template("accounts/use_sign_in_link.html", form=form)


@bp.route("/sign-out", methods=["POST"])
@access("signed_in")
def sign_out():
    form = SignOutForm()
    if form.validate_on_submit():
        service.sign_out(current_user)
        logout_user()
        flash("You have signed out.", "success")
    return redirect(url_for("main.index"))


@bp.route("/forgot-password", methods=["GET", "POST"])
@access("anyone")
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        try:
            service.request_password_reset(form.email.data, request.remote_addr)
        except ratelimit.RateLimited as error:
            return too_many(error)
        session["link_sent_to"] = form.email.data[:254]
        return redirect(url_for("accounts.reset_sent"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/reset-link-sent")
@access("anyone")
def reset_sent():
    return render_template("accounts/reset_sent.html", email=session.get("link_sent_to", ""))


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@access("anyone")
def reset_password(token):
    try:
        service.check_reset_token(token)
    except TokenInvalid as error:
        return link_problem("password_reset", error.message)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            service.reset_password(token, form.password.data)
        except TokenInvalid as error:
            return link_problem("password_reset", error.message)
        except AccountError as error:
            form.password.errors.append(error.message)
        else:
            if current_user.is_authenticated:
                logout_user()
            flash("Your password has been changed. Sign in with your new password.", "success")
            return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/change-password", methods=["GET", "POST"])
@access("signed_in")
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            service.change_password(current_user, form.current_password.data, form.password.data)
        except TooManyPasswordGuesses as error:
            form.current_password.errors.append(error.message)
            return (render_template("accounts/change_password.html", form=form), 429,
                    {"Retry-After": str(error.retry_after)})
        except AccountError as error:
            getattr(form, error.field or "password").errors.append(error.message)
        else:
            login_user(current_user._get_current_object())
            flash("Your password has been changed. You have been signed out everywhere else.", "success")
            return redirect(url_for("main.dashboard"))
    return render_template("accounts/change_password.html", form=form)
