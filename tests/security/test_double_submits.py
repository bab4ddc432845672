"""A double submit creates one thing and sends one email, and both presses get the same friendly answer.

Each case opens the real page, reads its form (CSRF token and submission nonce included)
and posts exactly that twice from the same browser session: at the same moment from two
threads, and one after the other. Runs on SQLite and PostgreSQL.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from outreach import clock
from outreach.extensions import db
from outreach.models.accounts import User
from outreach.models.applications import ApplicationInvitation, ApplicationNote
from outreach.models.concerns import Concern
from outreach.models.opportunities import Opportunity, TasterSession
from outreach.models.organisations import Invitation, Organisation
from outreach.models.outbox import OutboxMessage
from outreach.models.referrals import Lead, LeadStageChange
from outreach.models.schools import TalkRequest
from outreach.models.signups import SignUp, TasterFeedback
from outreach.referrals import leads
from outreach.schools import service as schools
from tests.factories import make_member, make_organisation, make_user, sign_in
from tests.html_forms import post_forms_in
from tests.referrals.factories import make_lead, make_link, provider_team
from tests.tasters.factories import make_provider, make_taster

COOKIE = "careways_session"


@dataclass
class Case:
    setup: Callable  # app -> (email to sign in as or None, page url, fields to fill, button value or None)
    count: Callable  # rows the form creates, read in an app context
    emails: int      # emails one submission queues


def _count(model, *where) -> int:
    return db.session.execute(select(func.count()).select_from(model).where(*where)).scalar()


def _concern(app):
    return None, "/report-a-concern", {"about": "website", "details": "Something worried me."}, None


def _talk_request(app):
    with app.app_context():
        school = make_organisation("Dorchester School", kind="school", postcode="DT1 2EH")
        make_member(school, "owner", "teacher@school.example")
        near = make_organisation("Near Care Home", postcode="DT1 1HR")
        schools.save_profile(near, make_member(near, "recruiter", "rec@near.example"), active=True, radius_km=20,
                             topics=None)
    first_choice = (clock.today_uk() + timedelta(days=30)).isoformat()
    return "teacher@school.example", "/schools/talks/new", {
        "kind": "talk", "year_groups": ["9", "10"], "first_choice": first_choice, "pupils_expected": "60",
        "topics": "What a care worker does"}, None


def _account_sign_up(app):
    return None, "/account/sign-up", {
        "account_type": "applicant", "first_name": "Dana", "last_name": "Hughes", "email": "dana@example.com",
        "password": "violet-lantern-harbour-42", "dob_day": "3", "dob_month": "4", "dob_year": "1990",
        "postcode": "DT1 1AA"}, None


def _taster_sign_up(app):
    with app.app_context():
        organisation, recruiter = make_provider()
        taster = make_taster(organisation, recruiter, min_age=16)
        make_user("applicant", "visitor@example.com", age=20)
        page = f"/tasters/{taster.public_id}/sessions/{taster.sessions[0].public_id}/sign-up"
    return "visitor@example.com", page, {}, None


def _referral_answer(app):
    with app.app_context():
        organisation, _, _, staff = provider_team()
        lead = make_lead(organisation, staff, confirmed=False, source="staff_entry")
        return None, leads.response_path(lead), {}, "confirm"


def _friends_form(app):
    with app.app_context():
        _, _, _, staff = provider_team()
        code = make_link(staff).code
    return None, f"/r/{code}", {"name": "Priya Shah", "email": "priya@example.com", "role": "care-worker",
                                "consent": "y"}, None


def _staff_entry(app):
    with app.app_context():
        provider_team()
    return "staff-a@care.example", "/referrals/recommend", {
        "name": "Priya Shah", "email": "priya@example.com", "role": "care-worker", "consent": "y"}, None


def _provider_registration(app):
    return None, "/providers/register", {
        "name": "Harbour View Care", "provider_type": "care_home", "postcode": "DT1 1HR",
        "first_name": "Olu", "last_name": "Ade", "email": "olu@harbour.example",
        "password": "violet-lantern-harbour-42",
        "cqc_location_id": "1-101010101"}, None


def _shortlist_invitation(app):
    from tests.applications.factories import make_applicant
    from tests.applications.test_applications_shortlist import setup_provider

    _, _, vacancy_id, _ = setup_provider(app)
    with app.app_context():
        adult = make_applicant("findme@example.com", first_name="Dana", questionnaire=False,
                               profile={"discoverable": True, "desired_roles": ["care assistant"]})
        adult_id = adult.public_id
    return ("rec@fordington.example", (f"/shortlists/{vacancy_id}", f"/shortlists/{vacancy_id}/invite"),
            {"invite": [adult_id]}, None)


def _new_taster(app):
    with app.app_context():
        make_provider(email="rec@taster.example")
    return "rec@taster.example", "/tasters/manage/new", {
        "kind": "buddy", "title": "Buddy shift in the lounge", "min_age": "14", "postcode": "DT1 1HR",
        "description": "Spend a morning with our activities team and meet the residents.",
        "will_do": "Chat with residents", "will_not_do": "No personal care",
        "safeguarding_contact_name": "Dee Safe", "safeguarding_contact": "01305 123456"}, None


def _weekly_sessions(app):
    with app.app_context():
        organisation, recruiter = make_provider(email="rec@taster.example")
        page = f"/tasters/manage/{make_taster(organisation, recruiter, status='draft', sessions=()).public_id}"
    day = (clock.today_uk() + timedelta(days=10)).isoformat()
    return "rec@taster.example", (page, page + "/sessions"), {
        "date": day, "starts": "10:00", "ends": "13:00", "places": "4", "supervisor_name": "Sam Reid",
        "repeat_weeks": "6"}, None


def _application_note(app):
    from tests.applications.factories import apply_for, make_applicant
    from tests.vacancies.factories import make_vacancy

    with app.app_context():
        organisation, _, recruiter, _ = provider_team()
        details = make_vacancy(organisation, recruiter)
        application = apply_for(make_applicant("alex@example.com"), details)
        page = f"/shortlists/applications/{application.public_id}"
    return "recruiter-a@care.example", (page, page + "/notes"), {"body": "Friendly on the phone"}, None


def _team_invitation(app):
    with app.app_context():
        provider_team()
    return "owner-a@care.example", "/organisation/team", {"email": "new@care.example", "role": "staff"}, None


def _taster_feedback(app):
    from outreach.tasters import signups as taster_signups

    with app.app_context():
        organisation, recruiter = make_provider(email="rec@taster.example")
        taster = make_taster(organisation, recruiter, min_age=16)
        visitor = make_user("applicant", "visitor@example.com", age=20)
        signup = taster_signups.sign_up(visitor, taster.sessions[0], taster_signups.SignUpRequest())
        taster_signups.provider_accept(recruiter, signup)
        page = f"/tasters/manage/sign-ups/{signup.public_id}/feedback"
    clock.freeze(clock.now() + timedelta(days=8))  # the session has taken place
    return "rec@taster.example", page, {"rating": "5", "comment": "Kind with residents"}, None


CASES = {
    "new taster": Case(_new_taster, lambda: _count(Opportunity), emails=0),
    "weekly taster sessions": Case(_weekly_sessions, lambda: _count(TasterSession) // 6, emails=0),
    "application note": Case(_application_note, lambda: _count(ApplicationNote), emails=0),
    "team invitation": Case(_team_invitation, lambda: _count(Invitation), emails=1),
    "taster feedback": Case(_taster_feedback, lambda: _count(TasterFeedback), emails=0),
    "report a concern": Case(_concern, lambda: _count(Concern), emails=1),
    "school talk request": Case(_talk_request, lambda: _count(TalkRequest), emails=1),
    "account sign-up": Case(_account_sign_up, lambda: _count(User, User.email == "dana@example.com"), emails=1),
    "taster sign-up": Case(_taster_sign_up, lambda: _count(SignUp), emails=2),
    "referral answer": Case(_referral_answer, lambda: _count(LeadStageChange), emails=0),
    "friend's form": Case(_friends_form, lambda: _count(Lead), emails=1),
    "staff entering a friend": Case(_staff_entry, lambda: _count(Lead), emails=1),
    "shortlist invitation": Case(_shortlist_invitation, lambda: _count(ApplicationInvitation), emails=1),
    "provider registration": Case(_provider_registration,
                                  lambda: _count(Organisation, Organisation.name == "Harbour View Care"), emails=1),
}


def _the_form(html: str, page: str, action: str | None = None):
    """The form on the page that posts to ``action`` (by default, to the page itself)."""
    forms = [f for f in post_forms_in(html) if urlsplit(f.target(page)).path == urlsplit(action or page).path]
    assert forms, f"no form on {page} posts to {action or 'itself'}"
    return forms[0]


def _answer(response) -> tuple:
    """What the person sees: where they are sent, or the page's heading."""
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", response.get_data(as_text=True), re.DOTALL)
    return response.status_code, response.headers.get("Location"), heading and heading.group(1).strip()


