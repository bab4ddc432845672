"""The referral jobs: chasing friends, the recruiters' digest and the 3/6-month checks.

Each reminder is claimed in the transaction that queues its email, so running a job twice,
two schedulers at once, or a crash mid-run never sends anything twice. These tests run on
SQLite and (with TEST_DATABASE_URL) on PostgreSQL.
"""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from outreach import clock
from outreach.applications.queries import WaitingItem
from outreach.extensions import db
from outreach.jobs.runner import run_job
from outreach.models.outbox import JobRun, OutboxMessage
from outreach.models.referrals import Lead, LeadStageChange
from outreach.models.reminders import ReminderSent
from tests.referrals.factories import make_lead, make_link, provider_team

MORNING = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)  # 10:00 in the UK (GMT)


def _count(model, *where) -> int:
    return db.session.execute(select(func.count()).select_from(model).where(*where)).scalar()


def _chases() -> list[str]:
    return list(db.session.execute(
        select(OutboxMessage.key).where(OutboxMessage.template == "referral_chase").order_by(OutboxMessage.id)
    ).scalars())


def test_friends_are_chased_after_2_and_7_days_then_go_cold_after_14(app, smtp):
    with app.app_context():
        clock.freeze(MORNING)
        organisation, _, _, staff = provider_team()
        link = make_link(staff)
        lead = make_lead(organisation, staff, link=link)
        for days, expected in ((1, 0), (2, 1), (3, 1), (7, 2), (8, 2), (13, 2)):
            clock.freeze(MORNING + timedelta(days=days, hours=1))
            run_job("chase_leads")
            run_job("chase_leads")
            assert len(_chases()) == expected, days
        run_job("send_outbox")
        messages = smtp.wait_for("priya@example.com", 2)
        assert len(messages) == 2
        first = messages[0]
        assert "Fordington House" in smtp.text_of(first) and f"/r/{link.code}/thanks" in smtp.text_of(first)
        assert first["List-Unsubscribe"].strip().startswith("<http://localhost/unsubscribe/")
        assert "/unsubscribe/" in smtp.text_of(first) and "Unsubscribe" in smtp.html_of(first)
        clock.freeze(MORNING + timedelta(days=14, hours=1))
        run_job("chase_leads")
        lead = db.session.get(Lead, lead.id)
        assert lead.stage == "cold" and lead.cold_at is not None
        assert lead.email == "priya@example.com"  # a confirmed friend's details are kept for now
        change = db.session.execute(select(LeadStageChange).order_by(LeadStageChange.id.desc())).scalars().first()
        assert (change.from_stage, change.to_stage, change.by_id) == ("new", "cold", None)
        run = db.session.execute(
            select(JobRun).where(JobRun.job == "chase_leads").order_by(JobRun.id.desc())).scalars().first()
        assert run.processed >= 1 and run.failures == 0


def test_progress_restarts_the_clock_and_closed_or_phone_only_leads_are_not_emailed(app):
    with app.app_context():
        clock.freeze(MORNING)
        organisation, _, _, staff = provider_team()
        make_lead(organisation, staff, stage="applied", email="applied@example.com")
        make_lead(organisation, staff, stage="declined", email="declined@example.com")
        make_lead(organisation, staff, email=None, phone="07700900123")
        recent = make_lead(organisation, staff, email="recent@example.com", at=MORNING + timedelta(days=5))
        clock.freeze(MORNING + timedelta(days=6))
        run_job("chase_leads")
        assert _chases() == []
        assert db.session.get(Lead, recent.id).stage == "new"


def test_no_reminders_at_night_uk_time(app):
    with app.app_context():
        clock.freeze(MORNING)
        organisation, _, _, staff = provider_team()
        make_lead(organisation, staff)
        make_lead(organisation, staff, email="old@example.com", at=MORNING - timedelta(days=5))
        clock.freeze(datetime(2026, 3, 4, 22, 30, tzinfo=timezone.utc))  # 22:30 GMT
        run_job("chase_leads")
        assert _chases() == []
        clock.freeze(datetime(2026, 3, 5, 8, 30, tzinfo=timezone.utc))
        run_job("chase_leads")
        assert len(_chases()) == 2
        clock.freeze(datetime(2026, 3, 12, 23, 0, tzinfo=timezone.utc))
        run_job("chase_leads")  # going cold is not an email, so it happens at night too
        assert _count(Lead, Lead.stage == "cold") == 1


def test_unsubscribed_friends_are_not_chased(app, client):
    from outreach.mail import unsubscribe

    with app.app_context():
        clock.freeze(MORNING)
        organisation, _, _, staff = provider_team()
        make_lead(organisation, staff)
        make_lead(organisation, staff, email="keen@example.com", name="Keen Person")
        with app.test_request_context():
            token = unsubscribe.token_for("Priya@Example.com")
    # a mail client's one-click
    assert client.post(f"/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"}).status_code == 200
    with app.app_context():
        clock.freeze(MORNING + timedelta(days=2, hours=1))
        result = run_job("chase_leads")
        assert db.session.execute(select(OutboxMessage.to_address)).scalars().all() == ["keen@example.com"]
        assert result.emails_queued == 1


