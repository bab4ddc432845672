"""Your data: download it as JSON, or delete your account."""
from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_login import current_user, logout_user
from wtforms import PasswordField
from wtforms.validators import InputRequired

from outreach.accounts.errors import AccountError, TooManyPasswordGuesses
from outreach.accounts.service import check_current_password
from outreach.forms import BaseForm
from outreach.permissions import access
from outreach.privacy import service

bp = Blueprint("privacy", __name__, url_prefix="/account")


class DeleteForm(BaseForm):
    password = PasswordField("Your password", validators=[InputRequired("Enter your password to confirm")],
                             render_kw={"autocomplete": "current-password"})


@bp.route("/your-data")
@access("signed_in")
def your_data():
    return render_template("privacy/your_data.html", form=DeleteForm())


@bp.route("/your-data/download")
@access("signed_in")
def download():
    body = json.dumps(service.export(current_user), indent=2, ensure_ascii=False, default=str)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": 'attachment; filename="careways-my-data.json"'})


@bp.route("/delete", methods=["POST"])
@access("signed_in")
def delete_account():
    form = DeleteForm()
    if form.validate_on_submit():
        if current_user.account_type == "provider" and current_user.org_role == "owner":
            form.password.errors.append("You own your organisation's account. Make a colleague the owner, or "
                                        "contact us to close the organisation, before deleting your account.")
        else:
            try:
                check_current_password(current_user, form.password.data, "That password is not right.", "password")
            except TooManyPasswordGuesses as error:
                form.password.errors.append(error.message)
                return (render_template("privacy/your_data.html", form=form), 429,
                        {"Retry-After": str(error.retry_after)})
            except AccountError as error:
                form.password.errors.append(error.message)
                return render_template("privacy/your_data.html", form=form), 200
            user = current_user._get_current_object()
            logout_user()
            service.delete_account(user)
            flash("Your account has been deleted. Thank you for using CareWays.", "success")
            return redirect(url_for("main.index"))
    return render_template("privacy/your_data.html", form=form), 200
