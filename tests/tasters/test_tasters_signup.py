"""Signing up: age on the day, guardian consent for under-18s, provider acceptance, the
waiting list and cancelling, as visitors, guardians and providers meet them."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from outreach import clock
from outreach.extensions import db
from outreach.jobs.runner import run_job
from outreach.models.audit import AuditEvent
from outreach.models.signups import GuardianConsent, SignUp
from outreach.tasters import signups
from tests.factories import make_member, make_organisation, sign_in
from tests.tasters.factories import book, consent_token, make_provider, make_taster, make_visitor, outbox, signup_of


def setup_taster(app, **kwargs):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        taster = make_taster(organisation, recruiter, **kwargs)
        return taster.public_id, taster.sessions[0].public_id


def test_under_18_signup_waits_for_guardian_consent_and_provider(app, client, smtp):
    taster_id, session_id = setup_taster(app)
    with app.app_context():
        make_visitor(15, "maya@pupil.example", first_name="Maya")
    sign_in(client, "maya@pupil.example")
    page = client.get(f"/tasters/{taster_id}/sessions/{session_id}/sign-up").get_data(as_text=True)
    assert "Parent or guardian" in page
    response = client.post(f"/tasters/{taster_id}/sessions/{session_id}/sign-up",
                           data={"guardian_name": "Pat Parent", "guardian_email": "pat@home.example",
                                 "access_needs": "I use a wheelchair"})
    assert response.status_code == 302
    with app.app_context():
        signup = db.session.execute(select(SignUp)).scalar_one()
        assert signup.status == "pending_consent" and signup.needs_consent
        assert signup.session.places_taken == 1
        run_job("send_outbox")
    consent_email = smtp.wait_for("pat@home.example")[0]
    text = smtp.text_of(consent_email)
    assert "Low risk" in text and "Dee Safe, 01305 123456" in text and "never give personal care" in text
    assert "Trips on walking frames" in text
    with app.app_context():
        token = consent_token("pat@home.example")
    guardian = app.test_client()
    status_page = guardian.get(f"/tasters/consent/{token}")
    assert status_page.status_code == 200 and "Waiting for a parent or guardian" in status_page.get_data(as_text=True)
    assert status_page.headers["Cache-Control"] == "no-store"
    missing_read = guardian.post(f"/tasters/consent/{token}", data={"decision": "consented"})
    assert "Confirm you have read" in missing_read.get_data(as_text=True)
    consented = guardian.post(f"/tasters/consent/{token}", data={"decision": "consented", "read_details": "y"})
    assert consented.status_code == 302
    with app.app_context():
        signup = db.session.execute(select(SignUp)).scalar_one()
        assert signup.status == "pending_provider" and signup.consent.decision == "consented"
    provider = app.test_client()
    sign_in(provider, "recruiter@fordingtonhouse.example")
    with app.app_context():
        signup_id = db.session.execute(select(SignUp.public_id)).scalar_one()
    assert provider.post(f"/tasters/manage/sign-ups/{signup_id}/accept").status_code == 302
    with app.app_context():
        signup = db.session.execute(select(SignUp)).scalar_one()
        assert signup.status == "confirmed" and signup.confirmed_at is not None
        run_job("send_outbox")
    assert any("confirmed" in m["Subject"] for m in smtp.wait_for("maya@pupil.example", 2))
    assert any("confirmed" in m["Subject"] for m in smtp.wait_for("pat@home.example", 2))
    # The same link now shows the status and takes no second decision.
    assert "Confirmed" in guardian.get(f"/tasters/consent/{token}").get_data(as_text=True)
    guardian.post(f"/tasters/consent/{token}", data={"decision": "declined"})
    with app.app_context():
        assert db.session.execute(select(SignUp.status)).scalar_one() == "confirmed"
        actions = set(db.session.execute(select(AuditEvent.action)).scalars())
        assert {"taster.consent_requested", "taster.consent_given", "taster.provider_accepted",
                "taster.confirmed"} <= actions


def test_provider_may_accept_before_consent_and_consent_then_confirms(app):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        session = make_taster(organisation, recruiter).sessions[0]
        signup = book(make_visitor(15), session)
        signups.provider_accept(recruiter, signup)
        assert signup.status == "pending_consent"
        from outreach.tasters import consent

        consent.decide(consent_token(), "consented")
        assert db.session.get(SignUp, signup.id).status == "confirmed"


def test_adults_need_no_guardian_and_wait_for_the_provider(app):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        session = make_taster(organisation, recruiter, min_age=18).sessions[0]
        adult = make_visitor(20, "adult@example.com")
        signup = book(adult, session)
        assert signup.status == "pending_provider" and signup.consent is None
        signups.provider_accept(recruiter, signup)
        assert signup.status == "confirmed"
        assert outbox("adult@example.com", "taster_confirmed")


def test_guardian_declining_releases_the_place_and_tells_the_pupil(app):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        session = make_taster(organisation, recruiter, sessions=((5, 1),)).sessions[0]
        first, second = make_visitor(15, "first@x.example"), make_visitor(16, "second@x.example")
        book(first, session)
        waiting = book(second, session, guardian_email="second-parent@x.example")
        assert waiting.status == "waitlisted" and waiting.waitlist_position == 1
        from outreach.tasters import consent

        consent.decide(consent_token(), "declined")
        assert signup_of(first).status == "declined"
        promoted = signup_of(second)
        assert promoted.status == "pending_consent" and promoted.session.places_taken == 1
        assert outbox("first@x.example", "taster_cancelled")
        assert outbox("second@x.example", "taster_place_offered")
        assert outbox("second-parent@x.example", "taster_consent_request")


def test_age_is_enforced_on_the_server_on_the_day_of_the_session(app, client):
    taster_id, session_id = setup_taster(app, min_age=16)
    with app.app_context():
        make_visitor(15, "young@x.example")
    sign_in(client, "young@x.example")
    page = client.get(f"/tasters/{taster_id}/sessions/{session_id}/sign-up").get_data(as_text=True)
    assert "This taster is for people aged 16 and over on the day. You will be 15." in page
    response = client.post(f"/tasters/{taster_id}/sessions/{session_id}/sign-up",
                           data={"guardian_name": "Pat", "guardian_email": "pat@x.example"})
    assert "aged 16 and over" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(SignUp)).first() is None


def test_under_18s_must_name_a_guardian_and_the_form_keeps_what_was_typed(app, client):
    taster_id, session_id = setup_taster(app)
    with app.app_context():
        make_visitor(15, "kid@x.example")
    sign_in(client, "kid@x.example")
    url = f"/tasters/{taster_id}/sessions/{session_id}/sign-up"
    html = client.post(url, data={"guardian_name": "", "guardian_email": "",
                                  "access_needs": "Ramp please"}).get_data(as_text=True)
    assert "Enter your parent or guardian&#39;s full name" in html and "Ramp please" in html
    html = client.post(url, data={"guardian_name": "Pat", "guardian_email": "kid@x.example"}).get_data(as_text=True)
    assert "not your own" in html and 'value="Pat"' in html
    html = client.post(url, data={"guardian_name": "Pat", "guardian_email": "not-an-email"}).get_data(as_text=True)
    assert "Enter an email address like name@example.com" in html
    with app.app_context():
        assert db.session.execute(select(SignUp)).first() is None


def test_full_sessions_say_so_and_offer_the_waiting_list(app, client):
    taster_id, session_id = setup_taster(app, min_age=18, sessions=((3, 1),))
    with app.test_request_context():
        book(make_visitor(30, "first@x.example"), signups_session(session_id))
        make_visitor(25, "late@x.example")
    sign_in(client, "late@x.example")
    url = f"/tasters/{taster_id}/sessions/{session_id}/sign-up"
    page = client.get(url).get_data(as_text=True)
    assert "This session is full" in page and "Join the waiting list" in page
    html = client.post(url, data={"access_needs": "None"}).get_data(as_text=True)
    assert "Sorry, this session is now full" in html
    assert client.post(url, data={"join_waitlist": "y"}).status_code == 302
    with app.app_context():
        late = db.session.execute(select(SignUp).where(SignUp.status == "waitlisted")).scalar_one()
        assert late.waitlist_position == 1
    waiting = client.get(f"/tasters/sign-ups/{late.public_id}").get_data(as_text=True)
    assert "You are number 1 on the waiting list" in waiting


def signups_session(public_id):
    from outreach.models.opportunities import TasterSession

    return db.session.execute(select(TasterSession).where(TasterSession.public_id == public_id)).scalar_one()


def test_cancelling_frees_the_place_promotes_the_waiting_list_and_tells_the_other_side(app, client):
    taster_id, session_id = setup_taster(app, min_age=18, sessions=((3, 1),))
    with app.test_request_context():
        session = signups_session(session_id)
        book(make_visitor(30, "holder@x.example"), session)
        book(make_visitor(31, "next@x.example"), session)
        book(make_visitor(32, "third@x.example"), session)
    sign_in(client, "holder@x.example")
    with app.app_context():
        holder_signup = db.session.execute(select(SignUp).order_by(SignUp.id)).scalars().first().public_id
    assert "Choose a reason" in client.post(f"/tasters/sign-ups/{holder_signup}/cancel", data={},
                                            follow_redirects=True).get_data(as_text=True)
    client.post(f"/tasters/sign-ups/{holder_signup}/cancel", data={"reason": "unwell"})
    with app.app_context():
        rows = db.session.execute(select(SignUp).order_by(SignUp.id)).scalars().all()
        assert [r.status for r in rows] == ["cancelled", "pending_provider", "waitlisted"]
        assert rows[0].cancelled_by == "visitor" and rows[0].cancel_reason == "unwell"
        assert rows[1].session.places_taken == 1
        notice = outbox("recruiter@fordingtonhouse.example", "taster_provider_notice")
        assert any("I am unwell" in m.body_text for m in notice)
        assert outbox("next@x.example", "taster_place_offered")
        # Now the provider cancels the promoted person's place, with a reason from the list.
    provider = app.test_client()
    sign_in(provider, "recruiter@fordingtonhouse.example")
    with app.app_context():
        promoted = rows[1].public_id
    assert "Choose a reason" in provider.post(f"/tasters/manage/sign-ups/{promoted}/end",
                                              data={}).get_data(as_text=True)
    assert provider.post(f"/tasters/manage/sign-ups/{promoted}/end", data={"reason": "staffing"}).status_code == 302
    with app.app_context():
        rows = db.session.execute(select(SignUp).order_by(SignUp.id)).scalars().all()
        assert [r.status for r in rows] == ["cancelled", "declined", "pending_provider"]
        told = outbox("next@x.example", "taster_cancelled")
        assert told and "enough staff to supervise" in told[-1].body_text


def test_past_and_cancelled_sessions_are_refused_clearly(app, client):
    taster_id, session_id = setup_taster(app, min_age=18, sessions=((1, 5),))
    with app.app_context():
        make_visitor(30, "late@x.example")
    clock.freeze(clock.now() + timedelta(days=2))
    sign_in(client, "late@x.example")
    html = client.get(f"/tasters/{taster_id}/sessions/{session_id}/sign-up").get_data(as_text=True)
    assert "already started or taken place" in html
    client.post(f"/tasters/{taster_id}/sessions/{session_id}/sign-up", data={})
    with app.app_context():
        assert db.session.execute(select(SignUp)).first() is None


def test_signing_up_twice_for_the_same_session_is_refused(app):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        session = make_taster(organisation, recruiter, min_age=18).sessions[0]
        adult = make_visitor(20)
        book(adult, session)
        try:
            book(adult, session)
        except signups.NotAllowed as error:
            assert "already signed up" in error.message
        else:
            raise AssertionError("second sign-up was accepted")
        assert session.places_taken == 1


def test_pupil_may_copy_their_school_which_gets_no_consent_link(app):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        session = make_taster(organisation, recruiter).sessions[0]
        school = make_organisation("Dorchester Academy", kind="school", postcode="DT1 2EH")
        make_member(school, "owner", "careers@school.example")
        pupil = make_visitor(15)
        try:
            book(pupil, session, copy_school=True)
        except signups.NotEligible as error:
            assert error.field == "school"
        book(pupil, session, copy_school=True, school_public_id=school.public_id)
        copy = outbox("careers@school.example", "taster_school_copy")
        assert copy and "/tasters/consent/" not in copy[0].body_text
        consent = db.session.execute(select(GuardianConsent)).scalar_one()
        assert consent.copy_school and consent.school_id == school.id