def test_two_schedulers_at_once_send_each_chase_once(app):
    with app.app_context():
        clock.freeze(MORNING)
        organisation, _, _, staff = provider_team()
        lead_ids = [make_lead(organisation, staff, email=f"friend{i}@example.com", at=MORNING - timedelta(days=3)).id
                    for i in range(120)]
        for i in range(60):
            make_lead(organisation, staff, email=f"old{i}@example.com", at=MORNING - timedelta(days=15))
    barrier = threading.Barrier(2)
    errors = []

    def scheduler():
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                for _ in range(3):
                    run_job("chase_leads")
            except Exception as error:  # pragma: no cover - reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with app.app_context():
        assert not errors
        keys = _chases()
        assert len(keys) == len(set(keys)) == 120
        assert _count(ReminderSent, ReminderSent.job == "chase_leads") == 120
        assert _count(Lead, Lead.stage == "cold") == 60
        assert _count(LeadStageChange, LeadStageChange.to_stage == "cold") == 60
        assert _count(JobRun, JobRun.job == "chase_leads", JobRun.failures > 0) == 0
        assert len(lead_ids) == 120


def test_a_crash_mid_run_leaves_no_claim_without_its_email(app, monkeypatch):
    from outreach.referrals import chasing

    with app.app_context():
        clock.freeze(MORNING)
        organisation, _, _, staff = provider_team()
        for i in range(5):
            make_lead(organisation, staff, email=f"friend{i}@example.com", at=MORNING - timedelta(days=3))

        def crash(emails):
            raise RuntimeError("SMTP relay fell over while queuing")

        monkeypatch.setattr(chasing, "queue_many", crash)
        result = run_job("chase_leads")
        assert result.failures == 1
        assert _count(ReminderSent) == 0 and _chases() == []
        monkeypatch.undo()
        run_job("chase_leads")
        run_job("chase_leads")
        assert len(_chases()) == 5 and _count(ReminderSent) == 5


def test_recruiters_get_one_digest_a_day_of_what_has_waited_over_3_days(app, smtp, monkeypatch):
    with app.app_context():
        clock.freeze(MORNING)
        organisation, owner, recruiter, staff = provider_team()
        provider_team("Trent Valley", "ST16 2AB", prefix="b")  # nothing waiting: no digest
        make_lead(organisation, staff, name="Waiting Walker", email="w@example.com", at=MORNING - timedelta(days=4))
        make_lead(organisation, staff, name="Fresh Face", email="f@example.com", at=MORNING - timedelta(days=1))
        make_lead(organisation, staff, name="Unconfirmed Una", email="u@example.com", confirmed=False,
                  at=MORNING - timedelta(days=5), source="staff_entry")

        def waiting(org, older_than):
            if org.id != organisation.id:
                return []
            return [WaitingItem("An application for Care worker", MORNING - timedelta(days=5), "/applications/x")]

        monkeypatch.setattr("outreach.referrals.recruiter_emails.waiting_applications", waiting)
        run_job("recruiter_digest")
        run_job("recruiter_digest")
        run_job("send_outbox")
        assert len(smtp.wait_for("owner-a@care.example")) == 1
        message = smtp.wait_for("recruiter-a@care.example")[0]
        body = smtp.text_of(message)
        assert "Waiting" in body and "Fresh" not in body and "Una" not in body
        assert "An application for Care worker" in body and message["List-Unsubscribe"]
        assert smtp.to("staff-a@care.example") == [] and smtp.to("recruiter-b@care.example") == []
        clock.freeze(MORNING + timedelta(days=1))
        run_job("recruiter_digest")
        assert _count(OutboxMessage, OutboxMessage.template == "referral_digest") == 4


def test_providers_are_asked_at_3_and_6_months_whether_a_referred_hire_is_still_there(app, client, smtp):
    from tests.factories import sign_in

    with app.app_context():
        clock.freeze(MORNING)
        organisation, _, _, staff = provider_team()
        lead = make_lead(organisation, staff, stage="hired", hired_at=MORNING - timedelta(days=60))
        public_id = lead.public_id
        run_job("employment_checks")
        assert _count(OutboxMessage) == 0
        clock.freeze(MORNING + timedelta(days=31))
        run_job("employment_checks")
        run_job("employment_checks")
        assert _count(OutboxMessage, OutboxMessage.template == "referral_employment_check") == 2  # owner, recruiter
        run_job("send_outbox")
    message = smtp.wait_for("recruiter-a@care.example")[0]
    assert "Is Priya still with you?" in message["Subject"]
    sign_in(client, "recruiter-a@care.example")
    client.post(smtp.link_in(message, "/referrals/leads/") + "/still-employed", data={"still_employed": "yes"})
    with app.app_context():
        assert db.session.execute(select(Lead.stage).where(Lead.public_id == public_id)).scalar() == "employed_3m"
        clock.freeze(MORNING + timedelta(days=125))
        run_job("employment_checks")
        assert _count(OutboxMessage, OutboxMessage.template == "referral_employment_check") == 4


def test_the_jobs_are_listed_with_their_schedules(app):
    output = app.test_cli_runner().invoke(args=["jobs", "list"]).output
    for name in ("chase_leads", "recruiter_digest", "employment_checks", "retention_purge"):
        assert name in output
    assert "daily at 08:30 UK time" in output  # the recruiters' digest
