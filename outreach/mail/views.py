"""Unsubscribe pages: open the link, confirm with one button (mail clients may POST directly)."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from outreach.extensions import csrf
from outreach.mail import unsubscribe
from outreach.permissions import access
from outreach.web import no_store

bp = Blueprint("mail", __name__, url_prefix="/unsubscribe")


def _problem():
    return render_template("accounts/link_problem.html", message=unsubscribe.BadUnsubscribeLink.message), 400


@bp.route("/<token>", methods=["GET", "POST"])
@access("anyone")
@no_store
def unsubscribe_page(token):
    # A GET never unsubscribes (link checkers open links); the button, or a mail client's
    # RFC 8058 one-click POST, does. The signed token is the authority, so no CSRF token is needed.
    try:
        address = unsubscribe.address_from(token)
        if request.method == "POST":
            if request.form.get("action") == "resubscribe":
                unsubscribe.resubscribe(token)
                return render_template("mail/unsubscribe.html", token=token, address=address, state="resubscribed")
            unsubscribe.unsubscribe(token)
            return render_template("mail/unsubscribe.html", token=token, address=address, state="done")
    except unsubscribe.BadUnsubscribeLink:
        return _problem()
    return render_template("mail/unsubscribe.html", token=token, address=address,
                           state="done" if unsubscribe.is_unsubscribed(address) else "ask")


csrf.exempt(unsubscribe_page)
