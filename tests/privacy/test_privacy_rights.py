"""Data rights: download everything as JSON; delete the account, keeping only what others must keep."""
from __future__ import annotations

import json

from sqlalchemy import select

from outreach.extensions import db
from outreach.models.accounts import User
from outreach.models.applications import Application
from outreach.models.opportunities import TasterSession
from outreach.models.outbox import OutboxMessage
from outreach.models.signups import SignUp
from tests.applications.factories import apply_for, make_applicant
from tests.factories import PASSWORD, sign_in
from tests.tasters.factories import book, make_provider, make_taster, make_visitor
from tests.vacancies.factories import make_vacancy


def test_download_holds_my_data_and_no_secrets(app, client):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        taster = make_taster(organisation, recruiter)
        pupil = make_visitor(15, email="maya@x.example")
        book(pupil, taster.sessions[0])
    sign_in(client, "maya@x.example")
    response = client.get("/account/your-data/download")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "maya@x.example"
    assert data["taster_signups"] and data["taster_guardian_consents"][0]["guardian_email"] == "parent@home.example"
    text = response.get_data(as_text=True)
    assert "password_hash" not in text and "token_hash" not in text and "$argon2" not in text


def test_deleting_an_account_frees_taster_places_and_ends_the_session(app, client):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        taster = make_taster(organisation, recruiter, sessions=((7, 1),))
        session_id = taster.sessions[0].id
        pupil = make_visitor(15, email="leaver@x.example")
        book(pupil, taster.sessions[0])
        waiting = make_visitor(16, email="next@x.example")
        book(waiting, taster.sessions[0])
        pupil_id, waiting_id, recruiter_email = pupil.id, waiting.id, recruiter.email
    sign_in(client, "leaver@x.example")
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    wrong = client.post("/account/delete", data={"password": "not my password"})
    assert "That password is not right" in wrong.get_data(as_text=True)
    assert client.post("/account/delete", data={"password": PASSWORD}).status_code == 302
    with app.app_context():
        shell = db.session.get(User, pupil_id)  # the cancelled place is still counted, so an anonymous shell stays
        assert shell.is_disabled and "leaver" not in shell.email and shell.date_of_birth is None
        assert db.session.execute(select(SignUp.status).where(SignUp.user_id == pupil_id)).scalar_one() == "cancelled"
        promoted = db.session.execute(select(SignUp).where(SignUp.user_id == waiting_id)).scalar_one()
        assert promoted.status != "waitlisted"  # the freed place went to the next person
        assert db.session.get(TasterSession, session_id).places_taken == 1
        told = db.session.execute(select(OutboxMessage.body_text).where(
            OutboxMessage.to_address == recruiter_email, OutboxMessage.subject.startswith("A visitor has cancelled"))
        ).scalars().all()
    assert told and all("deleted their CareWays account" in body and "Deleted" not in body and "Age not known"
                        not in body for body in told), told
    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    assert thief.get("/dashboard").status_code == 302


def test_a_hire_is_kept_for_the_provider_with_the_person_anonymised(app, client):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        details = make_vacancy(organisation, recruiter)
        applicant = make_applicant("hired@x.example")
        application = apply_for(applicant, details)
        application.stage = "hired"
        db.session.commit()
        applicant_id, application_id = applicant.id, application.id
    sign_in(client, "hired@x.example")
    client.post("/account/delete", data={"password": PASSWORD})
    with app.app_context():
        user = db.session.get(User, applicant_id)
        assert user.is_disabled and user.first_name == "Deleted" and "hired@" not in user.email
        assert user.date_of_birth is None and user.postcode_sector is None
        assert db.session.get(Application, application_id) is not None
    assert sign_in(app.test_client(), "hired@x.example").status_code == 200  # cannot sign in any more


def test_an_owner_must_hand_over_before_deleting(app, client):
    with app.test_request_context():
        make_provider(email="owner@x.example", role="owner")
    sign_in(client, "owner@x.example")
    html = client.post("/account/delete", data={"password": PASSWORD}).get_data(as_text=True)
    assert "Make a colleague the owner" in html
