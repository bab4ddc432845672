"""Unsubscribe pages: open the link, confirm with one button (mail clients may POST directly)."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from outreach.extensions import csrf
from outreach.link_problems import link_problem
from outreach.mail import unsubscribe
from outreach.permissions import access
from outreach.web import no_store

bp = Blueprint("mail", __name__, url_prefix="/unsubscribe")


def _problem():
    return link_problem("unsubscribe", unsubscribe.BadUnsubscribeLink.message)


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
                return redirect(url_for("mail.unsubscribe_page", token=token, changed="resubscribed"))
            unsubscribe.unsubscribe(token)
            if request.form.get("List-Unsubscribe") == "One-Click":
                # A mail client's RFC 8058 one-click POST wants a plain 200, not a redirect.
                return render_template("mail/unsubscribe.html", token=token, address=address, state="done")
            return redirect(url_for("mail.unsubscribe_page", token=token))
    except unsubscribe.BadUnsubscribeLink:
        return _problem()
    unsubscribed = unsubscribe.is_unsubscribed(address)
    if unsubscribed:
        state = "done"
    else:
        state = "resubscribed" if request.args.get("changed") == "resubscribed" else "ask"
    return render_template("mail/unsubscribe.html", token=token, address=address, state=state)


csrf.exempt(unsubscribe_page)
