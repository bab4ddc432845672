"""Personal links, QR codes, the friend's form and the staff member's page."""
from __future__ import annotations

from sqlalchemy import func, select

from outreach import clock
from outreach.extensions import db
from outreach.jobs.runner import run_job
from outreach.models.referrals import Lead, PointsEntry, ReferralLink
from tests.factories import sign_in
from tests.referrals.factories import make_lead, make_link, provider_team

FRIEND = {"name": "Priya Shah", "email": "priya@example.com", "phone": "", "role": "care-worker", "consent": "y"}


def _team_and_link(app):
    with app.app_context():
        organisation, owner, recruiter, staff = provider_team()
        link = make_link(staff)
        return organisation.public_id, link.code


def test_staff_member_gets_a_personal_link_and_qr_code(app, client):
    with app.app_context():
        provider_team()
    sign_in(client, "staff-a@care.example")
    page = client.get("/referrals/").get_data(as_text=True)
    with app.app_context():
        link = db.session.execute(select(ReferralLink)).scalar_one()
        assert link.target_kind == "provider"
    assert f"http://localhost/r/{link.code}" in page
    assert "No friends yet" in page
    client.get("/referrals/")  # visiting again does not make a second link
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(ReferralLink)).scalar() == 1
    svg = client.get(f"/referrals/{link.code}/qr.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert svg.get_data(as_text=True).lstrip().startswith("<svg")


def test_friend_follows_the_link_fills_in_the_form_and_sees_the_provider(app, client, smtp):
    _, code = _team_and_link(app)
    landing = client.get(f"/r/{code}").get_data(as_text=True)
    assert "Sam thinks you would be great at Fordington House" in landing and "16 and over" in landing
    response = client.post(f"/r/{code}", data=FRIEND)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/r/{code}/thanks")
    thanks = client.get(f"/r/{code}/thanks").get_data(as_text=True)
    assert "Thank you" in thanks and "Fordington House" in thanks
    with app.app_context():
        lead = db.session.execute(select(Lead)).scalar_one()
        assert (lead.stage, lead.source, lead.email) == ("new", "link", "priya@example.com")
        assert lead.consent_at is not None and lead.confirmed_at is not None
        # No points until the friend confirms from their own inbox (test_referrals_trust.py).
        assert db.session.execute(select(PointsEntry.points)).first() is None
        run_job("send_outbox")
    message = smtp.wait_for("priya@example.com")[0]
    assert "Fordington House" in smtp.text_of(message) and smtp.html_of(message)
    assert message["List-Unsubscribe"] is None  # a direct answer to the friend's own request is essential


def test_form_needs_an_email_or_phone_and_consent_and_keeps_what_was_typed(app, client):
    _, code = _team_and_link(app)
    page = client.post(f"/r/{code}", data={"name": "Priya Shah", "email": "", "phone": "", "role": "care-worker"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Enter an email address or a phone number" in html
    assert "Tick the box so the provider may contact you" in html
    assert 'value="Priya Shah"' in html
    bad = client.post(f"/r/{code}", data={**FRIEND, "email": "", "phone": "12345"}).get_data(as_text=True)
    assert "Enter a UK phone number" in bad
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(Lead)).scalar() == 0


def test_phone_only_friend_is_stored_in_one_uk_format(app, client):
    _, code = _team_and_link(app)
    client.post(f"/r/{code}", data={**FRIEND, "email": "", "phone": "+44 (0)7700 900-123"})
    with app.app_context():
        assert db.session.execute(select(Lead.phone)).scalar_one() == "07700900123"


def test_the_form_is_rate_limited_per_address(app, client):
    _, code = _team_and_link(app)
    for i in range(20):
        assert client.post(f"/r/{code}", data={**FRIEND, "email": f"friend{i}@example.com"}).status_code == 302
    assert client.post(f"/r/{code}", data={**FRIEND, "email": "one-more@example.com"}).status_code == 429


def test_a_link_stops_working_when_the_provider_is_suspended_or_the_staff_member_leaves(app, client):
    with app.app_context():
        organisation, owner, recruiter, staff = provider_team()
        link = make_link(staff)
        code = link.code
        organisation.status = "suspended"
        db.session.commit()
    assert client.get(f"/r/{code}").status_code == 404
    assert client.get("/r/unknown-code").status_code == 404
    with app.app_context():
        from outreach.models.organisations import Organisation

        db.session.execute(select(Organisation)).scalar_one().status = "approved"
        db.session.commit()
    assert client.get(f"/r/{code}").status_code == 200
    sign_in(client, "owner-a@care.example")
    with app.app_context():
        staff_public_id = db.session.execute(select(ReferralLink)).scalar_one().user.public_id
    client.post(f"/organisation/members/{staff_public_id}/remove")
    assert client.get(f"/r/{code}").status_code == 404


def test_staff_see_their_friends_first_names_and_stages_but_no_contact_details(app, client):
    with app.app_context():
        organisation, owner, recruiter, staff = provider_team()
        make_lead(organisation, staff, name="Priya Shah", email="priya@example.com", phone="07700900123",
                  stage="interviewed")
    sign_in(client, "staff-a@care.example")
    page = client.get("/referrals/").get_data(as_text=True)
    assert "Priya" in page and "Interviewed" in page
    assert "Shah" not in page and "priya@example.com" not in page and "07700" not in page


def test_qr_code_of_another_providers_link_is_not_found(app, client):
    with app.app_context():
        _, _, _, staff_a = provider_team()
        provider_team("Trent Valley", "ST16 2AB", prefix="b")
        code = make_link(staff_a).code
    sign_in(client, "staff-b@care.example")
    assert client.get(f"/referrals/{code}/qr.svg").status_code == 404


def test_a_link_for_a_taster_needs_the_taster_to_exist(app, client):
    from tests.tasters.factories import make_taster

    with app.app_context():
        organisation, _, recruiter, _ = provider_team()
        taster_id = make_taster(organisation, recruiter, title="Buddy shift").public_id
    sign_in(client, "staff-a@care.example")
    client.post("/referrals/links", data={"target": "taster:nope"})
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(ReferralLink)).scalar() <= 1
    client.post("/referrals/links", data={"target": f"taster:{taster_id}"})
    with app.app_context():
        link = db.session.execute(select(ReferralLink).where(ReferralLink.target_kind == "taster")).scalar_one()
        assert link.target_title == "Buddy shift" and link.target_public_id == taster_id
        code = link.code
    assert "Buddy shift" in client.get(f"/r/{code}").get_data(as_text=True)


def test_times_are_stored_in_utc(app):
    with app.app_context():
        organisation, _, _, staff = provider_team()
        lead = make_lead(organisation, staff)
        assert lead.created_at.utcoffset().total_seconds() == 0
        assert clock.now().utcoffset().total_seconds() == 0
