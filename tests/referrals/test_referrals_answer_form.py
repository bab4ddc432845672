"""The friend's answer page works as a browser uses it: the buttons post the page's own form, token and all."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from outreach.extensions import db
from outreach.models.referrals import Lead
from outreach.referrals import leads
from tests.html_forms import post_forms_in
from tests.referrals.factories import make_lead, provider_team


def _count(model, *where) -> int:
    return db.session.execute(select(func.count()).select_from(model).where(*where)).scalar()


def _unconfirmed_lead_path(app) -> tuple[str, int]:
    with app.app_context():
        organisation, _, _, staff = provider_team()
        lead = make_lead(organisation, staff, confirmed=False, source="staff_entry")
        return leads.response_path(lead), lead.id


def _press(client, path: str, button_value: str):
    """Open the page and press the button, posting only what the rendered form holds."""
    page = client.get(path)
    assert page.status_code == 200
    [form] = post_forms_in(page.get_data(as_text=True))
    button = next(b for b in form.buttons if b == ("action", button_value))
    answer = client.post(form.target(path), data=form.submission(button), csrf=False)
    assert answer.status_code == 302, "a successful answer redirects, so Back and Refresh never post it again"
    return client.get(answer.headers["Location"])


@pytest.mark.parametrize("button, expected", [("confirm", "Thank you"), ("decline", "Your details are deleted")])
def test_the_friends_answer_buttons_post_a_form_the_app_accepts(app, button, expected):
    path, lead_id = _unconfirmed_lead_path(app)
    response = _press(app.test_client(), path, button)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert expected in response.get_data(as_text=True)
    with app.app_context():
        lead = db.session.get(Lead, lead_id)
        assert (lead.confirmed_at is not None) if button == "confirm" else (lead.stage == "declined")


def test_a_confirmed_friend_can_later_say_they_are_no_longer_interested(app):
    with app.app_context():
        organisation, _, _, staff = provider_team()
        lead = make_lead(organisation, staff, confirmed=True)
        path, lead_id = leads.response_path(lead), lead.id
    response = _press(app.test_client(), path, "decline")
    assert response.status_code == 200 and "Your details are deleted" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Lead, lead_id).stage == "declined"
