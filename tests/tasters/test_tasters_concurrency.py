"""Places are never overbooked, even when many people press the button at once.

Runs on SQLite (IMMEDIATE transactions queue writers) and on PostgreSQL (the session row
is locked FOR UPDATE and the counter moves by an atomic UPDATE ... WHERE taken < places).
"""
from __future__ import annotations

import threading

from sqlalchemy import select

from outreach.extensions import db
from outreach.models.accounts import User
from outreach.models.opportunities import TasterSession
from outreach.models.signups import SignUp
from outreach.tasters import signups
from outreach.tasters.errors import SessionFull
from tests.tasters.factories import make_provider, make_taster, make_visitor

PEOPLE = 12
PLACES = 3


def _race(app, join_waitlist: bool):
    with app.app_context():
        organisation, recruiter = make_provider()
        session_id = make_taster(organisation, recruiter, min_age=18, sessions=((4, PLACES),)).sessions[0].id
        user_ids = [make_visitor(20 + i, f"racer{i}@x.example").id for i in range(PEOPLE)]
    barrier = threading.Barrier(PEOPLE)
    outcomes, errors = [], []

    def attempt(user_id):
        with app.app_context():
            try:
                user = db.session.get(User, user_id)
                session = db.session.get(TasterSession, session_id)
                db.session.commit()  # end the read transaction: on SQLite it holds the write lock
                barrier.wait()
                signup = signups.sign_up(user, session, signups.SignUpRequest(join_waitlist=join_waitlist))
                outcomes.append(signup.status)
            except SessionFull:
                db.session.rollback()
                outcomes.append("full")
            except Exception as error:  # surfaced below
                errors.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=attempt, args=(uid,)) for uid in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    with app.app_context():
        session = db.session.get(TasterSession, session_id)
        rows = db.session.execute(select(SignUp).where(SignUp.session_id == session_id)).scalars().all()
        return outcomes, session.places_taken, rows


def test_concurrent_sign_ups_never_overbook(app):
    outcomes, taken, rows = _race(app, join_waitlist=False)
    assert outcomes.count("pending_provider") == PLACES
    assert outcomes.count("full") == PEOPLE - PLACES
    assert taken == PLACES == len(rows)


def test_concurrent_sign_ups_fill_places_then_queue_in_order(app):
    outcomes, taken, rows = _race(app, join_waitlist=True)
    holding = [r for r in rows if r.status == "pending_provider"]
    waiting = sorted(r.waitlist_position for r in rows if r.status == "waitlisted")
    assert len(holding) == taken == PLACES
    assert waiting == list(range(1, PEOPLE - PLACES + 1))  # unique positions, no gaps


def test_concurrent_cancellations_promote_each_waiting_person_once(app):
    with app.app_context():
        organisation, recruiter = make_provider()
        session = make_taster(organisation, recruiter, min_age=18, sessions=((4, PLACES),)).sessions[0]
        session_id = session.id
        people = [make_visitor(20 + i, f"c{i}@x.example") for i in range(PLACES + 3)]
        for person in people:
            signups.sign_up(person, db.session.get(TasterSession, session_id),
                            signups.SignUpRequest(join_waitlist=True))
        holders = db.session.execute(select(SignUp.id, SignUp.user_id).where(SignUp.status == "pending_provider")
                                     ).all()
    barrier = threading.Barrier(len(holders))
    errors = []

    def cancel(signup_id, user_id):
        with app.app_context():
            try:
                user = db.session.get(User, user_id)
                signup = db.session.get(SignUp, signup_id)
                db.session.commit()
                barrier.wait()
                signups.visitor_cancel(user, signup, "plans_changed")
            except Exception as error:
                errors.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=cancel, args=row) for row in holders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    with app.app_context():
        statuses = sorted(db.session.execute(select(SignUp.status).where(SignUp.session_id == session_id)).scalars())
        assert statuses == ["cancelled"] * PLACES + ["pending_provider"] * 3
        assert db.session.get(TasterSession, session_id).places_taken == 3
