"""Posting tasters: the form's rules, admin approval of a provider's first taster, sessions
added one at a time without JavaScript, and edits that keep sign-ups and tell them."""
from __future__ import annotations

from sqlalchemy import select

from outreach import clock
from outreach.extensions import db
from outreach.jobs.runner import run_job
from outreach.models.accounts import User
from outreach.models.opportunities import Opportunity, TasterSession
from outreach.models.signups import SignUp
from outreach.tasters import posting
from tests.factories import make_member, make_organisation, make_user, sign_in
from tests.tasters.factories import book, make_provider, make_taster, make_visitor, outbox


def taster_form(**overrides):
    data = {"kind": "buddy", "title": "Buddy shift in the garden", "description": "Help our residents in the garden "
            "and chat over a cup of tea.", "setting": "care_home", "role_slug": "care-worker", "postcode": "DT1 1HR",
            "min_age": "14", "will_do": "Water the plants and chat with residents",
            "will_not_do": "No personal care", "what_to_wear": "Old clothes", "accessibility": "Level garden paths",
            "safeguarding_contact_name": "Dee Safe", "safeguarding_contact": "dee@home.example",
            "value_compassion_empathy": "5"}
    data.update(overrides)
    return data


def signed_in_recruiter(app, client, **kwargs):
    with app.app_context():
        organisation, recruiter = make_provider(**kwargs)
        email = recruiter.email
    sign_in(client, email)
    return email


def test_recruiter_posts_a_draft_and_the_form_keeps_what_was_typed_on_errors(app, client):
    signed_in_recruiter(app, client)
    html = client.post("/tasters/manage/new", data=taster_form(min_age="14", dbs_required="y")).get_data(as_text=True)
    assert "A DBS check is only possible for people aged 16 or over" in html
    assert 'value="Buddy shift in the garden"' in html and "Water the plants" in html
    html = client.post("/tasters/manage/new", data=taster_form(will_do="Help residents with washing and dressing")
                       ).get_data(as_text=True)
    assert "Visitors under 18 never give personal care" in html
    html = client.post("/tasters/manage/new", data=taster_form(postcode="ZZ99 9ZZ")).get_data(as_text=True)
    assert "We could not find that postcode" in html
    html = client.post("/tasters/manage/new", data=taster_form(postcode="")).get_data(as_text=True)
    assert "Enter the postcode where the taster takes place" in html
    html = client.post("/tasters/manage/new", data=taster_form(safeguarding_contact="call me")).get_data(as_text=True)
    assert "Enter an email address, or a phone number" in html
    html = client.post("/tasters/manage/new",
                       data=taster_form(kind="", min_age="15", title="Hi")).get_data(as_text=True)
    assert "Choose the kind of taster" in html and "Title must be between 5 and 120 characters" in html
    with app.app_context():
        assert db.session.execute(select(Opportunity)).first() is None
    response = client.post("/tasters/manage/new", data=taster_form(min_age="16", dbs_required="y"))
    assert response.status_code == 302
    with app.app_context():
        taster = db.session.execute(select(Opportunity)).scalar_one()
        assert taster.status == "draft" and taster.dbs_required and taster.min_age == 16
        assert taster.postcode_sector == "DT1 1" and taster.latitude and taster.role_slug == "care-worker"
        assert taster.desired_values == {"compassion_empathy": 5}


def test_virtual_sessions_need_no_postcode(app, client):
    signed_in_recruiter(app, client)
    assert client.post("/tasters/manage/new", data=taster_form(kind="virtual", postcode="")).status_code == 302
    with app.app_context():
        taster = db.session.execute(select(Opportunity)).scalar_one()
        assert taster.kind == "virtual" and taster.postcode is None and taster.latitude is None


