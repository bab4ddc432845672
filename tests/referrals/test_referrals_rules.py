"""Fair rules, a staff member entering a friend (who confirms first), and the first valid referral winning."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from outreach import clock
from outreach.extensions import db
from outreach.jobs.runner import run_job
from outreach.models.outbox import OutboxMessage
from outreach.models.referrals import Lead, PointsEntry
from outreach.referrals import fair_rules, leads
from outreach.referrals.errors import AlreadyInPipeline, AlreadyReferred, LeftRecently
from tests.factories import sign_in
from tests.referrals.factories import make_lead, make_link, provider_team

FRIEND = {"name": "Priya Shah", "email": "priya@example.com", "phone": "", "role": "care-worker", "consent": "y"}


def _count(model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar()


def test_no_self_referral_with_a_clear_message(app, client):
    with app.app_context():
        _, _, _, staff = provider_team()
        code = make_link(staff).code
    page = client.post(f"/r/{code}", data={**FRIEND, "email": "staff-a@care.example"}).get_data(as_text=True)
    assert "That is your own email address" in page
    sign_in(client, "staff-a@care.example")
    page = client.post("/referrals/recommend", data={**FRIEND, "email": "Staff-A@care.example"}).get_data(as_text=True)
    assert "That is your own email address" in page
    with app.app_context():
        assert _count(Lead) == 0


@pytest.mark.parametrize("existing, expected", [
    ({"stage": "contacted"}, AlreadyInPipeline),
    ({"stage": "employed_6m"}, AlreadyInPipeline),
    ({"stage": "cold", "days_ago": 100}, AlreadyReferred),
    ({"stage": "declined", "days_ago": 300}, AlreadyReferred),
    ({"stage": "left", "days_ago": 500, "left_days_ago": 200}, LeftRecently),
])
def test_fair_rules(app, existing, expected):
    with app.app_context():
        organisation, _, _, staff = provider_team()
        at = clock.now() - timedelta(days=existing.get("days_ago", 1))
        left = clock.now() - timedelta(days=existing["left_days_ago"]) if "left_days_ago" in existing else None
        make_lead(organisation, staff, stage=existing["stage"], at=at, left_at=left,
                  hired_at=at if left else None)
        with pytest.raises(expected):
            fair_rules.check_fair_rules(organisation, staff, "priya@example.com", None, clock.now())


def test_the_same_phone_number_counts_as_the_same_friend(app):
    with app.app_context():
        organisation, _, _, staff = provider_team()
        make_lead(organisation, staff, email=None, phone="07700900123", stage="applied")
        with pytest.raises(AlreadyInPipeline):
            fair_rules.check_fair_rules(organisation, staff, "someone@example.com", "07700900123", clock.now())


def test_a_friend_can_be_referred_again_after_12_months_and_to_another_provider(app):
    with app.app_context():
        organisation, _, _, staff = provider_team()
        other, _, _, other_staff = provider_team("Trent Valley", "ST16 2AB", prefix="b")
        make_lead(organisation, staff, stage="cold", at=clock.now() - timedelta(days=370))
        fair_rules.check_fair_rules(organisation, staff, "priya@example.com", None, clock.now())
        make_lead(organisation, staff, stage="applied")
        fair_rules.check_fair_rules(other, other_staff, "priya@example.com", None, clock.now())


def test_the_public_form_never_reveals_who_is_already_in_a_pipeline(app, client):
    with app.app_context():
        organisation, _, _, staff = provider_team()
        code = make_link(staff).code
        make_lead(organisation, staff, stage="interviewed")
    response = client.post(f"/r/{code}", data=FRIEND)
    assert response.status_code == 302 and response.headers["Location"].endswith("/thanks")
    with app.app_context():
        assert _count(Lead) == 1 and _count(OutboxMessage) == 0


def test_a_friend_a_colleague_already_recommended_is_settled_quietly(app, client):
    """The staff member is not told (test_referrals_trust.py checks every kind of record)."""
    with app.app_context():
        organisation, _, recruiter, staff = provider_team()
        make_lead(organisation, recruiter, stage="new")
    sign_in(client, "staff-a@care.example")
    response = client.post("/referrals/recommend", data=FRIEND)
    assert response.status_code == 302
    assert "already in touch" not in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert _count(Lead) == 2 and _count(OutboxMessage) == 0


def test_staff_entry_sends_only_a_confirmation_until_the_friend_says_yes(app, client, smtp):
    with app.app_context():
        provider_team()
    sign_in(client, "staff-a@care.example")
    assert client.post("/referrals/recommend", data={**FRIEND, "phone": "07700 900123"}).status_code == 302
    with app.app_context():
        lead = db.session.execute(select(Lead)).scalar_one()
        assert lead.confirmed_at is None and lead.consent_at is None and lead.source == "staff_entry"
        assert _count(PointsEntry) == 0
        run_job("send_outbox")
        # Nothing else goes out while unconfirmed: the chase job skips the lead.
        clock.freeze(clock.now() + timedelta(days=3, hours=2))
        run_job("chase_leads")
        run_job("send_outbox")
    message = smtp.wait_for("priya@example.com")[0]
    assert len(smtp.to("priya@example.com")) == 1
    assert "Sam at Fordington House" in smtp.text_of(message)
    # Recruiters see no contact details yet.
    recruiter = app.test_client()
    sign_in(recruiter, "recruiter-a@care.example")
    assert "07700" not in recruiter.get("/referrals/leads").get_data(as_text=True)
    link = smtp.link_in(message, "/referrals/respond/")
    assert "Are you happy to hear from Fordington House?" in client.get(link).get_data(as_text=True)
    assert "Thank you" in client.post(link, data={"action": "confirm"}, follow_redirects=True).get_data(as_text=True)
    with app.app_context():
        lead = db.session.execute(select(Lead)).scalar_one()
        assert lead.confirmed_at is not None and lead.consent_at is not None
        assert db.session.execute(select(PointsEntry.points)).scalar_one() == 5
    assert "07700 900123" in recruiter.get("/referrals/leads").get_data(as_text=True)


def test_a_friend_who_says_no_thanks_has_their_details_deleted(app, client, smtp):
    with app.app_context():
        provider_team()
    sign_in(client, "staff-a@care.example")
    client.post("/referrals/recommend", data=FRIEND)
    with app.app_context():
        run_job("send_outbox")
    link = smtp.link_in(smtp.wait_for("priya@example.com")[0], "/referrals/respond/")
    page = client.post(link, data={"action": "decline"}, follow_redirects=True).get_data(as_text=True)
    assert "Your details are deleted" in page
    with app.app_context():
        lead = db.session.execute(select(Lead)).scalar_one()
        assert lead.stage == "declined" and lead.email is None and lead.friend_name == "(removed)"
        # Still recognised: they cannot simply be entered again this year.
        with pytest.raises(AlreadyReferred):
            fair_rules.check_fair_rules(lead.organisation, None, "priya@example.com", None, clock.now())
    assert client.get(link).status_code == 400
    assert client.get("/referrals/respond/tampered").status_code == 400


def test_unconfirmed_friends_go_cold_after_14_days_and_their_details_are_erased(app, client):
    with app.app_context():
        provider_team()
    sign_in(client, "staff-a@care.example")
    client.post("/referrals/recommend", data=FRIEND)
    with app.app_context():
        clock.freeze(clock.now() + timedelta(days=15))
        run_job("chase_leads")
        lead = db.session.execute(select(Lead)).scalar_one()
        assert lead.stage == "cold" and lead.email is None and lead.email_digest is None
        # They never agreed, so nothing holds them back from being recommended properly later.
        fair_rules.check_fair_rules(lead.organisation, None, "priya@example.com", None, clock.now())


def test_two_referrals_of_the_same_friend_at_once_only_the_first_wins(app):
    with app.app_context():
        organisation, _, recruiter, staff = provider_team()
        codes = [make_link(staff).code, make_link(recruiter).code]
    barrier = threading.Barrier(len(codes))
    results = []

    def refer(code):
        with app.test_request_context(environ_base={"REMOTE_ADDR": f"10.0.0.{len(results) + 1}"}):
            from outreach.referrals import service

            link = service.active_link(code)
            db.session.commit()  # end the read (on SQLite every transaction holds the write lock)
            barrier.wait(timeout=30)
            try:
                results.append(leads.submit_friend_form(link, name="Priya", email="priya@example.com", phone=None,
                                                        role_slug="care-worker", ip=None))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=refer, args=(code,)) for code in codes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with app.app_context():
        assert _count(Lead) == 1
        assert sum(1 for r in results if r is not None) == 1
        assert _count(PointsEntry) == 0  # points wait for the friend to confirm by email
