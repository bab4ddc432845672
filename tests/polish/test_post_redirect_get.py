"""After a successful POST the answer is a redirect, so Back and Refresh never offer to send the
form again. One test per route that used to render its success page straight from the POST, and
a walk over the URL map that keeps the list honest."""
from __future__ import annotations

import inspect
import re

import pytest

from outreach.mail import unsubscribe
from outreach.referrals import leads
from tests.factories import make_user
from tests.referrals.factories import make_lead, provider_team


def follow(client, response):
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:200]
    return client.get(response.headers["Location"])


def test_report_a_concern_redirects_to_its_thank_you_page(app, client):
    response = client.post("/report-a-concern", data={"about": "placement", "details": "Something felt wrong.",
                                                      "page": "", "contact_ok": "", "contact": ""})
    thanks = follow(client, response)
    assert response.headers["Location"].endswith("/report-a-concern/thanks")
    assert thanks.status_code == 200 and "Thank you for telling us" in thanks.get_data(as_text=True)


@pytest.mark.parametrize("path, sent_path", [("/account/forgot-password", "/account/reset-link-sent"),
                                             ("/account/sign-in-link", "/account/sign-in-link-sent")])
def test_asking_for_an_emailed_link_redirects_and_the_page_names_the_address(app, client, path, sent_path):
    with app.app_context():
        make_user("applicant", "someone@example.com")
    response = client.post(path, data={"email": "someone@example.com"})
    page = follow(client, response)
    assert response.headers["Location"].endswith(sent_path)
    assert page.status_code == 200 and "someone@example.com" in page.get_data(as_text=True)


@pytest.mark.parametrize("action, expected", [("confirm", "Thank you"), ("decline", "Your details are deleted")])
def test_the_friends_answer_redirects_to_what_it_did(app, client, action, expected):
    with app.app_context():
        organisation, _, _, staff = provider_team()
        token = leads.response_token(make_lead(organisation, staff, confirmed=False, source="staff_entry"))
    response = client.post(f"/referrals/respond/{token}", data={"action": action})
    page = follow(client, response)
    assert page.status_code == 200 and expected in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"


def test_the_done_page_of_an_unanswered_friend_goes_back_to_the_question(app, client):
    with app.app_context():
        organisation, _, _, staff = provider_team()
        token = leads.response_token(make_lead(organisation, staff, confirmed=False, source="staff_entry"))
    response = client.get(f"/referrals/respond/{token}/done")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/referrals/respond/{token}")


def test_unsubscribe_button_redirects_but_a_mail_clients_one_click_post_gets_200(app, client):
    with app.app_context():
        token = unsubscribe.token_for("reader@example.com")
    response = client.post(f"/unsubscribe/{token}", data={"action": "unsubscribe"})
    assert "You have unsubscribed" in follow(client, response).get_data(as_text=True)
    again = client.post(f"/unsubscribe/{token}", data={"action": "resubscribe"})
    assert "You will get these emails again" in follow(client, again).get_data(as_text=True)
    one_click = app.test_client().post(f"/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200
    with app.app_context():
        assert unsubscribe.is_unsubscribed("reader@example.com")


# Views that may answer a POST with a page: that page is always the form again (with its errors),
# or a page about a link that does not work. A new success page rendered from a POST fails here.
FORM_AGAIN_OR_PROBLEM = re.compile(r"(_form|_problem|link_problem|problem|sign_in|sign_up|register|apply|profile|"
                                   r"question|practice_start|team|your_data|settings|recommend|landing|respond|"
                                   r"ambassador|new_request|consent|feedback|rate_values|end_signup|"
                                   r"risk_assessment|sessions?|detail|admin_review|review|"
                                   r"change_password|reset_password|forgot_password|equal_opportunities|"
                                   r"accept_invite|sign_in_link|report|unsubscribe|change_role|guardian_email|"
                                   r"delete_draft|not_yet)\.html$")


def test_no_post_route_renders_a_success_page(app):
    offenders = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods:
            continue
        view = app.view_functions[rule.endpoint]
        while hasattr(view, "__wrapped__"):
            view = view.__wrapped__
        for template in re.findall(r'render_template\(\s*"([^"]+)"', inspect.getsource(view)):
            if re.search(r"[/_](thanks|sent|done|responded|result|success|confirmed)\.html$", template) \
                    or not FORM_AGAIN_OR_PROBLEM.search(template):
                offenders.append((rule.endpoint, template))
    assert offenders == [], "\n".join(map(str, offenders))