def test_sessions_are_added_one_at_a_time_with_clear_messages(app, client):
    signed_in_recruiter(app, client)
    client.post("/tasters/manage/new", data=taster_form())
    with app.app_context():
        taster_id = db.session.execute(select(Opportunity.public_id)).scalar_one()
    url = f"/tasters/manage/{taster_id}/sessions"
    good = {"date": "2026-03-09", "starts": "10:00", "ends": "13:00", "places": "4", "supervisor_name": "Sam Reid"}
    html = client.post(url, data={**good, "date": "2026-02-27"}).get_data(as_text=True)
    assert "The session must start in the future" in html and 'value="Sam Reid"' in html
    html = client.post(url, data={**good, "ends": "09:00"}).get_data(as_text=True)
    assert "The end time must be after the start time" in html
    html = client.post(url, data={**good, "date": "31/02/2026", "places": "0",
                                  "supervisor_name": ""}).get_data(as_text=True)
    assert "Enter a real date" in html and "Offer between 1 and 50 places" in html
    assert "Name the member of staff who will supervise" in html
    assert client.post(url, data=good).status_code == 302
    with app.app_context():
        session = db.session.execute(select(TasterSession)).scalar_one()
        assert clock.to_uk(session.starts_at).strftime("%Y-%m-%d %H:%M") == "2026-03-09 10:00"
        assert session.places == 4 and session.supervisor_name == "Sam Reid"


def test_first_taster_needs_admin_approval_then_later_ones_publish_directly(app, client, smtp):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        first = make_taster(organisation, recruiter, status="draft")
        incomplete = make_taster(organisation, recruiter, status="draft", risk=False, sessions=())
        make_user("admin", "admin@x.example")
        first_id, incomplete_id = first.public_id, incomplete.public_id
    sign_in(client, "recruiter@fordingtonhouse.example")
    page = client.post(f"/tasters/manage/{incomplete_id}/submit", follow_redirects=True).get_data(as_text=True)
    assert "complete the risk assessment" in page and "add at least one future session" in page
    client.post(f"/tasters/manage/{first_id}/submit")
    with app.app_context():
        status = db.session.execute(select(Opportunity.status).where(Opportunity.public_id == first_id)).scalar()
        assert status == "pending"
    assert client.get(f"/tasters/{first_id}").status_code == 200  # the provider can preview it
    anonymous = app.test_client()
    assert anonymous.get(f"/tasters/{first_id}").status_code == 404
    admin = app.test_client()
    sign_in(admin, "admin@x.example")
    assert "Buddy shift in the lounge" in admin.get("/admin/tasters").get_data(as_text=True)
    no_note = admin.post(f"/admin/tasters/{first_id}", data={"decision": "send_back", "note": ""})
    assert "Say what the provider needs to change" in no_note.get_data(as_text=True)
    assert admin.post(f"/admin/tasters/{first_id}", data={"decision": "approve"}).status_code == 302
    assert anonymous.get(f"/tasters/{first_id}").status_code == 200
    with app.test_request_context():
        run_job("send_outbox")
        recruiter = db.session.execute(
            select(User).where(User.email == "recruiter@fordingtonhouse.example")).scalar_one()
        second = make_taster(recruiter.organisation, recruiter, status="draft", title="Second taster")
        assert posting.submit(second, recruiter) == "published"
    assert any("is published" in m["Subject"] for m in smtp.wait_for("recruiter@fordingtonhouse.example"))


def test_admin_can_send_a_first_taster_back_with_a_note(app, client):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        taster = make_taster(organisation, recruiter, status="pending")
        make_user("admin", "admin@x.example")
        taster_id = taster.public_id
    sign_in(client, "admin@x.example")
    client.post(f"/admin/tasters/{taster_id}", data={"decision": "send_back", "note": "Add the nearest bus stop"})
    with app.app_context():
        taster = db.session.execute(select(Opportunity)).scalar_one()
        assert taster.status == "draft" and taster.review_note == "Add the nearest bus stop"
        assert outbox("recruiter@fordingtonhouse.example", "taster_review_decision")


def test_only_approved_providers_published_tasters_are_public(app, client):
    with app.test_request_context():
        pending_org = make_organisation("New Home", status="pending", postcode="DT1 1HR")
        author = make_member(pending_org, "recruiter", "r@new.example")
        taster = make_taster(pending_org, author)
        taster_id = taster.public_id
    assert client.get(f"/tasters/{taster_id}").status_code == 404
    assert "New Home" not in client.get("/tasters/?postcode=DT1+1HR").get_data(as_text=True)
    assert client.get("/api/v1/opportunities?postcode=DT1+1HR").get_json()["total"] == 0


