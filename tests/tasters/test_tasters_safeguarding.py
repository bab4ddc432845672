"""Safeguarding: a provider sees only what the visit needs, talks to minors only through
templated emails, and every provider action on a minor's place is audited."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from outreach import clock
from outreach.extensions import db
from outreach.models.audit import AuditEvent
from outreach.models.outbox import OutboxMessage
from outreach.models.signups import SignUp
from tests.factories import sign_in
from tests.tasters.factories import book, consent_token, make_provider, make_taster, make_visitor


def minor_signed_up(app):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        session = make_taster(organisation, recruiter, sessions=((1, 3),)).sessions[0]
        pupil = make_visitor(15, "maya.secret@pupil.example", first_name="Maya", postcode="DT2 7AB")
        signup = book(pupil, session, guardian_email="guardian.secret@home.example", access_needs="Step-free access")
        signup.consent.guardian_name = "Gwendolyn Guardian"
        db.session.commit()
        return {"signup": signup.public_id, "session": session.public_id, "dob": pupil.date_of_birth,
                "recruiter": recruiter.email}


SECRETS = ("maya.secret", "guardian.secret", "Gwendolyn", "Tester", "DT2 7")  # email, guardian, surname, postcode


def assert_private(text: str, dob):
    for secret in SECRETS + (dob.isoformat(), dob.strftime("%-d %B %Y"), dob.strftime("%d/%m/%Y")):
        assert secret not in text, secret


def test_provider_sees_first_name_age_band_and_access_needs_only(app):
    minor = minor_signed_up(app)
    provider = app.test_client()
    sign_in(provider, minor["recruiter"])
    pages = [provider.get(f"/tasters/manage/sessions/{minor['session']}").get_data(as_text=True),
             provider.get(f"/tasters/manage/sign-ups/{minor['signup']}/end").get_data(as_text=True)]
    assert "Maya" in pages[0] and "14 to 15" in pages[0] and "Step-free access" in pages[0]
    for page in pages:
        assert_private(page, minor["dob"])
    with app.app_context():
        for message in db.session.execute(select(OutboxMessage).where(
                OutboxMessage.to_address == minor["recruiter"])).scalars():
            assert "Maya" in message.body_text
            assert_private(message.body_text + message.body_html, minor["dob"])


def test_every_provider_action_on_a_minors_place_is_audited(app):
    minor = minor_signed_up(app)
    provider = app.test_client()
    sign_in(provider, minor["recruiter"])
    provider.get(f"/tasters/manage/sessions/{minor['session']}")
    provider.post(f"/tasters/manage/sign-ups/{minor['signup']}/accept")
    with app.test_request_context():
        from outreach.tasters import consent

        consent.decide(consent_token("guardian.secret@home.example"), "consented")
    clock.freeze(clock.now() + timedelta(days=1, hours=1))
    sign_in(provider, minor["recruiter"])
    provider.post(f"/tasters/manage/sign-ups/{minor['signup']}/attendance", data={"attended": "yes"})
    provider.post(f"/tasters/manage/sign-ups/{minor['signup']}/values",
                  data={f"value_{k}": "2" for k in ("dignity_respect", "compassion_empathy", "person_centred",
                                                     "communication", "teamwork", "reliability", "courage",
                                                     "learning")})
    provider.post(f"/tasters/manage/sign-ups/{minor['signup']}/feedback", data={"rating": "5"})
    with app.app_context():
        events = db.session.execute(select(AuditEvent).where(AuditEvent.actor_id.is_not(None))
                                    .order_by(AuditEvent.id)).scalars().all()
        by_provider = [e.action for e in events if e.action.startswith("taster.") and e.action != "taster.signed_up"
                       and e.action not in ("taster.created", "taster.risk_assessed", "taster.session_added")]
        assert by_provider == ["taster.register_viewed", "taster.provider_accepted", "taster.attendance_marked",
                               "taster.values_rated", "taster.provider_feedback"]
        assert all(e.detail.get("minor") for e in events if e.action in (
            "taster.provider_accepted", "taster.attendance_marked", "taster.values_rated"))


def test_providers_can_only_choose_a_templated_reason_never_write_to_a_minor(app):
    minor = minor_signed_up(app)
    provider = app.test_client()
    sign_in(provider, minor["recruiter"])
    response = provider.post(f"/tasters/manage/sign-ups/{minor['signup']}/end",
                             data={"reason": "Text me on 07700 900123"})
    assert response.status_code == 200 and "Choose one of the options listed" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(SignUp.status)).scalar() == "pending_consent"
        assert not db.session.execute(select(OutboxMessage).where(OutboxMessage.body_text.contains("07700"))).first()


def test_another_provider_cannot_see_or_touch_the_sign_up(app):
    minor = minor_signed_up(app)
    with app.app_context():
        make_provider("Other Home", "ST16 2AB", email="other@other.example")
    other = app.test_client()
    sign_in(other, "other@other.example")
    assert other.get(f"/tasters/manage/sessions/{minor['session']}").status_code == 404
    assert other.post(f"/tasters/manage/sign-ups/{minor['signup']}/accept").status_code == 404
    assert other.post(f"/tasters/manage/sign-ups/{minor['signup']}/end", data={"reason": "staffing"}).status_code == 404
    assert other.get(f"/tasters/manage/sessions/{minor['session']}/calendar.ics").status_code == 404
    with app.app_context():
        signup = db.session.execute(select(SignUp)).scalar_one()
        assert signup.status == "pending_consent" and signup.provider_accepted_at is None


def test_tampered_and_expired_consent_links_get_clear_messages(app, client):
    minor = minor_signed_up(app)
    with app.app_context():
        token = consent_token("guardian.secret@home.example")
    tampered = client.get(f"/tasters/consent/{token[:-2]}xx")
    assert tampered.status_code == 400 and "This link is not valid" in tampered.get_data(as_text=True)
    assert client.post(f"/tasters/consent/{token[:-2]}xx", data={"decision": "consented", "read_details": "y"}
                       ).status_code == 400
    clock.freeze(clock.now() + timedelta(days=2))  # past the session start: the link never outlives it
    expired = client.post(f"/tasters/consent/{token}", data={"decision": "consented", "read_details": "y"})
    assert expired.status_code == 410 and "This consent link has expired" in expired.get_data(as_text=True)
    with app.app_context():
        signup = db.session.execute(select(SignUp)).scalar_one()
        assert signup.consent.decision is None and signup.status == "pending_consent"
    assert minor


def test_guardian_can_cancel_a_place_from_the_status_page(app, client):
    minor_signed_up(app)
    with app.test_request_context():
        from outreach.tasters import consent

        token = consent_token("guardian.secret@home.example")
        consent.decide(token, "consented")
    page = client.get(f"/tasters/consent/{token}").get_data(as_text=True)
    assert "Cancel the place" in page
    client.post(f"/tasters/consent/{token}/cancel", data={"cancel-reason": "clash"})
    with app.app_context():
        signup = db.session.execute(select(SignUp)).scalar_one()
        assert signup.status == "cancelled" and signup.cancelled_by == "guardian"
        assert signup.session.places_taken == 0
        assert db.session.execute(select(OutboxMessage).where(
            OutboxMessage.to_address == "maya.secret@pupil.example",
            OutboxMessage.template == "taster_cancelled")).first()
