"""Care-ambassador talks: a school asks, nearby opted-in providers hear, the first to accept gets it."""
from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import select

from outreach import clock
from outreach.extensions import db
from outreach.jobs.runner import run_job
from outreach.models.schools import TalkRequest
from outreach.schools import service
from tests.factories import make_member, make_organisation, sign_in


def future(days=30):
    return (clock.today_uk() + timedelta(days=days)).isoformat()


def request_data(**overrides):
    data = {"kind": "talk", "year_groups": ["9", "10"], "first_choice": future(), "second_choice": "",
            "pupils_expected": "60", "topics": "What a care worker does", "notes": ""}
    data.update(overrides)
    return data


def setup_area(app):
    with app.app_context():
        school = make_organisation("Dorchester School", kind="school", postcode="DT1 2EH")
        near = make_organisation("Near Care Home", postcode="DT1 1HR")
        also_near = make_organisation("Also Near", postcode="DT1 1HR")
        far = make_organisation("Far Care Home", postcode="ST16 2AB")
        make_member(school, "owner", "teacher@school.example")
        near_recruiter = make_member(near, "recruiter", "rec@near.example")
        also = make_member(also_near, "owner", "owner@alsonear.example")
        far_recruiter = make_member(far, "recruiter", "rec@far.example")
        for org, person in ((near, near_recruiter), (also_near, also), (far, far_recruiter)):
            service.save_profile(org, person, active=True, radius_km=20, topics=None)


def test_request_goes_to_nearby_ambassadors_and_first_acceptance_wins(app, client, smtp):
    setup_area(app)
    sign_in(client, "teacher@school.example")
    assert client.post("/schools/talks/new", data=request_data()).status_code == 302
    with app.app_context():
        run_job("send_outbox")
    smtp.wait_for("rec@near.example")
    smtp.wait_for("owner@alsonear.example")
    assert smtp.to("rec@far.example") == []  # 230 km away, outside its 20 km radius
    with app.app_context():
        talk_id = db.session.execute(select(TalkRequest.public_id)).scalar_one()
    near = app.test_client()
    sign_in(near, "rec@near.example")
    assert talk_id in near.get("/providers/talk-requests").get_data(as_text=True)
    far = app.test_client()
    sign_in(far, "rec@far.example")
    assert talk_id not in far.get("/providers/talk-requests").get_data(as_text=True)
    assert far.post(f"/providers/talk-requests/{talk_id}/accept").status_code == 404  # never told, cannot accept
    assert near.post(f"/providers/talk-requests/{talk_id}/accept").status_code == 302
    other = app.test_client()
    sign_in(other, "owner@alsonear.example")
    late = other.post(f"/providers/talk-requests/{talk_id}/accept", follow_redirects=True).get_data(as_text=True)
    assert "already accepted" in late
    with app.app_context():
        run_job("send_outbox")
    confirmation = smtp.wait_for("teacher@school.example")[-1]
    assert "Near Care Home" in confirmation["Subject"]
    smtp.wait_for("rec@near.example", 2)
    status = client.get("/schools/talks").get_data(as_text=True)
    assert "Booked" in status and "Near Care Home" in status


