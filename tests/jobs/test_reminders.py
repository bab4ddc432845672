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