def _submit_twice(app, case: Case, together: bool):
    who, page, fill, button = case.setup(app)
    page, action = page if isinstance(page, tuple) else (page, None)
    first = app.test_client()
    if who:
        assert sign_in(first, who).status_code == 302
    page_response = first.get(page)
    assert page_response.status_code == 200
    form = _the_form(page_response.get_data(as_text=True), page, action)
    data = {**form.submission(("action", button) if button else None), **fill}
    with app.app_context():
        before_rows, before_emails = case.count(), _count(OutboxMessage)
    second = app.test_client()
    second.set_cookie(COOKIE, first.get_cookie(COOKIE).value)
    responses, errors = [None, None], []
    if together:
        barrier = threading.Barrier(2)

        def press(index, client):
            try:
                barrier.wait()
                responses[index] = client.post(form.target(page), data=data, csrf=False)
            except Exception as error:  # surfaced below
                errors.append(repr(error))

        threads = [threading.Thread(target=press, args=pair) for pair in enumerate((first, second))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    else:
        responses = [first.post(form.target(page), data=data, csrf=False),
                     second.post(form.target(page), data=data, csrf=False)]
    assert not errors, errors
    with app.app_context():
        rows, emails = case.count() - before_rows, _count(OutboxMessage) - before_emails
        db.session.remove()
    return responses, rows, emails


@pytest.mark.parametrize("together", [True, False], ids=["at-once", "one-after-the-other"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_a_double_submit_creates_one_thing_and_answers_both_presses_alike(app, name, together):
    case = CASES[name]
    (one, two), rows, emails = _submit_twice(app, case, together)
    assert one.status_code < 400 and two.status_code < 400, (one.status_code, two.status_code)
    assert _answer(one) == _answer(two)
    assert rows == 1, f"{rows} rows"
    assert emails == case.emails, f"{emails} emails"


def _form_on(client, page):
    response = client.get(page)
    assert response.status_code == 200
    return _the_form(response.get_data(as_text=True), page)


@pytest.mark.parametrize("setup, email", [(_account_sign_up, "dana@example.com"),
                                          (_provider_registration, "olu@harbour.example")],
                         ids=["account sign-up", "provider registration"])
def test_two_tabs_using_the_same_email_at_once_make_one_account_and_no_error(app, setup, email):
    """Two forms (two nonces) for one address: the loser is told as for a taken email, never a 500."""
    _, page, fill, _ = setup(app)
    tabs = [app.test_client(), app.test_client()]
    forms = [_form_on(tab, page) for tab in tabs]
    responses, errors, barrier = [None, None], [], threading.Barrier(2)

    def press(index):
        try:
            barrier.wait()
            responses[index] = tabs[index].post(page, data={**forms[index].submission(None), **fill}, csrf=False)
        except Exception as error:  # surfaced below
            errors.append(repr(error))

    threads = [threading.Thread(target=press, args=(index,)) for index in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert [r.status_code for r in responses] == [302, 302]
    assert responses[0].headers["Location"] == responses[1].headers["Location"]
    with app.app_context():
        assert _count(User, User.email == email) == 1
        templates = sorted(m.template for m in db.session.execute(select(OutboxMessage)).scalars())
        db.session.remove()
    assert templates == ["account_exists", "verify_email"]
