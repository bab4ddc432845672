"""Nudges for an unfinished questionnaire: after 1 and 4 days, once each, never at night."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from outreach import clock
from outreach.extensions import db
from outreach.jobs.registry import JOBS
from outreach.jobs.runner import run_job
from outreach.models.outbox import OutboxMessage
from outreach.questionnaire import service
from tests.factories import make_user, sign_in
from tests.questionnaire.factories import complete_questionnaire, read_page

MORNING = datetime(2026, 3, 10, 10, 0, tzinfo=timezone.utc)  # 10:00 in the UK (GMT)


def _queued(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(OutboxMessage)
                                  .where(OutboxMessage.template == "questionnaire_nudge")).scalar()


def _run_at(app, moment):
    clock.freeze(moment)
    with app.app_context():
        return run_job("questionnaire_nudge")


def _part_answered(app, client, email, account_type="applicant"):
    with app.app_context():
        make_user(account_type, email)
    sign_in(client, email)
    client.post("/questionnaire/start")
    for number in (1, 2, 3):
        page = read_page(client.get(f"/questionnaire/question/{number}"))
        client.post(f"/questionnaire/question/{number}", data=page.form(page.choices[0]))


def test_nudges_after_one_and_four_days_once_each_over_smtp(app, client, smtp):
    assert "questionnaire_nudge" in JOBS
    clock.freeze(MORNING)
    _part_answered(app, client, "slow@example.com")
    _part_answered(app, app.test_client(), "young@example.com", account_type="pupil")  # pupils are not nudged
    with app.app_context():
        complete_questionnaire(make_user("applicant", "done@example.com"))

    assert _run_at(app, MORNING + timedelta(hours=20)).emails_queued == 0  # too soon
    first = _run_at(app, MORNING + timedelta(days=1, hours=1))
    assert first.emails_queued == 1 and first.failures == 0
    assert _run_at(app, MORNING + timedelta(days=1, hours=2)).emails_queued == 0  # run twice: no repeat
    assert _run_at(app, MORNING + timedelta(days=3)).emails_queued == 0
    assert _run_at(app, MORNING + timedelta(days=4, hours=1)).emails_queued == 1
    assert _run_at(app, MORNING + timedelta(days=4, hours=1)).emails_queued == 0
    assert _run_at(app, MORNING + timedelta(days=9)).emails_queued == 0
    assert _queued(app) == 2

    with app.app_context():
        run_job("send_outbox")
    messages = smtp.wait_for("slow@example.com", 2)
    assert not smtp.to("young@example.com") and not smtp.to("done@example.com")
    text = smtp.text_of(messages[0])
    assert messages[0]["Subject"] == "Your values questionnaire is waiting for you"
    assert "3 of 36 questions answered" in text
    link = smtp.link_in(messages[0], "/questionnaire/continue")
    assert client.get(link).headers["Location"].endswith("/account/sign-in?next=/questionnaire/continue")
    sign_in(client, "slow@example.com", next_url=link)  # days later: signed out, so sign in first
    assert client.get(link).headers["Location"].endswith("/questionnaire/question/4")
    assert "/questionnaire/continue" in smtp.html_of(messages[0])


def test_no_nudges_in_quiet_hours_they_wait_for_the_morning(app, client):
    clock.freeze(MORNING)
    _part_answered(app, client, "night@example.com")
    late_evening = datetime(2026, 3, 11, 22, 30, tzinfo=timezone.utc)  # 22:30 UK, over a day later
    assert _run_at(app, late_evening).emails_queued == 0
    assert _run_at(app, late_evening + timedelta(hours=9)).emails_queued == 0  # 07:30: still quiet
    assert _run_at(app, late_evening + timedelta(hours=10)).emails_queued == 1  # 08:30
    assert _queued(app) == 1


def test_a_long_abandoned_attempt_is_left_alone_and_finishing_stops_nudges(app, client):
    clock.freeze(MORNING)
    _part_answered(app, client, "gone@example.com")
    assert _run_at(app, MORNING + timedelta(days=30)).emails_queued == 0
    other = app.test_client()
    clock.freeze(MORNING)
    _part_answered(app, other, "finisher@example.com")
    with app.app_context():
        from outreach.models.accounts import User

        user = db.session.execute(select(User).where(User.email == "finisher@example.com")).scalar_one()
        complete_questionnaire(user)
        assert service.active_response(user) is None
    assert _run_at(app, MORNING + timedelta(days=1, hours=1)).emails_queued == 1  # the first person only
    with app.app_context():
        recipients = db.session.execute(select(OutboxMessage.to_address)).scalars().all()
    assert recipients == ["gone@example.com"]
