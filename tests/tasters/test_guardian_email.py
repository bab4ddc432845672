"""A pupil's parent or guardian email may not be the pupil's own inbox in another spelling."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from outreach.extensions import db
from outreach.mailbox import same_mailbox
from outreach.models.signups import SignUp
from tests.factories import sign_in
from tests.tasters.factories import make_provider, make_taster, make_visitor

OWN_INBOX_SPELLINGS = ["Pupil+x@Example.com", " pupil@EXAMPLE.COM ", "pupil+taster+2@example.com"]
GMAIL_SPELLINGS = ["Kid.Smith+mum@googlemail.com", "kidsmith@gmail.com", "k.i.d.smith@GMail.com"]


@pytest.mark.parametrize("own, typed", [("pupil@example.com", t) for t in OWN_INBOX_SPELLINGS]
                         + [("kidsmith@gmail.com", t) for t in GMAIL_SPELLINGS])
def test_the_same_inbox_in_another_spelling_is_recognised(app, own, typed):
    assert same_mailbox(own, typed)


@pytest.mark.parametrize("own, typed", [
    ("pupil@example.com", "parent@example.com"),
    ("pupil@example.com", "pupil@example.org"),
    ("pu.pil@example.com", "pupil@example.com"),  # dots matter outside Gmail
    ("kidsmith@gmail.com", "kidsmith@outlook.com"),
    ("pupil@example.com", ""),
])
def test_different_inboxes_are_not_confused(app, own, typed):
    assert not same_mailbox(own, typed)


def test_a_pupil_cannot_give_their_own_inbox_as_the_guardian_email(app, client):
    with app.app_context():
        organisation, author = make_provider()
        opportunity = make_taster(organisation, author)
        taster_id, session_id = opportunity.public_id, opportunity.sessions[0].public_id
        make_visitor(15, "kid.smith@gmail.com")
    sign_in(client, "kid.smith@gmail.com")
    url = f"/tasters/{taster_id}/sessions/{session_id}/sign-up"
    for typed in ("Kid.Smith+mum@googlemail.com", "KIDSMITH+1@gmail.com"):
        response = client.post(url, data={"guardian_name": "Pat Smith", "guardian_email": typed})
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "not your own" in html and 'href="#guardian_email"' in html
        assert f'value="{typed}"' in html and 'value="Pat Smith"' in html
    with app.app_context():
        assert db.session.execute(select(SignUp)).first() is None
    assert client.post(url, data={"guardian_name": "Pat Smith", "guardian_email": "pat.smith@gmail.com"}
                       ).status_code == 302
