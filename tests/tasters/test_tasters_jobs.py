"""The taster jobs: each run twice must never send anything twice, and quiet hours hold them."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from outreach import clock
from outreach.extensions import db
from outreach.jobs import tasters as jobs
from outreach.jobs.runner import run_job
from outreach.models.audit import AuditEvent
from outreach.models.outbox import OutboxMessage
from outreach.models.signups import GuardianConsent, SignUp
from outreach.tasters import after, consent, signups
from tests.tasters.factories import MONDAY_10AM, book, consent_token, make_provider, make_taster, make_visitor, outbox


def count(template: str, to: str | None = None) -> int:
    query = select(func.count()).select_from(OutboxMessage).where(OutboxMessage.template == template)
    if to:
        query = query.where(OutboxMessage.to_address == to)
    return db.session.execute(query).scalar()


def twice(job, when):
    clock.freeze(when)
    first = job(when)
    second = job(when)
    return first, second


def test_guardians_are_reminded_once_after_two_days_with_a_fresh_link(app, client):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        session = make_taster(organisation, recruiter, sessions=((10, 2),)).sessions[0]
        book(make_visitor(15), session)
        old_token = consent_token()
        assert jobs.remind_guardians(MONDAY_10AM + timedelta(days=1)).emails_queued == 0
        first, second = twice(jobs.remind_guardians, MONDAY_10AM + timedelta(days=2, hours=1))
        assert (first.emails_queued, second.emails_queued) == (1, 0)
        assert count("taster_consent_reminder", "parent@home.example") == 1
        new_token = consent_token()
    assert new_token != old_token
    assert client.get(f"/tasters/consent/{old_token}").status_code == 400
    assert client.get(f"/tasters/consent/{new_token}").status_code == 200


def test_quiet_hours_hold_reminders_until_morning(app):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        session = make_taster(organisation, recruiter, sessions=((10, 2),)).sessions[0]
        book(make_visitor(15), session)
        night = MONDAY_10AM + timedelta(days=2, hours=12)  # 22:00 UK
        for job in (jobs.remind_guardians, jobs.expire_signups, jobs.remind_day_before, jobs.ask_feedback,
                    jobs.invite_to_apply):
            assert job(night).emails_queued == 0
        assert count("taster_consent_reminder") == 0
        assert jobs.remind_guardians(night + timedelta(hours=11)).emails_queued == 1


def test_unanswered_consent_expires_after_seven_days_and_the_waiting_list_moves(app):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        session = make_taster(organisation, recruiter, sessions=((10, 1),)).sessions[0]
        first = book(make_visitor(15, "slow@x.example"), session, guardian_email="slow-parent@x.example")
        book(make_visitor(16, "keen@x.example"), session, guardian_email="keen-parent@x.example")
        assert jobs.expire_signups(MONDAY_10AM + timedelta(days=6)).processed == 0
        one, two = twice(jobs.expire_signups, MONDAY_10AM + timedelta(days=7, hours=1))
        assert (one.processed, two.processed) == (1, 0)
        assert db.session.get(SignUp, first.id).status == "expired"
        statuses = dict(db.session.execute(select(SignUp.id, SignUp.status)).all())
        assert sorted(statuses.values()) == ["expired", "pending_consent"]
        assert count("taster_cancelled", "slow@x.example") == 1
        assert count("taster_place_offered", "keen@x.example") == 1
        assert count("taster_consent_request", "keen-parent@x.example") == 1


def test_places_the_provider_never_confirmed_are_released_at_the_start(app):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        session = make_taster(organisation, recruiter, min_age=18, sessions=((2, 1),)).sessions[0]
        signup = book(make_visitor(30, "ignored@x.example"), session)
        one, two = twice(jobs.expire_signups, session.starts_at + timedelta(minutes=5))
        assert (one.processed, two.processed) == (1, 0)
        assert db.session.get(SignUp, signup.id).cancel_reason == "provider_no_reply"


def _confirmed(app, age=17, days=3):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        session = make_taster(organisation, recruiter, sessions=((days, 3),)).sessions[0]
        signup = book(make_visitor(age, "visitor@x.example"), session)
        signups.provider_accept(recruiter, signup)
        if signup.needs_consent:
            consent.decide(consent_token(), "consented")
        return signup.id


def test_confirmed_visitors_and_guardians_are_reminded_the_day_before_once(app, smtp):
    signup_id = _confirmed(app)
    with app.test_request_context():
        assert jobs.remind_day_before(MONDAY_10AM + timedelta(days=1)).emails_queued == 0  # two days before
        one, two = twice(jobs.remind_day_before, MONDAY_10AM + timedelta(days=2))
        assert (one.emails_queued, two.emails_queued) == (1, 0)
        assert count("taster_day_before", "visitor@x.example") == 1
        assert count("taster_day_before", "parent@home.example") == 1
        run_job("send_outbox")
        run_job("send_outbox")
    assert len([m for m in smtp.wait_for("visitor@x.example", 3) if m["Subject"].startswith("Tomorrow")]) == 1
    assert signup_id


def test_visitors_are_asked_for_feedback_the_day_after_and_providers_to_mark_attendance(app):
    _confirmed(app, days=1)
    with app.test_request_context():
        assert jobs.ask_feedback(MONDAY_10AM + timedelta(days=1, hours=5)).emails_queued == 0  # same day
        one, two = twice(jobs.ask_feedback, MONDAY_10AM + timedelta(days=2))
        assert (one.emails_queued, two.emails_queued) == (1, 0)
        assert count("taster_feedback_request", "visitor@x.example") == 1
        notices = outbox("recruiter@fordingtonhouse.example", "taster_provider_notice")
        assert sum("Please mark who attended" in m.body_text for m in notices) == 1


def test_positive_visitors_of_16_and_over_are_invited_to_apply_once(app):
    signup_id = _confirmed(app, age=17, days=1)
    with app.test_request_context():
        clock.freeze(MONDAY_10AM + timedelta(days=2))
        signup = db.session.get(SignUp, signup_id)
        after.visitor_feedback(signup.user, signup, consider_care=5, enjoyed="Everything")
        one, two = twice(jobs.invite_to_apply, MONDAY_10AM + timedelta(days=2, hours=1))
        assert (one.emails_queued, two.emails_queued) == (1, 0)
        invite = outbox("visitor@x.example", "taster_invite_to_apply")
        assert len(invite) == 1 and "/tasters/providers/" in invite[0].body_text


def test_under_16s_and_unenthusiastic_visitors_are_not_invited(app):
    young = _confirmed(app, age=15, days=1)
    with app.test_request_context():
        clock.freeze(MONDAY_10AM + timedelta(days=2))
        signup = db.session.get(SignUp, young)
        after.visitor_feedback(signup.user, signup, consider_care=5, enjoyed=None)
        assert jobs.invite_to_apply(clock.now()).emails_queued == 0
        signup.feedback_by("visitor").consider_care = 2
        signup.user.date_of_birth = signup.user.date_of_birth.replace(year=signup.user.date_of_birth.year - 3)
        db.session.commit()
        assert jobs.invite_to_apply(clock.now()).emails_queued == 0


def test_guardian_details_are_purged_30_days_after_the_decision(app, client):
    _confirmed(app, age=15, days=5)
    with app.test_request_context():
        token = consent_token()
        assert jobs.purge_guardian_details(MONDAY_10AM + timedelta(days=29)).processed == 0
        one, two = twice(jobs.purge_guardian_details, MONDAY_10AM + timedelta(days=30, minutes=1))
        assert (one.processed, two.processed) == (1, 0)
        record = db.session.execute(select(GuardianConsent)).scalar_one()
        assert record.guardian_name is None and record.guardian_email is None and record.token_hash is None
        assert record.decision == "consented" and record.purged_at is not None
        assert db.session.execute(select(AuditEvent).where(AuditEvent.action == "taster.consent_purged")).first()
    assert client.get(f"/tasters/consent/{token}").status_code == 400


def test_every_taster_job_is_registered_and_runs_from_the_runner(app):
    from outreach.jobs.registry import JOBS

    names = {"taster_guardian_reminders", "taster_expire_signups", "taster_day_before", "taster_feedback",
             "taster_invite_to_apply", "taster_purge_guardians"}
    assert names <= set(JOBS)
    with app.app_context():
        for name in names:
            assert run_job(name).failures == 0