def test_changing_a_sessions_times_keeps_sign_ups_and_tells_them(app, client):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        session = make_taster(organisation, recruiter, sessions=((5, 2),)).sessions[0]
        pupil = make_visitor(15, "moved@x.example")
        book(pupil, session, guardian_email="moved-parent@x.example")
        session_id = session.public_id
    sign_in(client, "recruiter@fordingtonhouse.example")
    page = client.get(f"/tasters/manage/sessions/{session_id}/edit").get_data(as_text=True)
    assert 'value="2026-03-07"' in page
    edit = {"date": "2026-03-08", "starts": "11:00", "ends": "14:00", "places": "2", "supervisor_name": "Kim Lee"}
    html = client.post(f"/tasters/manage/sessions/{session_id}/edit",
                       data={**edit, "places": "0"}).get_data(as_text=True)
    assert "Offer between 1 and 50 places" in html
    assert client.post(f"/tasters/manage/sessions/{session_id}/edit", data=edit).status_code == 302
    with app.app_context():
        signup = db.session.execute(select(SignUp)).scalar_one()
        assert signup.status == "pending_consent" and signup.session.supervisor_name == "Kim Lee"
        assert signup.consent.expires_at <= signup.session.starts_at
        for address in ("moved@x.example", "moved-parent@x.example"):
            told = outbox(address, "taster_times_changed")
            assert told and "Sunday 8 March 2026, 11:00 to 14:00" in told[0].body_text


def test_places_cannot_drop_below_those_taken_and_a_raise_promotes_the_waiting_list(app):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        session = make_taster(organisation, recruiter, min_age=18, sessions=((5, 1),)).sessions[0]
        book(make_visitor(20), session)
        waiting = book(make_visitor(21, "waiting@x.example"), session)
        times = {"starts_at": session.starts_at, "ends_at": session.ends_at, "supervisor": "Sam Reid"}
        posting.update_session(session, recruiter, places_count=2, **times)
        assert db.session.get(SignUp, waiting.id).status == "pending_provider"
        try:
            posting.update_session(session, recruiter, places_count=1, **times)
        except posting.TasterError as error:
            assert "2 places are already taken" in error.message
        else:
            raise AssertionError("places dropped below those taken")


def test_cancelling_a_session_tells_everyone_booked(app):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        session = make_taster(organisation, recruiter, sessions=((5, 1),)).sessions[0]
        book(make_visitor(15, "one@x.example"), session, guardian_email="one-parent@x.example")
        book(make_visitor(15, "two@x.example"), session, guardian_email="two-parent@x.example")
        assert posting.cancel_session(session, recruiter) == 2
        assert {s.status for s in db.session.execute(select(SignUp)).scalars()} == {"cancelled"}
        assert db.session.get(TasterSession, session.id).places_taken == 0
        assert outbox("one@x.example", "taster_cancelled") and outbox("one-parent@x.example", "taster_cancelled")
        assert outbox("two@x.example", "taster_cancelled")


def test_raising_the_minimum_age_above_someone_booked_is_refused(app):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        taster = make_taster(organisation, recruiter, min_age=14)
        book(make_visitor(15), taster.sessions[0])
        details = posting.TasterDetails(kind="buddy", title=taster.title, description=taster.description, min_age=16,
                                        place=None, will_do="Chat", will_not_do="No care")
        details.place = __import__("outreach.geo", fromlist=["resolve"]).resolve("DT1 1HR")
        try:
            posting.update(taster, recruiter, details)
        except posting.TasterError as error:
            assert error.field == "min_age" and "younger than 16" in error.message
        else:
            raise AssertionError("minimum age raised over a booked 15-year-old")


def test_staff_cannot_post_and_other_providers_get_404(app, client):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        make_member(organisation, "staff", "staff@home.example")
        taster_id = make_taster(organisation, recruiter).public_id
        make_provider("Other Home", "ST16 2AB", email="other@other.example")
    staff = app.test_client()
    sign_in(staff, "staff@home.example")
    assert staff.get("/tasters/manage/new").status_code == 403
    assert staff.get(f"/tasters/manage/{taster_id}").status_code == 200
    other = app.test_client()
    sign_in(other, "other@other.example")
    assert other.get(f"/tasters/manage/{taster_id}").status_code == 404
    assert other.post(f"/tasters/manage/{taster_id}/close").status_code == 404
    with app.app_context():
        assert db.session.execute(select(Opportunity.status)).scalar() == "published"
