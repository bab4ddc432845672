"""Talk requests nobody has taken: offered to providers as they opt in, chased once, widened only with the
school's agreement, and closed with advice. Every job is safe to run twice."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from outreach import clock
from outreach.extensions import db
from outreach.jobs import talks as talk_jobs
from outreach.models.accounts import User
from outreach.models.organisations import Organisation
from outreach.models.outbox import OutboxMessage
from outreach.models.schools import AmbassadorProfile, TalkRequest, TalkRequestNotice
from outreach.schools import follow_up, service
from tests.factories import make_member, make_organisation, sign_in

MORNING = datetime(2027, 3, 1, 10, 0, tzinfo=timezone.utc)  # a Monday, outside quiet hours


@pytest.fixture
def area(app):
    """A school in Dorchester, a provider next door, one 23 km away and one 230 km away; nobody opted in."""
    clock.freeze(MORNING)
    with app.app_context():
        school = make_organisation("Dorchester School", kind="school", postcode="DT1 2EH")
        make_member(school, "owner", "teacher@school.example")
        for name, postcode, email in (("Near Care Home", "DT1 1HR", "rec@near.example"),
                                      ("Wareham Care", "BH20 4DY", "rec@wareham.example"),
                                      ("Far Care Home", "ST16 2AB", "rec@far.example")):
            make_member(make_organisation(name, postcode=postcode), "recruiter", email)
    return app


def org(name):
    return db.session.execute(select(Organisation).where(Organisation.name == name)).scalar_one()


def person(email):
    return db.session.execute(select(User).where(User.email == email)).scalar_one()


def opt_in(name, email, radius_km=10):
    with_request_context = service.save_profile(org(name), person(email), active=True, radius_km=radius_km,
                                                topics=None)
    return with_request_context


def ask(app, kind="talk", days=30, second=None, year_groups=(9,)):
    with app.test_request_context():
        talk = service.request_talk(org("Dorchester School"), person("teacher@school.example"), kind=kind,
                                    year_groups=list(year_groups), first_choice=clock.today_uk() + timedelta(days=days),
                                    second_choice=second, pupils_expected=30, topics="Care careers", notes=None)
        return talk.public_id


def emails(template, to=None):
    query = select(func.count()).select_from(OutboxMessage).where(OutboxMessage.template == template)
    if to:
        query = query.where(OutboxMessage.to_address == to)
    return db.session.execute(query).scalar_one()


def notices(name):
    return db.session.execute(select(func.count()).select_from(TalkRequestNotice)
                              .where(TalkRequestNotice.organisation_id == org(name).id)).scalar_one()


def test_request_made_before_any_ambassador_reaches_a_provider_when_they_opt_in(area, client):
    talk_id = ask(area)
    with area.app_context():
        assert db.session.execute(select(func.count()).select_from(TalkRequestNotice)).scalar_one() == 0
    provider = area.test_client()
    sign_in(provider, "rec@near.example")
    assert talk_id not in provider.get("/providers/talk-requests").get_data(as_text=True)
    page = provider.post("/providers/ambassador", data={"active": "y", "radius_km": "10"}, follow_redirects=True)
    html = page.get_data(as_text=True)
    assert talk_id in html and "1 request is waiting for you" in html
    with area.app_context():
        assert emails("talk_request", "rec@near.example") == 1
        assert emails("talk_request", "rec@wareham.example") == 0  # not opted in
    assert provider.post(f"/providers/talk-requests/{talk_id}/accept").status_code == 302
    with area.app_context():
        assert db.session.execute(select(TalkRequest.status)).scalar_one() == "accepted"


def test_opting_in_again_or_the_offer_job_never_tells_a_provider_twice(area):
    talk_id = ask(area)
    with area.app_context():
        # A profile saved without the opt-in offer (as a row that predates this feature would be).
        db.session.add(AmbassadorProfile(organisation_id=org("Near Care Home").id, active=True, radius_km=10))
        db.session.commit()
        first = talk_jobs.offer_talk_requests(MORNING)
        second = talk_jobs.offer_talk_requests(MORNING)
        assert (first.emails_queued, second.emails_queued) == (1, 0)
        with area.test_request_context():
            opt_in("Near Care Home", "rec@near.example")
        assert notices("Near Care Home") == 1 and emails("talk_request", "rec@near.example") == 1
        notice = db.session.execute(select(TalkRequestNotice)).scalar_one()
        assert notice.notified_at is not None
        assert db.session.execute(select(TalkRequest.public_id)).scalar_one() == talk_id


def test_offer_skips_requests_whose_dates_have_passed_and_distant_providers(area):
    ask(area, days=3)
    with area.app_context():
        db.session.add(AmbassadorProfile(organisation_id=org("Near Care Home").id, active=True, radius_km=10))
        db.session.add(AmbassadorProfile(organisation_id=org("Far Care Home").id, active=True, radius_km=50))
        db.session.commit()
        assert talk_jobs.offer_talk_requests(MORNING + timedelta(days=4)).emails_queued == 0
        assert talk_jobs.offer_talk_requests(MORNING).emails_queued == 1
        assert notices("Far Care Home") == 0


def test_offer_job_holds_emails_at_night(area):
    ask(area)
    with area.app_context():
        db.session.add(AmbassadorProfile(organisation_id=org("Near Care Home").id, active=True, radius_km=10))
        db.session.commit()
        assert talk_jobs.offer_talk_requests(MORNING.replace(hour=23)).processed == 0
        assert notices("Near Care Home") == 0


def test_providers_are_chased_once_after_five_days(area):
    with area.test_request_context():
        opt_in("Near Care Home", "rec@near.example")
    ask(area)
    with area.app_context():
        assert talk_jobs.chase_talk_requests(MORNING + timedelta(days=4)).emails_queued == 0
        later = MORNING + timedelta(days=5, hours=1)
        talk_jobs.chase_talk_requests(later)
        talk_jobs.chase_talk_requests(later)
        talk_jobs.chase_talk_requests(later + timedelta(days=1))
        assert emails("talk_chase", "rec@near.example") == 1


def test_accepted_requests_are_not_chased(area):
    with area.test_request_context():
        opt_in("Near Care Home", "rec@near.example")
    talk_id = ask(area)
    with area.test_request_context():
        service.accept(org("Near Care Home"), person("rec@near.example"), talk_id)
        talk_jobs.chase_talk_requests(MORNING + timedelta(days=8))
        assert emails("talk_chase") == 0 and emails("talk_widen") == 0


def test_search_widens_only_when_the_school_agrees(area, client):
    with area.test_request_context():
        opt_in("Wareham Care", "rec@wareham.example", radius_km=10)  # 23 km away: out of reach
    talk_id = ask(area)
    with area.app_context():
        assert notices("Wareham Care") == 0
        asked = MORNING + timedelta(days=7, hours=1)
        talk_jobs.chase_talk_requests(asked)
        talk_jobs.chase_talk_requests(asked)
        assert emails("talk_widen", "teacher@school.example") == 1
        talk_jobs.offer_talk_requests(asked)
        talk = db.session.execute(select(TalkRequest)).scalar_one()
        assert talk.extra_km == 0 and talk.widen_asked_at is not None
        assert notices("Wareham Care") == 0  # asked, but nothing widens without an answer
    sign_in(client, "teacher@school.example")
    assert "1 request needs your answer" in client.get("/dashboard").get_data(as_text=True)
    page = client.get("/schools/talks").get_data(as_text=True)
    assert "Widen the search" in page
    other = area.test_client()
    with area.app_context():
        make_member(make_organisation("Other School", kind="school", postcode="DT1 2EH"), "owner", "o@school.example")
    sign_in(other, "o@school.example")
    assert other.post(f"/schools/talks/{talk_id}/widen").status_code == 404
    done = client.post(f"/schools/talks/{talk_id}/widen", follow_redirects=True).get_data(as_text=True)
    assert "We told 1 more care provider" in done
    with area.app_context():
        assert notices("Wareham Care") == 1 and emails("talk_request", "rec@wareham.example") == 1
        assert db.session.execute(select(TalkRequest.extra_km)).scalar_one() == follow_up.WIDEN_KM
    again = client.post(f"/schools/talks/{talk_id}/widen", follow_redirects=True).get_data(as_text=True)
    assert "cannot be widened" in again


def test_virtual_talk_has_no_distance_limit_and_is_never_widened(area):
    with area.test_request_context():
        opt_in("Far Care Home", "rec@far.example", radius_km=5)  # 230 km away
    ask(area, kind="virtual")
    with area.app_context():
        assert notices("Far Care Home") == 1
        talk_jobs.chase_talk_requests(MORNING + timedelta(days=8))
        assert emails("talk_widen") == 0
        talk = db.session.execute(select(TalkRequest)).scalar_one()
        assert not follow_up.can_widen(talk)


def test_request_expires_after_its_dates_with_advice_to_the_school(area, client):
    ask(area, days=3)
    with area.app_context():
        assert talk_jobs.expire_talk_requests(MORNING + timedelta(days=3)).emails_queued == 0  # the day itself
        after = MORNING + timedelta(days=4)
        assert talk_jobs.expire_talk_requests(after).emails_queued == 1
        assert talk_jobs.expire_talk_requests(after).emails_queued == 0
        message = db.session.execute(select(OutboxMessage).where(OutboxMessage.template == "talk_expired")).scalar_one()
        assert message.to_address == "teacher@school.example"
        for advice in ("virtual talk", "another date", "lesson plans"):
            assert advice in message.body_text
        assert "Widen the search" not in message.body_text  # its dates are gone
        assert db.session.execute(select(TalkRequest.status)).scalar_one() == "expired"
    clock.freeze(MORNING + timedelta(days=4))
    sign_in(client, "teacher@school.example")
    page = client.get("/schools/talks").get_data(as_text=True)
    assert "Closed: nobody took it" in page and "its dates passed" in page and "free lesson plans" in page


def test_request_with_no_taker_for_six_weeks_expires_and_can_be_widened_again(area, client):
    with area.test_request_context():
        opt_in("Wareham Care", "rec@wareham.example", radius_km=10)
    talk_id = ask(area, days=90)
    with area.app_context():
        assert talk_jobs.expire_talk_requests(MORNING + timedelta(days=41)).emails_queued == 0
        assert talk_jobs.expire_talk_requests(MORNING + timedelta(days=42, hours=1)).emails_queued == 1
        message = db.session.execute(select(OutboxMessage).where(OutboxMessage.template == "talk_expired")).scalar_one()
        assert "six weeks" in message.body_text and "Widen the search" in message.body_text
    clock.freeze(MORNING + timedelta(days=43))
    sign_in(client, "teacher@school.example")
    client.post(f"/schools/talks/{talk_id}/widen")
    with area.app_context():
        talk = db.session.execute(select(TalkRequest)).scalar_one()
        assert talk.status == "open" and notices("Wareham Care") == 1
        # Six weeks from the widening, not from the first request.
        assert talk_jobs.expire_talk_requests(MORNING + timedelta(days=44)).emails_queued == 0


@pytest.mark.parametrize("kind, years, field, message", [
    ("disco", [9], "kind", "Choose what you would like"),
    ("talk", [4], "year_groups", "Year 5 to Year 13"),
    ("talk", [14], "year_groups", "Year 5 to Year 13"),
    ("talk", [], "year_groups", "Year 5 to Year 13"),
])
def test_service_rejects_unknown_formats_and_year_groups(area, kind, years, field, message):
    with area.test_request_context():
        with pytest.raises(service.TalkError) as error:
            service.request_talk(org("Dorchester School"), person("teacher@school.example"), kind=kind,
                                 year_groups=years, first_choice=clock.today_uk() + timedelta(days=9),
                                 second_choice=None, pupils_expected=30, topics="x", notes=None)
        assert error.value.field == field and message in error.value.message


def test_form_offers_every_format_the_schools_page_promises_for_years_5_to_13(area, client):
    sign_in(client, "teacher@school.example")
    form = client.get("/schools/talks/new").get_data(as_text=True)
    for label in ("A talk", "panel", "careers fair stand", "classroom lesson", "virtual talk", "Year 5", "Year 13"):
        assert label in form
    page = client.get("/careers/pages/for-schools").get_data(as_text=True)
    for promise in ("a panel", "a careers fair stand", "a classroom lesson", "a virtual talk", "Year 5 to Year 13"):
        assert promise in page
    data = {"kind": "fair", "year_groups": ["5", "13"], "first_choice": "2027-04-01", "second_choice": "",
            "pupils_expected": "120", "topics": "Jobs in care", "notes": ""}
    assert client.post("/schools/talks/new", data=data).status_code == 302
    bad = client.post("/schools/talks/new", data=dict(data, year_groups=["4"])).get_data(as_text=True)
    assert "Choose only from the options listed" in bad or "Choose one of the options listed" in bad or "Year 5" in bad
    with area.app_context():
        talk = db.session.execute(select(TalkRequest)).scalar_one()
        assert (talk.kind, talk.year_groups) == ("fair", [5, 13])


def test_dashboards_link_to_talks_and_show_counts(area, client):
    provider = area.test_client()
    sign_in(provider, "rec@near.example")
    before = provider.get("/dashboard").get_data(as_text=True)
    assert "/providers/ambassador" in before and "Become a care ambassador" in before
    with area.test_request_context():
        opt_in("Near Care Home", "rec@near.example")
    first, _ = ask(area), ask(area, days=40)
    sign_in(client, "teacher@school.example")
    school = client.get("/dashboard").get_data(as_text=True)
    assert "2 requests waiting" in school and "/schools/talks/new" in school
    assert 'href="/schools/talks"' in school and "/careers/pages/lesson-resources" in school
    assert "2 requests waiting" in provider.get("/dashboard").get_data(as_text=True)
    provider.post(f"/providers/talk-requests/{first}/accept")
    school = client.get("/dashboard").get_data(as_text=True)
    assert "1 request waiting" in school and "1 talk booked" in school
    board = provider.get("/dashboard").get_data(as_text=True)
    assert "1 request waiting" in board and "1 talk booked" in board and "/providers/talk-requests" in board


def test_staff_do_not_see_the_ambassador_card(area):
    with area.app_context():
        make_member(org("Near Care Home"), "staff", "staff@near.example")
    staff = area.test_client()
    sign_in(staff, "staff@near.example")
    assert "/providers/ambassador" not in staff.get("/dashboard").get_data(as_text=True)


def test_every_format_but_a_visit_counts_as_a_benchmark_5_encounter(area):
    from outreach.impact import service as impact
    from outreach.impact.figures import Filters

    with area.app_context():
        school = org("Dorchester School")
        for kind in ("panel", "fair", "lesson", "virtual", "visit"):
            db.session.add(TalkRequest(school_id=school.id, kind=kind, year_groups=[6], first_choice=clock.today_uk(),
                                       pupils_expected=10, topics="x", status="delivered", pupils_reached=10,
                                       delivered_at=clock.now(), created_at=clock.now()))
        db.session.commit()
        gatsby = {t.key: t for t in impact.school_tables(Filters())}["gatsby"]
        assert gatsby.rows[0][:3] == ["Year 6", 4, 1]
