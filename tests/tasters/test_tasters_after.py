"""After the taster: attendance, the values a supervisor saw (private until the visitor
shares them), feedback from both sides, the impact figures, and calendar files."""
from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar
from sqlalchemy import select

from outreach import clock
from outreach.extensions import db
from outreach.models.signups import SignUp
from outreach.opportunities import observed
from outreach.tasters import after, signups
from outreach.tasters.errors import NotAllowed
from tests.factories import sign_in
from tests.tasters.factories import book, make_provider, make_taster, make_visitor

EIGHT = {"dignity_respect": 3, "compassion_empathy": 3, "person_centred": 2, "communication": 2, "teamwork": 1,
         "reliability": 3, "courage": 0, "learning": 2}


def confirmed_visit(app, age=20):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        session = make_taster(organisation, recruiter, min_age=14, sessions=((1, 3),)).sessions[0]
        visitor = make_visitor(age, "visitor@x.example", first_name="Robin")
        signup = book(visitor, session)
        signups.provider_accept(recruiter, signup)
        if signup.needs_consent:
            from outreach.tasters import consent
            from tests.tasters.factories import consent_token

            consent.decide(consent_token(), "consented")
        return signup.public_id


def test_provider_marks_attendance_rates_values_and_the_visitor_chooses_to_share(app, client):
    signup_id = confirmed_visit(app)
    provider = app.test_client()
    sign_in(provider, "recruiter@fordingtonhouse.example")
    early = provider.post(f"/tasters/manage/sign-ups/{signup_id}/attendance", data={"attended": "yes"},
                          follow_redirects=True).get_data(as_text=True)
    assert "once the session has started" in early
    clock.freeze(clock.now() + timedelta(days=1, hours=4))
    sign_in(provider, "recruiter@fordingtonhouse.example")
    values_url = f"/tasters/manage/sign-ups/{signup_id}/values"
    assert "Mark the visitor as attended" in provider.post(values_url, data={
        f"value_{k}": str(v) for k, v in EIGHT.items()}).get_data(as_text=True)
    provider.post(f"/tasters/manage/sign-ups/{signup_id}/attendance", data={"attended": "yes"})
    html = provider.post(values_url, data={"value_teamwork": "2"}).get_data(as_text=True)
    assert "Choose an answer for dignity and respect" in html
    assert provider.post(values_url, data={f"value_{k}": str(v) for k, v in EIGHT.items()}).status_code == 302
    with app.app_context():
        signup = db.session.execute(select(SignUp)).scalar_one()
        assert signup.attended is True and signup.observed_values.ratings == EIGHT
        assert observed.shared_observed_values(signup.user) == []  # never shown without the visitor's choice
    sign_in(client, "visitor@x.example")
    page = client.get(f"/tasters/sign-ups/{signup_id}").get_data(as_text=True)
    assert "Values your supervisor saw" in page and "Saw it strongly" in page
    client.post(f"/tasters/sign-ups/{signup_id}/share-values", data={"share": "yes"})
    with app.app_context():
        signup = db.session.execute(select(SignUp)).scalar_one()
        assert [o.signup_id for o in observed.shared_observed_values(signup.user)] == [signup.id]
    client.post(f"/tasters/sign-ups/{signup_id}/share-values", data={"share": "no"})
    with app.app_context():
        assert observed.shared_observed_values(db.session.execute(select(SignUp)).scalar_one().user) == []


def test_feedback_from_both_sides_feeds_the_impact_figures(app, client):
    signup_id = confirmed_visit(app)
    clock.freeze(clock.now() + timedelta(days=2))
    sign_in(client, "visitor@x.example")
    form_url = f"/tasters/sign-ups/{signup_id}/feedback"
    assert "Would you consider a job in care?" in client.get(form_url).get_data(as_text=True)
    html = client.post(form_url, data={"enjoyed": "The quiz"}).get_data(as_text=True)
    assert "Choose how likely you are" in html and "The quiz" in html
    assert client.post(form_url, data={"consider_care": "5", "enjoyed": "The quiz"}).status_code == 302
    assert client.get(form_url).status_code == 302  # once only
    provider = app.test_client()
    sign_in(provider, "recruiter@fordingtonhouse.example")
    assert provider.post(f"/tasters/manage/sign-ups/{signup_id}/feedback",
                         data={"rating": "4", "comment": "Lovely with residents"}).status_code == 302
    with app.app_context():
        signup = db.session.execute(select(SignUp)).scalar_one()
        assert signup.feedback_by("visitor").consider_care == 5
        assert signup.feedback_by("provider").rating == 4
        figures = after.figures()
        counts = (figures.sign_ups, figures.confirmed, figures.visitor_feedback, figures.would_consider_care)
        assert counts == (1, 1, 1, 1)
        assert figures.average_consider_care == 5 and figures.average_visit_rating == 4
        assert after.figures(organisation=signup.session.opportunity.organisation).sign_ups == 1


def test_feedback_and_ratings_wait_for_a_confirmed_place_that_has_started(app):
    signup_id = confirmed_visit(app)
    with app.app_context():
        signup = db.session.execute(select(SignUp).where(SignUp.public_id == signup_id)).scalar_one()
        try:
            after.visitor_feedback(signup.user, signup, consider_care=4, enjoyed=None)
        except NotAllowed as error:
            assert "once the session has started" in error.message
        else:
            raise AssertionError("feedback before the session")


def test_visitor_downloads_a_calendar_file_for_a_confirmed_place_only(app, client):
    signup_id = confirmed_visit(app)
    sign_in(client, "visitor@x.example")
    response = client.get(f"/tasters/sign-ups/{signup_id}/calendar.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="careways-buddy-shift-in-the-lounge-2026-03-03.ics"' in disposition
    event = Calendar.from_ical(response.data).walk("VEVENT")[0]
    assert "Buddy shift in the lounge" in str(event["summary"]) and "DT1 1HR" in str(event["location"])
    assert event.decoded("dtstart") > clock.now()
    other = app.test_client()
    with app.app_context():
        make_visitor(22, "nosy@x.example")
    sign_in(other, "nosy@x.example")
    assert other.get(f"/tasters/sign-ups/{signup_id}/calendar.ics").status_code == 404
    provider = app.test_client()
    sign_in(provider, "recruiter@fordingtonhouse.example")
    with app.app_context():
        session_id = db.session.execute(select(SignUp)).scalar_one().session.public_id
    provider_file = provider.get(f"/tasters/manage/sessions/{session_id}/calendar.ics")
    assert provider_file.status_code == 200 and "attachment" in provider_file.headers["Content-Disposition"]
    assert b"Robin" not in provider_file.data


def test_no_calendar_file_until_the_place_is_confirmed(app, client):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        session = make_taster(organisation, recruiter).sessions[0]
        signup_id = book(make_visitor(15, "waiting@x.example"), session).public_id
    sign_in(client, "waiting@x.example")
    assert client.get(f"/tasters/sign-ups/{signup_id}/calendar.ics").status_code == 404