def test_two_providers_accepting_at_once_cannot_both_win(app):
    setup_area(app)
    with app.test_request_context():
        from outreach.models.accounts import User
        from outreach.models.organisations import Organisation

        school = db.session.execute(select(Organisation).where(Organisation.kind == "school")).scalar_one()
        teacher = db.session.execute(select(User).where(User.email == "teacher@school.example")).scalar_one()
        talk = service.request_talk(school, teacher, kind="talk", year_groups=[9], first_choice=clock.today_uk() +
                                    timedelta(days=9), second_choice=None, pupils_expected=30, topics="x", notes=None)
        talk_id = talk.public_id
    outcomes = []
    barrier = threading.Barrier(2)

    def accept(org_name, email):
        with app.test_request_context():
            from outreach.models.accounts import User
            from outreach.models.organisations import Organisation

            org = db.session.execute(select(Organisation).where(Organisation.name == org_name)).scalar_one()
            person = db.session.execute(select(User).where(User.email == email)).scalar_one()
            db.session.commit()  # end the read transaction: on SQLite it holds the write lock
            barrier.wait(timeout=30)
            try:
                service.accept(org, person, talk_id)
                outcomes.append("won")
            except service.TalkError:
                outcomes.append("lost")
            db.session.remove()

    threads = [threading.Thread(target=accept, args=a) for a in
               (("Near Care Home", "rec@near.example"), ("Also Near", "owner@alsonear.example"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["lost", "won"]


def test_request_form_errors_are_clear_and_keep_input(app, client):
    setup_area(app)
    sign_in(client, "teacher@school.example")
    past = (clock.today_uk() - timedelta(days=1)).isoformat()
    html = client.post("/schools/talks/new", data=request_data(year_groups=[], pupils_expected="lots",
                                                               first_choice=past, topics="")).get_data(as_text=True)
    assert "Choose at least one year group" in html
    assert "Enter about how many pupils will take part" in html or "Enter a number from 1 to 500" in html
    assert "Tell the provider what you would like covered" in html
    html = client.post("/schools/talks/new", data=request_data(first_choice=past)).get_data(as_text=True)
    assert "Choose a date in the future" in html and "What a care worker does" in html


def test_pending_school_cannot_request(app, client):
    with app.app_context():
        school = make_organisation("New School", kind="school", status="pending", postcode="DT1 2EH")
        make_member(school, "owner", "new@school.example")
    sign_in(client, "new@school.example")
    response = client.post("/schools/talks/new", data=request_data())
    # The page that explains the organisation's status, not the form (no provider is emailed).
    assert response.status_code == 403
    assert "waiting for a CareWays admin to approve" in response.get_data(as_text=True)


def test_school_cancels_and_provider_is_told(app, client, smtp):
    setup_area(app)
    sign_in(client, "teacher@school.example")
    client.post("/schools/talks/new", data=request_data())
    with app.app_context():
        talk_id = db.session.execute(select(TalkRequest.public_id)).scalar_one()
    near = app.test_client()
    sign_in(near, "rec@near.example")
    near.post(f"/providers/talk-requests/{talk_id}/accept")
    other_school = app.test_client()
    with app.app_context():
        make_member(make_organisation("Other School", kind="school", postcode="DT1 2EH"), "owner", "o@school.example")
    sign_in(other_school, "o@school.example")
    assert other_school.post(f"/schools/talks/{talk_id}/cancel").status_code == 404
    client.post(f"/schools/talks/{talk_id}/cancel")
    with app.app_context():
        assert db.session.execute(select(TalkRequest.status)).scalar_one() == "cancelled"
        run_job("send_outbox")
    assert any("cancelled" in m["Subject"] for m in smtp.wait_for("rec@near.example", 3))


def test_delivery_is_recorded_with_pupils_reached(app, client):
    setup_area(app)
    sign_in(client, "teacher@school.example")
    client.post("/schools/talks/new", data=request_data(first_choice=future(2)))
    with app.app_context():
        talk_id = db.session.execute(select(TalkRequest.public_id)).scalar_one()
    near = app.test_client()
    sign_in(near, "rec@near.example")
    near.post(f"/providers/talk-requests/{talk_id}/accept")
    early = near.post(f"/providers/talk-requests/{talk_id}/delivered", data={"pupils_reached": "55"},
                      follow_redirects=True).get_data(as_text=True)
    assert "once its date has come" in early
    clock.freeze(clock.now() + timedelta(days=3))
    sign_in(near, "rec@near.example")  # three days on, the old session has expired
    near.post(f"/providers/talk-requests/{talk_id}/delivered", data={"pupils_reached": "55"})
    with app.app_context():
        talk = db.session.execute(select(TalkRequest)).scalar_one()
        assert talk.status == "delivered" and talk.pupils_reached == 55


def test_ambassador_settings_validate(app, client):
    with app.app_context():
        make_member(make_organisation(), "recruiter", "r@home.example")
    sign_in(client, "r@home.example")
    html = client.post("/providers/ambassador", data={"active": "y", "radius_km": "500"}).get_data(as_text=True)
    assert "Enter a distance from 1 to 100 km" in html and 'value="500"' in html
    assert client.post("/providers/ambassador", data={"active": "y", "radius_km": "25"}).status_code == 302
