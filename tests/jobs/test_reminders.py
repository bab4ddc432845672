import threading

from sqlalchemy import func, select

from outreach import reminders
from outreach.extensions import db
from outreach.models.reminders import ReminderSent


def test_a_reminder_is_claimed_once(app):
    with app.app_context():
        assert reminders.claim("chase", "lead:1", "day-2") is True
        assert reminders.claim("chase", "lead:1", "day-2") is False
        assert reminders.claim("chase", "lead:1", "day-7") is True
        db.session.commit()
        assert db.session.execute(select(func.count()).select_from(ReminderSent)).scalar() == 2


def test_two_schedulers_racing_claim_each_reminder_once(app):
    wins = []
    barrier = threading.Barrier(2)

    def run():
        with app.app_context():
            barrier.wait()
            for i in range(50):
                if reminders.claim("race", f"subject:{i}", "step"):
                    wins.append(i)
                db.session.commit()
            db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(wins) == list(range(50))


def test_reminders_wait_for_daytime_in_uk_time():
    from datetime import datetime, timezone

    from outreach.jobs.timing import is_quiet

    assert is_quiet(datetime(2026, 7, 1, 20, 30, tzinfo=timezone.utc))  # 21:30 BST
    assert not is_quiet(datetime(2026, 12, 1, 20, 30, tzinfo=timezone.utc))  # 20:30 GMT
    assert is_quiet(datetime(2026, 12, 1, 7, 59, tzinfo=timezone.utc))
    assert not is_quiet(datetime(2026, 7, 1, 7, 0, tzinfo=timezone.utc))  # 08:00 BST
