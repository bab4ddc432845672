"""A link from an email that does not work says what it was for and offers the right next step."""
from __future__ import annotations

import pytest

from outreach.jobs.runner import run_job
from tests.factories import make_user

TAMPERED = "not-a-real-token"


@pytest.mark.parametrize("path, heading, next_step", [
    (f"/account/reset-password/{TAMPERED}", "This password reset link does not work",
     ('href="/account/forgot-password"', "Ask for a new password reset link")),
    (f"/account/verify/{TAMPERED}", "This confirmation link does not work",
     ('href="/account/sign-in"', "Sign in to get a new confirmation link")),
    (f"/account/sign-in-link/{TAMPERED}", "This sign-in link does not work",
     ('href="/account/sign-in-link"', "Email me a new sign-in link")),
    (f"/join/{TAMPERED}", "This invitation does not work", ("Ask the colleague who invited you",)),
    (f"/referrals/respond/{TAMPERED}", "This link does not work", ("contact the provider directly",)),
    (f"/unsubscribe/{TAMPERED}", "This unsubscribe link does not work", ("newest email",)),
    (f"/tasters/consent/{TAMPERED}", "This consent link does not work", ("safeguarding contact",)),
])
def test_each_kind_of_broken_link_explains_itself(client, path, heading, next_step):
    response = client.get(path)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f"<h1>{heading}</h1>" in page
    for text in next_step:
        assert text in page
    if "reset-password" not in path:
        assert "Ask for a new password reset link" not in page


def test_opening_a_confirmation_link_twice_says_the_address_is_already_confirmed(app, client, smtp):
    client.post("/account/sign-up", data={
        "account_type": "applicant", "first_name": "Jordan", "last_name": "Lee", "email": "jordan@example.com",
        "password": "a long memorable passphrase", "dob_day": "3", "dob_month": "4", "dob_year": "2000",
        "postcode": "dt1 1aa"})
    with app.app_context():
        run_job("send_outbox")
    link = smtp.link_in(smtp.wait_for("jordan@example.com")[0], "/account/verify/")
    first = client.get(link, follow_redirects=True).get_data(as_text=True)
    assert "Your email address is confirmed" in first
    second = client.get(link, follow_redirects=True)
    assert second.status_code == 200
    assert "already confirmed" in second.get_data(as_text=True)
    assert "does not work" not in second.get_data(as_text=True)


def test_an_invitation_opened_while_signed_in_asks_to_sign_out(app, client, smtp):
    from outreach.organisations import service
    from tests.factories import make_member, make_organisation, sign_in

    with app.test_request_context():
        organisation = make_organisation()
        owner = make_member(organisation, "owner", "owner@care.example")
        service.invite(organisation, owner, "new@care.example", "recruiter")
        run_job("send_outbox")
        make_user("applicant", "someone@example.com")
    link = smtp.link_in(smtp.wait_for("new@care.example")[0], "/join/")
    sign_in(client, "someone@example.com")
    response = client.get(link)
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "<h1>Sign out to accept this invitation</h1>" in page
    assert "Ask for a new password reset link" not in page
