"""An organisation that is not approved emails nobody outside its team and shows nothing in public.

The services guard themselves, so a job or another caller cannot go around the pages. Each
test builds an approved provider's records first, then changes its status.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from outreach import clock
from outreach.applications import pipeline
from outreach.extensions import db
from outreach.models.organisations import Organisation
from outreach.models.outbox import OutboxMessage
from outreach.models.referrals import Lead
from outreach.organisations.standing import OrganisationNotActive
from outreach.referrals import leads
from outreach.schools import service as talks
from outreach.tasters import posting, signups
from tests.applications.factories import apply_for, make_applicant
from tests.factories import make_member, make_organisation, sign_in
from tests.referrals.factories import make_link
from tests.tasters.factories import book, make_taster, make_visitor
from tests.vacancies.factories import make_vacancy

NOT_APPROVED = ("pending", "suspended", "rejected")


def set_status(organisation: Organisation, status: str) -> None:
    organisation.status = status
    db.session.commit()


def emails() -> int:
    return db.session.execute(select(func.count()).select_from(OutboxMessage)).scalar_one()


@pytest.fixture
def provider(app):
    """An approved provider with a published taster (one pupil booked), a vacancy with an
    applicant, and a staff member's referral link; ``load`` fetches them in the test's session."""
    with app.test_request_context():
        organisation = make_organisation("Fordington House")
        recruiter = make_member(organisation, "recruiter", "rec@fordington.example")
        staff = make_member(organisation, "staff", "staff@fordington.example")
        taster = make_taster(organisation, recruiter)
        signup = book(make_visitor(15, "pupil@home.example"), taster.sessions[0])
        details = make_vacancy(organisation, recruiter, title="Care assistant")
        application = apply_for(make_applicant("sam@example.com"), details)
        link = make_link(staff)
        ids = {"organisation": organisation.id, "recruiter": recruiter.id, "staff": staff.id, "taster": taster.id,
               "signup": signup.id, "details": details.id, "application": application.id, "link": link.id}
        db.session.remove()
    return ids


def load(ids: dict) -> dict:
    from outreach.models.accounts import User
    from outreach.models.applications import Application
    from outreach.models.opportunities import Opportunity
    from outreach.models.referrals import ReferralLink
    from outreach.models.signups import SignUp
    from outreach.models.vacancies import VacancyDetails

    models = {"organisation": Organisation, "recruiter": User, "staff": User, "taster": Opportunity,
              "signup": SignUp, "details": VacancyDetails, "application": Application, "link": ReferralLink}
    return {name: db.session.get(models[name], ids[name]) for name in ids}


@pytest.mark.parametrize("status", NOT_APPROVED)
def test_services_refuse_to_email_people_for_an_organisation_that_is_not_approved(app, provider, status):
    with app.test_request_context():
        p = load(provider)
        set_status(p["organisation"], status)
        before = emails()
        attempts = {
            "staff recommends a friend": lambda: leads.enter_friend(
                p["staff"], name="Jo Friend", email="jo@friend.example", phone=None, role_slug=None),
            "a friend fills in the link's form": lambda: leads.submit_friend_form(
                p["link"], name="Jo Friend", email="jo@friend.example", phone=None, role_slug=None, ip="1.2.3.4"),
            "a recruiter moves an application": lambda: pipeline.move(
                p["organisation"], p["recruiter"], p["details"].opportunity, [p["application"].public_id], "interview"),
            "a recruiter accepts a sign-up": lambda: signups.provider_accept(p["recruiter"], p["signup"]),
            "a recruiter ends a sign-up": lambda: signups.provider_end(p["recruiter"], p["signup"], "full"),
        }
        for what, attempt in attempts.items():
            with pytest.raises(OrganisationNotActive):
                attempt()
                pytest.fail(f"{what} worked for a {status} organisation")
            db.session.rollback()
        assert emails() == before
        assert db.session.execute(select(func.count()).select_from(Lead)).scalar_one() == 0


@pytest.mark.parametrize("status", ["suspended", "rejected"])
def test_a_suspended_or_rejected_provider_cannot_cancel_a_session_with_visitors(app, provider, status):
    with app.test_request_context():
        p = load(provider)
        set_status(p["organisation"], status)
        before = emails()
        with pytest.raises(OrganisationNotActive):
            posting.cancel_session(p["taster"].sessions[0], p["recruiter"])
        db.session.rollback()
        assert emails() == before


@pytest.mark.parametrize("status", NOT_APPROVED)
def test_talks_need_approved_schools_and_providers(app, status):
    with app.test_request_context():
        school = make_organisation("Stafford High", kind="school", postcode="DT1 2EH")
        teacher = make_member(school, "owner", "teacher@school.example")
        provider = make_organisation("Near Care Home")
        recruiter = make_member(provider, "recruiter", "rec@near.example")
        talks.save_profile(provider, recruiter, active=True, radius_km=20, topics=None)
        talk = talks.request_talk(school, teacher, kind="talk", year_groups=[9], pupils_expected=30, topics="x",
                                  first_choice=clock.today_uk() + timedelta(days=9), second_choice=None, notes=None)
        set_status(provider, status)
        before = emails()
        with pytest.raises(OrganisationNotActive):
            talks.accept(provider, recruiter, talk.public_id)
        db.session.rollback()
        set_status(provider, "approved")
        set_status(school, status)
        with pytest.raises((OrganisationNotActive, talks.TalkError)):
            talks.request_talk(school, teacher, kind="talk", year_groups=[9], pupils_expected=30, topics="x",
                               first_choice=clock.today_uk() + timedelta(days=9), second_choice=None, notes=None)
        db.session.rollback()
        with pytest.raises(OrganisationNotActive):
            talks.cancel(school, teacher, talk.public_id)
        db.session.rollback()
        assert emails() == before


@pytest.mark.parametrize("status", NOT_APPROVED)
def test_referral_link_of_an_organisation_that_is_not_approved_takes_no_details(app, client, provider, status):
    with app.app_context():
        p = load(provider)
        code = p["link"].code
        set_status(p["organisation"], status)
        before = emails()
    page = client.get(f"/r/{code}")
    assert "Fordington House" not in page.get_data(as_text=True)
    client.post(f"/r/{code}", data={"name": "Jo Friend", "email": "jo@friend.example", "consent": "y"})
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(Lead)).scalar_one() == 0
        assert emails() == before


@pytest.mark.parametrize("status", NOT_APPROVED)
def test_public_pages_and_api_hide_an_organisation_that_is_not_approved(app, client, provider, status):
    with app.app_context():
        p = load(provider)
        org_id, taster_id = p["organisation"].public_id, p["taster"].public_id
        vacancy_id, session_id = p["details"].opportunity.public_id, p["taster"].sessions[0].public_id
        db.session.remove()
    visitor = app.test_client()
    sign_in(visitor, "sam@example.com")
    pages = [f"/tasters/{taster_id}", f"/tasters/providers/{org_id}", f"/vacancies/{vacancy_id}",
             "/tasters/?postcode=DT1+1HR", "/api/v1/opportunities?postcode=DT1+1HR&radius_km=10"]
    for url in pages:  # shown while approved: the test can see a leak
        assert "Fordington House" in client.get(url).get_data(as_text=True), url
    with app.app_context():
        set_status(load(provider)["organisation"], status)
        db.session.remove()
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 404) and "Fordington House" not in response.get_data(as_text=True), url
    for url in (f"/vacancies/{vacancy_id}/apply", f"/tasters/{taster_id}/sessions/{session_id}/sign-up",
                f"/questionnaire/sharing/providers/{org_id}", "/matches"):
        response = visitor.get(url)
        assert response.status_code in (200, 404) and "Fordington House" not in response.get_data(as_text=True), url


@pytest.mark.parametrize("status", NOT_APPROVED)
def test_friends_of_an_organisation_that_is_not_approved_are_not_chased(app, status):
    from datetime import datetime, timezone

    from outreach.jobs.runner import run_job
    from tests.referrals.factories import make_lead, provider_team

    morning = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)
    with app.app_context():
        clock.freeze(morning)
        organisation, _, _, staff = provider_team()
        make_lead(organisation, staff, email="waiting@example.com")
        other, _, _, other_staff = provider_team("Other House", prefix="b")
        make_lead(other, other_staff, email="chased@example.com")
        set_status(organisation, status)
        clock.freeze(morning + timedelta(days=2, hours=1))
        run_job("chase_leads")
        chased = set(db.session.execute(
            select(OutboxMessage.to_address).where(OutboxMessage.template == "referral_chase")).scalars())
        assert chased == {"chased@example.com"}
