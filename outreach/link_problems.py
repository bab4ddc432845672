"""The page for a link from an email that no longer works: each kind of link says what it was
for and offers the next step that fits it, instead of one "ask for a new password reset" for all."""
from __future__ import annotations

from dataclasses import dataclass

from flask import render_template, url_for


@dataclass(frozen=True)
class LinkKind:
    heading: str
    advice: str
    steps: tuple[tuple[str, str], ...]  # (link text, endpoint)


KINDS: dict[str, LinkKind] = {
    "password_reset": LinkKind(
        "This password reset link does not work",
        "Reset links work once and for a short time. Ask for a new one and use the newest email.",
        (("Ask for a new password reset link", "accounts.forgot_password"), ("Sign in", "accounts.sign_in"))),
    "verify": LinkKind(
        "This confirmation link does not work",
        "Confirmation links work once and run out after a while. Sign in and we will offer to send a new one.",
        (("Sign in to get a new confirmation link", "accounts.sign_in"),)),
    "sign_in_link": LinkKind(
        "This sign-in link does not work",
        "Sign-in links work once and only for a few minutes. Ask for a new one, or use your password.",
        (("Email me a new sign-in link", "accounts.request_sign_in_link"),
         ("Sign in with your password", "accounts.sign_in"))),
    "invitation": LinkKind(
        "This invitation does not work",
        "Invitations work once and run out after a while. Ask the colleague who invited you to send a new one.",
        (("Sign in if you already joined", "accounts.sign_in"),)),
    "invitation_signed_in": LinkKind(
        "Sign out to accept this invitation",
        "An invitation makes a new account, so it cannot be used while you are signed in.",
        (("Go to your dashboard", "main.dashboard"),)),
    "referral_response": LinkKind(
        "This link does not work",
        "It was sent so you could tell a care provider whether they may contact you. If you still want to hear "
        "from them, contact the provider directly.",
        (("Look for care jobs", "job_search.search_page"), ("Go to the home page", "main.index"))),
    "unsubscribe": LinkKind(
        "This unsubscribe link does not work",
        "Use the unsubscribe link in the newest email we sent you. If you have an account, you can also close it.",
        (("Sign in", "accounts.sign_in"), ("Go to the home page", "main.index"))),
}


def link_problem(kind: str, message: str, status: int = 400):
    """The response for a link of this kind that does not work; ``message`` says why."""
    info = KINDS[kind]
    steps = [(text, url_for(endpoint)) for text, endpoint in info.steps]
    return render_template("accounts/link_problem.html", heading=info.heading, message=message,
                           advice=info.advice, steps=steps), status
