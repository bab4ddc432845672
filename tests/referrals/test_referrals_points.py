"""Reward points: per-stage awards, the new-to-care bonus, the monthly cap, the append-only ledger,
the leaderboard, settings, and stages moved by applications."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DatabaseError

from outreach import clock
from outreach.extensions import db
from outreach.models.referrals import Lead, LedgerIsAppendOnly, PointsEntry, ReferralSettings
from outreach.referrals import leads, points
from tests.factories import sign_in
from tests.referrals.factories import make_lead, make_link, provider_team


def _ledger(user_id=None) -> list[tuple[str, int]]:
    query = select(PointsEntry.reason, PointsEntry.points).order_by(PointsEntry.id)
    if user_id:
        query = query.where(PointsEntry.user_id == user_id)
    return [tuple(row) for row in db.session.execute(query).all()]


def test_points_for_each_stage_including_stages_jumped_and_the_new_to_care_bonus(app, client):
    with app.app_context():
        organisation, _, recruiter, staff = provider_team()
        lead = make_lead(organisation, staff)
        public_id = lead.public_id
    sign_in(client, "recruiter-a@care.example")
    client.post(f"/referrals/leads/{public_id}", data={"stage": "contacted", "reason": "Rang her"})
    client.post(f"/referrals/leads/{public_id}", data={"stage": "hired", "new_to_care": "y"})
    with app.app_context():
        assert _ledger() == [("stage:applied", 10), ("stage:interviewed", 20), ("stage:hired", 100),
                             ("bonus:new-to-care", 50)]
        lead = db.session.execute(select(Lead)).scalar_one()
        assert lead.hired_at is not None
    # Moving again never awards twice.
    client.post(f"/referrals/leads/{public_id}", data={"stage": "interviewed"})
    client.post(f"/referrals/leads/{public_id}", data={"stage": "hired", "new_to_care": "y"})
    with app.app_context():
        assert len(_ledger()) == 4
    staff_client = app.test_client()
    sign_in(staff_client, "staff-a@care.example")
    assert "180" in staff_client.get("/referrals/").get_data(as_text=True)


def test_stage_changes_are_recorded_with_who_when_and_why(app, client):
    with app.app_context():
        organisation, _, _, staff = provider_team()
        public_id = make_lead(organisation, staff).public_id
    sign_in(client, "recruiter-a@care.example")
    client.post(f"/referrals/leads/{public_id}", data={"stage": "contacted", "reason": "Left a voicemail"})
    page = client.get(f"/referrals/leads/{public_id}").get_data(as_text=True)
    assert "Left a voicemail" in page and "Raj" in page and "New → Contacted" in page
    same = client.post(f"/referrals/leads/{public_id}", data={"stage": "contacted"}).get_data(as_text=True)
    assert "already at contacted" in same


def test_the_monthly_cap_limits_points_for_shares_only(app):
    with app.app_context():
        organisation, _, _, staff = provider_team()
        settings = points.settings_for(organisation.id)
        settings.monthly_share_cap = 12
        db.session.commit()
        link = make_link(staff)
        clock.freeze(datetime(2026, 3, 10, 12, tzinfo=timezone.utc))
        with app.test_request_context():
            for i in range(4):
                lead = leads.submit_friend_form(link, name=f"Friend {i}", email=f"f{i}@example.com", phone=None,
                                                role_slug="care-worker", ip=f"10.0.0.{i}")
                leads.respond(leads.response_token(lead), "confirm")
        assert [p for _, p in _ledger()] == [5, 5, 2, 0]
        clock.freeze(datetime(2026, 4, 2, 12, tzinfo=timezone.utc))  # a new month (UK time)
        with app.test_request_context():
            lead = leads.submit_friend_form(link, name="Friend 5", email="f5@example.com", phone=None,
                                            role_slug="care-worker", ip="10.0.0.9")
            leads.respond(leads.response_token(lead), "confirm")
        assert _ledger()[-1] == ("stage:new", 5)


def test_the_points_ledger_is_append_only(app):
    with app.app_context():
        organisation, _, _, staff = provider_team()
        make_lead(organisation, staff)
        lead = db.session.execute(select(Lead)).scalar_one()
        leads.set_stage(lead, "applied", by=None, reason=None, now=clock.now())
        db.session.commit()
        entry = db.session.execute(select(PointsEntry)).scalar_one()
        entry.points = 1000
        with pytest.raises(LedgerIsAppendOnly):
            db.session.commit()
        db.session.rollback()
        entry = db.session.execute(select(PointsEntry)).scalar_one()
        db.session.delete(entry)
        with pytest.raises(LedgerIsAppendOnly):
            db.session.commit()
        db.session.rollback()
        with pytest.raises(LedgerIsAppendOnly):
            db.session.execute(update(PointsEntry).values(points=0))
        db.session.rollback()
        with pytest.raises(LedgerIsAppendOnly):
            db.session.execute(delete(PointsEntry))
        db.session.rollback()
        with pytest.raises(DatabaseError):  # the database refuses too, even raw SQL
            db.session.execute(text("UPDATE points_entries SET points = 0"))
        db.session.rollback()
        if db.engine.dialect.name == "postgresql":
            with pytest.raises(DatabaseError):
                db.session.execute(text("DELETE FROM points_entries"))
            db.session.rollback()
        assert db.session.execute(select(PointsEntry.points)).scalar_one() == 10


def test_leaderboard_is_opt_in_and_shows_first_names_only(app, client):
    with app.app_context():
        organisation, owner, recruiter, staff = provider_team()
        points.settings_for(organisation.id).leaderboard_enabled = True
        db.session.commit()
        lead = make_lead(organisation, recruiter)
        leads.set_stage(lead, "hired", by=None, reason=None, now=clock.now())
        db.session.commit()
    sign_in(client, "staff-a@care.example")
    page = client.get("/referrals/").get_data(as_text=True)
    assert "Join the leaderboard" in page and "Raj" not in page
    client.post("/referrals/leaderboard", data={"opt_in": "yes"})
    page = client.get("/referrals/").get_data(as_text=True)
    assert "Sam T. (you)" in page and "Raj" not in page  # Raj has not opted in
    other = app.test_client()
    sign_in(other, "recruiter-a@care.example")
    other.post("/referrals/leaderboard", data={"opt_in": "yes"})
    page = client.get("/referrals/").get_data(as_text=True)
    assert page.index("Raj T.") < page.index("Sam T.")
    client.post("/referrals/leaderboard", data={"opt_in": "no"})
    assert "Sam T." not in other.get("/referrals/").get_data(as_text=True)


def test_settings_form_saves_and_refuses_bad_numbers(app, client):
    with app.app_context():
        provider_team()
    sign_in(client, "recruiter-a@care.example")
    form = {"points_new": "1", "points_applied": "2", "points_interviewed": "3", "points_hired": "4",
            "points_employed_3m": "5", "points_employed_6m": "6", "new_to_care_bonus": "7", "monthly_share_cap": "",
            "leaderboard_enabled": "y"}
    assert client.post("/referrals/settings", data=form).status_code == 302
    with app.app_context():
        settings = db.session.execute(select(ReferralSettings)).scalar_one()
        assert (settings.points_hired, settings.monthly_share_cap, settings.leaderboard_enabled) == (4, None, True)
    page = client.post("/referrals/settings", data={**form, "points_hired": "-3", "points_new": "lots"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Use a whole number from 0 to 100,000" in html and 'value="lots"' in html
    staff = app.test_client()
    sign_in(staff, "staff-a@care.example")
    assert staff.post("/referrals/settings", data=form).status_code == 403


def test_advance_lead_for_application_moves_forward_only_and_awards_points(app):
    with app.app_context():
        organisation, _, _, staff = provider_team()
        other, _, _, _ = provider_team("Trent Valley", "ST16 2AB", prefix="b")
        make_lead(organisation, staff, email="priya@example.com")
        assert leads.advance_lead_for_application(other, "priya@example.com", "applied") is None
        assert leads.advance_lead_for_application(organisation, "nobody@example.com", "applied") is None
        moved = leads.advance_lead_for_application(organisation, " Priya@Example.com ", "interviewed")
        db.session.commit()
        assert moved.stage == "interviewed"
        assert leads.advance_lead_for_application(organisation, "priya@example.com", "applied") is None
        leads.advance_lead_for_application(organisation, "priya@example.com", "hired")
        db.session.commit()
        assert [r for r, _ in _ledger()] == ["stage:applied", "stage:interviewed", "stage:hired"]
        assert leads.advance_lead_for_application(organisation, "priya@example.com", "declined") is None
        with pytest.raises(ValueError):
            leads.advance_lead_for_application(organisation, "priya@example.com", "employed_6m")


def test_an_unconfirmed_lead_is_not_moved_by_an_application(app):
    with app.app_context():
        organisation, _, _, staff = provider_team()
        make_lead(organisation, staff, confirmed=False, source="staff_entry")
        assert leads.advance_lead_for_application(organisation, "priya@example.com", "applied") is None


def test_still_employed_checks_award_points_or_mark_the_friend_as_left(app, client):
    hired = datetime(2026, 1, 5, 10, tzinfo=timezone.utc)
    with app.app_context():
        organisation, _, _, staff = provider_team()
        keep = make_lead(organisation, staff, email="keep@example.com", stage="hired", hired_at=hired).public_id
        gone = make_lead(organisation, staff, email="gone@example.com", stage="hired", hired_at=hired).public_id
    sign_in(client, "recruiter-a@care.example")
    clock.freeze(hired + timedelta(days=40))
    early = client.post(f"/referrals/leads/{keep}/still-employed", data={"still_employed": "yes"})
    assert early.status_code == 400 and "no check due" in early.get_data(as_text=True)
    clock.freeze(hired + timedelta(days=95))
    assert "still with you after 3 months" in client.get(f"/referrals/leads/{keep}").get_data(as_text=True)
    client.post(f"/referrals/leads/{keep}/still-employed", data={"still_employed": "yes"})
    client.post(f"/referrals/leads/{gone}/still-employed", data={"still_employed": "no"})
    clock.freeze(hired + timedelta(days=185))
    client.post(f"/referrals/leads/{keep}/still-employed", data={"still_employed": "yes"})
    with app.app_context():
        stages = dict(db.session.execute(select(Lead.public_id, Lead.stage)).all())
        assert stages == {keep: "employed_6m", gone: "left"}
        assert db.session.execute(select(Lead.left_at).where(Lead.public_id == gone)).scalar() is not None
        reasons = [r for r, _ in _ledger()]
        assert reasons.count("stage:employed_3m") == 1 and reasons.count("stage:employed_6m") == 1


def test_recruiters_of_another_provider_cannot_see_or_move_a_lead(app, client):
    with app.app_context():
        organisation, _, _, staff = provider_team()
        provider_team("Trent Valley", "ST16 2AB", prefix="b")
        public_id = make_lead(organisation, staff).public_id
    sign_in(client, "recruiter-b@care.example")
    assert client.get(f"/referrals/leads/{public_id}").status_code == 404
    assert client.post(f"/referrals/leads/{public_id}", data={"stage": "hired"}).status_code == 404
    assert "Priya" not in client.get("/referrals/leads").get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(func.count()).select_from(PointsEntry)).scalar() == 0


def test_leads_list_filters_by_stage_and_pages(app, client):
    with app.app_context():
        organisation, _, _, staff = provider_team()
        for i in range(30):
            make_lead(organisation, staff, name=f"Friend{i:02d} Person", email=f"f{i}@example.com",
                      stage="applied" if i % 2 else "new")
    sign_in(client, "recruiter-a@care.example")
    first = client.get("/referrals/leads").get_data(as_text=True)
    assert "Page 1 of 2" in first
    applied = client.get("/referrals/leads?stage=applied").get_data(as_text=True)
    assert "Friend01" in applied and "Friend02" not in applied
    assert client.get("/referrals/leads?stage=nonsense&page=x").status_code == 200
    assert "No leads at this stage" in client.get("/referrals/leads?stage=hired").get_data(as_text=True)
