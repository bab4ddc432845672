"""Recommend-a-friend trust rules: a staff member's form reveals nothing about who a friend already is
to the provider, points wait for the friend's own email confirmation, and the monthly cap is on."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from outreach import clock
from outreach.extensions import db
from outreach.jobs.runner import run_job
from outreach.models.audit import AuditEvent
from outreach.models.outbox import OutboxMessage
from outreach.models.referrals import Lead, PointsEntry, ReferralSettings
from outreach.referrals import leads, points
from tests.applications.factories import apply_for, make_applicant
from tests.factories import sign_in
from tests.referrals.factories import make_lead, make_link, provider_team
from tests.vacancies.factories import make_vacancy

FRIEND = {"name": "Priya Shah", "email": "priya@example.com", "phone": "", "role": "care-worker", "consent": "y"}


def _points(user_id=None) -> int:
    query = select(func.coalesce(func.sum(PointsEntry.points), 0))
    if user_id is not None:
        query = query.where(PointsEntry.user_id == user_id)
    return int(db.session.execute(query).scalar())


def _what_staff_see(html: str) -> tuple[str, str]:
    """The message shown after entering a friend, and the newest row of "Friends you have recommended"."""
    flash = re.search(r'<div class="flashes">(.*?)</div>', html, re.S).group(1)
    section = html[html.index('id="leads-title"'):]
    newest = re.search(r"<tr><td>.*?</tr>", section[section.index("<tbody"):] if "<tbody" in section else section,
                       re.S).group(0)
    return " ".join(flash.split()), newest


# --- 6. the staff form gives the same answer whatever the friend already is ----------------------

def test_staff_entry_answers_the_same_whatever_the_provider_already_knows_about_the_friend(app, client):
    """Every kind of existing record: none, a colleague's account, an open application, a lead of a
    colleague (confirmed or not), a friend who left or declined recently."""
    with app.app_context():
        organisation, _, recruiter, staff = provider_team()
        staff_id = staff.id
        vacancy = make_vacancy(organisation, recruiter)
        applicant = make_applicant("applied@example.com")
        apply_for(applicant, vacancy)
        make_lead(organisation, recruiter, email="open-lead@example.com", stage="contacted")
        make_lead(organisation, recruiter, email="waiting@example.com", confirmed=False, source="staff_entry")
        left = clock.now() - timedelta(days=30)
        make_lead(organisation, recruiter, email="left@example.com", stage="left", at=left - timedelta(days=200),
                  hired_at=left - timedelta(days=200), left_at=left)
        make_lead(organisation, recruiter, email="declined@example.com", stage="declined",
                  at=clock.now() - timedelta(days=60))
        db.session.commit()
    cases = ["nobody-yet@example.com", "recruiter-a@care.example", "applied@example.com", "open-lead@example.com",
             "waiting@example.com", "left@example.com", "declined@example.com"]
    sign_in(client, "staff-a@care.example")
    answers = set()
    for email in cases:
        response = client.post("/referrals/recommend", data={**FRIEND, "email": email})
        assert response.status_code == 302, email
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        answers.add((response.headers["Location"], _what_staff_see(page)))
    assert len(answers) == 1, "the staff member could tell the cases apart"
    with app.app_context():
        # Only the friend nobody knew gets the confirmation email; the others are settled quietly.
        sent = set(db.session.execute(select(OutboxMessage.to_address)
                                      .where(OutboxMessage.template == "referral_confirm")).scalars())
        assert sent == {"nobody-yet@example.com"}
        refused = db.session.execute(select(func.count()).select_from(AuditEvent)
                                     .where(AuditEvent.action == "referral.refused")).scalar()
        assert refused == len(cases) - 1
        assert _points(staff_id) == 0
    # A quietly refused lead ends as any unanswered one does.
    with app.app_context():
        clock.freeze(clock.now() + timedelta(days=15))
        run_job("chase_leads")
        mine = db.session.execute(select(Lead.stage).where(Lead.referrer_id == staff_id)).scalars().all()
        assert mine == ["cold"] * len(cases)


def test_self_referral_still_gets_its_clear_message(app, client):
    with app.app_context():
        provider_team()
    sign_in(client, "staff-a@care.example")
    page = client.post("/referrals/recommend", data={**FRIEND, "email": "Staff-A@care.example"}).get_data(as_text=True)
    assert "That is your own email address" in page


# --- 7. points wait for the friend's own email; the cap is on by default ------------------------

def test_a_friend_entered_through_the_staff_members_own_link_earns_nothing_until_confirmed(app, client, smtp):
    with app.app_context():
        organisation, _, recruiter, staff = provider_team()
        code = make_link(staff).code
        staff_id = staff.id
    # The staff member fills in their own public link with an address they say is a friend's.
    assert client.post(f"/r/{code}", data=FRIEND).status_code == 302
    with app.app_context():
        assert _points(staff_id) == 0
        lead = db.session.execute(select(Lead)).scalar_one()
        public_id = lead.public_id
    recruiter_client = app.test_client()
    sign_in(recruiter_client, "recruiter-a@care.example")
    recruiter_client.post(f"/referrals/leads/{public_id}", data={"stage": "applied"})
    with app.app_context():
        assert db.session.get(Lead, lead.id).stage == "applied"
        assert _points(staff_id) == 0  # progress waits too
        run_job("send_outbox")
    message = smtp.wait_for("priya@example.com")[0]
    link = smtp.link_in(message, "/referrals/respond/")
    friend = app.test_client()
    page = friend.get(link).get_data(as_text=True)
    assert "Yes, it was me" in page
    friend.post(link, data={"action": "confirm"})
    with app.app_context():
        lead = db.session.get(Lead, lead.id)
        assert lead.email_confirmed_at is not None
        assert _points(staff_id) == 5 + 10  # the share and the stage already reached
        friend.post(link, data={"action": "confirm"})
        assert _points(staff_id) == 15  # never twice


def test_a_phone_only_friend_earns_no_points_even_when_hired(app, client):
    with app.app_context():
        organisation, _, _, staff = provider_team()
        code = make_link(staff).code
        staff_id = staff.id
    client.post(f"/r/{code}", data={**FRIEND, "email": "", "phone": "07700 900123"})
    with app.app_context():
        public_id = db.session.execute(select(Lead.public_id)).scalar_one()
    recruiter = app.test_client()
    sign_in(recruiter, "recruiter-a@care.example")
    assert recruiter.post(f"/referrals/leads/{public_id}", data={"stage": "hired"}).status_code == 302
    with app.app_context():
        assert db.session.execute(select(Lead.stage)).scalar_one() == "hired"
        assert _points(staff_id) == 0


def test_applying_with_an_account_from_the_friends_address_confirms_it(app):
    with app.app_context():
        organisation, _, recruiter, staff = provider_team()
        link = make_link(staff)
        with app.test_request_context():
            leads.submit_friend_form(link, name="Priya Shah", email="priya@example.com", phone=None,
                                     role_slug="care-worker", ip="10.0.0.1")
        assert _points(staff.id) == 0
        vacancy = make_vacancy(organisation, recruiter)
        apply_for(make_applicant("Priya@Example.com"), vacancy)
        lead = db.session.execute(select(Lead)).scalar_one()
        assert lead.stage == "applied" and lead.email_confirmed_at is not None
        assert _points(staff.id) == 5 + 10


def test_the_monthly_cap_is_on_by_default_for_new_and_existing_providers(app, client):
    with app.app_context():
        organisation, _, _, staff = provider_team()
        settings = points.settings_for(organisation.id)
        assert settings.monthly_share_cap == points.DEFAULT_MONTHLY_SHARE_CAP > 0
        db.session.commit()
        link = make_link(staff)
        clock.freeze(datetime(2026, 3, 10, 12, tzinfo=timezone.utc))
        per_share = settings.points_new
        friends = points.DEFAULT_MONTHLY_SHARE_CAP // per_share + 3
        with app.test_request_context():
            for i in range(friends):
                lead = leads.submit_friend_form(link, name=f"Friend {i}", email=f"f{i}@example.com", phone=None,
                                                role_slug="care-worker", ip=f"10.0.{i // 200}.{i % 200}")
                leads.respond(leads.response_token(lead), "confirm")
        assert _points(staff.id) == points.DEFAULT_MONTHLY_SHARE_CAP
    sign_in(client, "recruiter-a@care.example")
    page = client.get("/referrals/settings").get_data(as_text=True)
    assert f'value="{points.DEFAULT_MONTHLY_SHARE_CAP}"' in page
    with app.app_context():
        assert db.session.execute(select(ReferralSettings.monthly_share_cap)).scalar_one() \
            == points.DEFAULT_MONTHLY_SHARE_CAP
