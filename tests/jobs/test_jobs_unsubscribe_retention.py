"""Unsubscribing from non-essential email, the retention purge, and the job pages."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from outreach import clock
from outreach.extensions import db
from outreach.jobs.runner import run_job
from outreach.mail import queue_email, unsubscribe
from outreach.models.accounts import User
from outreach.models.outbox import EmailUnsubscribe, OutboxMessage
from outreach.models.referrals import Lead, LeadStageChange, PointsEntry
from tests.factories import make_user, sign_in
from tests.referrals.factories import make_lead, provider_team

MORNING = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)


def _queue(to: str, key: str, essential: bool):
    return queue_email(to=to, template="account_exists", subject="Hello", key=key, essential=essential,
                       user_name="Sam", sign_in_url="/account/sign-in", reset_url="/account/forgot-password")


def test_existing_callers_still_queue_essential_mail_without_an_unsubscribe_link(app, smtp):
    with app.test_request_context():
        message = queue_email(to="sam@example.com", template="account_exists", subject="Hi", key="k1",
                              user_name="Sam", sign_in_url="/", reset_url="/")
        assert message.essential is True and "/unsubscribe/" not in message.body_text
        db.session.commit()
        run_job("send_outbox")
    received = smtp.wait_for("sam@example.com")[0]
    assert received["List-Unsubscribe"] is None


def test_unsubscribe_link_confirms_then_honours_and_can_be_undone(app, client, smtp):
    with app.test_request_context():
        _queue("Sam@Example.com", "r1", essential=False)
        db.session.commit()
        run_job("send_outbox")
    received = smtp.wait_for("sam@example.com")[0]
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = smtp.link_in(received, "/unsubscribe/")
    assert received["List-Unsubscribe"].strip() == f"<http://localhost{link}>"
    page = client.get(link)
    assert page.status_code == 200 and "Unsubscribe from reminders" in page.get_data(as_text=True)
    with app.app_context():
        # GET alone does not
        assert db.session.execute(select(func.count()).select_from(EmailUnsubscribe)).scalar() == 0
    assert "You have unsubscribed" in client.post(link, data={"action": "unsubscribe"},
                                                  follow_redirects=True).get_data(as_text=True)
    client.post(link, data={"List-Unsubscribe": "One-Click"})  # a mail client's one-click POST, again: idempotent
    with app.test_request_context():
        assert _queue("sam@example.com", "r2", essential=False) is None
        assert _queue("sam@example.com", "r3", essential=True) is not None  # essential mail still goes
        db.session.commit()
    assert "You will get these emails again" in client.post(link, data={"action": "resubscribe"},
                                                            follow_redirects=True).get_data(as_text=True)
    with app.test_request_context():
        assert _queue("sam@example.com", "r4", essential=False) is not None
    assert client.get("/unsubscribe/" + link.rsplit("/", 1)[1][:-3] + "xyz").status_code == 400


def test_unsubscribing_by_account_covers_the_account(app):
    with app.test_request_context():
        user = make_user("applicant", "jo@example.com")
        unsubscribe.unsubscribe(unsubscribe.token_for("jo@example.com"))
        assert unsubscribe.is_unsubscribed("other@example.com", user) is True
        row = db.session.execute(select(EmailUnsubscribe)).scalar_one()
        assert row.user_id == user.id


def test_the_sender_skips_mail_to_someone_who_unsubscribed_after_it_was_queued(app, smtp):
    with app.test_request_context():
        _queue("late@example.com", "late1", essential=False)
        db.session.commit()
        unsubscribe.unsubscribe(unsubscribe.token_for("late@example.com"))
        run_job("send_outbox")
        assert db.session.execute(select(OutboxMessage.status)).scalar() == "skipped"
    assert smtp.messages == []


def test_retention_anonymises_old_leads_and_keeps_the_points_ledger(app):
    from outreach.referrals import leads

    with app.app_context():
        clock.freeze(MORNING)
        organisation, _, _, staff = provider_team()
        cold = make_lead(organisation, staff, email="cold@example.com", stage="cold", at=MORNING - timedelta(days=200))
        recent = make_lead(organisation, staff, email="recent@example.com", stage="cold",
                           at=MORNING - timedelta(days=30))
        active = make_lead(organisation, staff, email="active@example.com", stage="applied",
                           at=MORNING - timedelta(days=400))
        leads.set_stage(db.session.get(Lead, active.id), "interviewed", by=staff, reason="Met Active at the fair",
                        now=MORNING)
        db.session.add(LeadStageChange(lead_id=cold.id, from_stage="new", to_stage="contacted", by_id=staff.id,
                                       at=MORNING - timedelta(days=210), reason="Called Cold on 07700900123"))
        db.session.commit()
        points_before = db.session.execute(select(func.count()).select_from(PointsEntry)).scalar()
        run_job("retention_purge")
        rows = {lead.id: lead for lead in db.session.execute(select(Lead)).scalars()}
        assert rows[cold.id].email is None and rows[cold.id].friend_name == "(removed)"
        assert rows[cold.id].email_digest is not None  # still recognised for the 12-month rule
        assert rows[recent.id].email == "recent@example.com" and rows[active.id].email == "active@example.com"
        reasons = db.session.execute(select(LeadStageChange.reason).where(LeadStageChange.lead_id == cold.id)).scalars()
        assert not any(r and "07700" in r for r in reasons)
        assert db.session.execute(select(func.count()).select_from(PointsEntry)).scalar() == points_before
        clock.freeze(MORNING + timedelta(days=200))
        run_job("retention_purge")
        assert db.session.get(Lead, cold.id).email_digest is None


def test_retention_removes_pupils_inactive_for_12_months(app):
    with app.app_context():
        clock.freeze(MORNING - timedelta(days=400))
        old = make_user("pupil", "old-pupil@example.com")
        old_id = old.id
        clock.freeze(MORNING - timedelta(days=30))
        make_user("pupil", "active-pupil@example.com")
        clock.freeze(MORNING - timedelta(days=400))
        make_user("applicant", "old-applicant@example.com")
        clock.freeze(MORNING)
        run_job("retention_purge")
        emails = set(db.session.execute(select(User.email)).scalars())
        assert "old-pupil@example.com" not in emails
        assert {"active-pupil@example.com", "old-applicant@example.com"} <= emails
        assert db.session.get(User, old_id) is None or db.session.get(User, old_id).is_disabled


def test_retention_clears_old_email_bodies(app):
    with app.test_request_context():
        clock.freeze(MORNING - timedelta(days=100))
        message = _queue("someone@example.com", "old-mail", essential=True)
        message.status, message.sent_at = "sent", clock.now()
        _queue("pending@example.com", "pending-mail", essential=True)
        db.session.commit()
        clock.freeze(MORNING)
        run_job("retention_purge")
        assert db.session.execute(select(OutboxMessage.key)).scalars().all() == ["pending-mail"]


def test_provider_owners_see_job_runs_and_only_their_organisations_email(app, client):
    with app.app_context():
        clock.freeze(MORNING)
        organisation, _, _, staff = provider_team()
        other, _, _, other_staff = provider_team("Trent Valley", "ST16 2AB", prefix="b")
        make_lead(organisation, staff, email="ours@example.com", at=MORNING - timedelta(days=3))
        make_lead(other, other_staff, email="theirs@example.com", at=MORNING - timedelta(days=3))
        run_job("chase_leads")
        run_job("send_outbox")
    sign_in(client, "owner-a@care.example")
    page = client.get("/organisation/jobs").get_data(as_text=True)
    assert "chase_leads" in page and "ours@example.com" in page and "theirs@example.com" not in page
    assert "Fordington House would love to hear from you" in page
    admin = app.test_client()
    with app.app_context():
        make_user("admin", "admin@careways.example")
    sign_in(admin, "admin@careways.example")
    html = admin.get("/admin/jobs/").get_data(as_text=True)
    assert "Emails sent" in html and "retention_purge" in html
    recruiter = app.test_client()
    sign_in(recruiter, "recruiter-a@care.example")
    assert recruiter.get("/organisation/jobs").status_code == 403


def test_emails_sent_counts_what_the_outbox_delivered_during_a_run(app, smtp):
    from outreach.jobs import status

    with app.test_request_context():
        for i in range(3):
            _queue(f"p{i}@example.com", f"count-{i}", essential=True)
        db.session.commit()
        run_job("send_outbox")
        rows = {job.name: sent for job, run, sent in status.job_rows()}
        assert rows["send_outbox"] == 3
        assert rows["chase_leads"] is None  # never run
