"""Places on a session: taken and freed atomically, never overbooked, and the waiting list
promoted the moment one frees up.

Every change starts by locking the session row (``SELECT ... FOR UPDATE`` on PostgreSQL;
SQLite transactions are already ``BEGIN IMMEDIATE``, so writers queue). The counter then
changes with an atomic ``UPDATE ... WHERE places_taken < places``, and a check constraint
on the table refuses any value above capacity, whatever the code does.
"""
from __future__ import annotations

from sqlalchemy import func, select, update

from outreach import audit, clock
from outreach.extensions import db
from outreach.models.opportunities import TasterSession
from outreach.models.signups import HOLDS_PLACE, SignUp


def lock_session(session_id: int) -> TasterSession:
    return db.session.execute(
        select(TasterSession).where(TasterSession.id == session_id)
        .with_for_update().execution_options(populate_existing=True)
    ).scalar_one()


def lock_signup(signup_id: int) -> SignUp:
    """Lock the sign-up's session first (always in that order, so two changes never deadlock)."""
    session_id = db.session.execute(select(SignUp.session_id).where(SignUp.id == signup_id)).scalar_one()
    lock_session(session_id)
    return db.session.execute(
        select(SignUp).where(SignUp.id == signup_id)
        .with_for_update(of=SignUp).execution_options(populate_existing=True)
    ).scalar_one()


def take_place(session: TasterSession) -> bool:
    """Take one place if one is free. Call with the session locked."""
    result = db.session.execute(
        update(TasterSession)
        .where(TasterSession.id == session.id, TasterSession.status == "open",
               TasterSession.places_taken < TasterSession.places)
        .values(places_taken=TasterSession.places_taken + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(session, ["places_taken"])
    return result.rowcount == 1


def free_place(session: TasterSession) -> None:
    db.session.execute(
        update(TasterSession).where(TasterSession.id == session.id, TasterSession.places_taken > 0)
        .values(places_taken=TasterSession.places_taken - 1)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(session, ["places_taken"])


def next_waitlist_position(session: TasterSession) -> int:
    highest = db.session.execute(
        select(func.max(SignUp.waitlist_position)).where(SignUp.session_id == session.id)
    ).scalar()
    return (highest or 0) + 1


def waitlist_rank(signup: SignUp) -> int | None:
    """1 for the next person to be offered a place."""
    if signup.status != "waitlisted" or signup.waitlist_position is None:
        return None
    ahead = db.session.execute(
        select(func.count()).select_from(SignUp)
        .where(SignUp.session_id == signup.session_id, SignUp.status == "waitlisted",
               SignUp.waitlist_position < signup.waitlist_position)
    ).scalar()
    return ahead + 1


def place_status(signup: SignUp) -> str:
    """The status for someone who has just been given a place."""
    return "pending_consent" if signup.needs_consent else "pending_provider"


def promote_waitlist(session: TasterSession) -> list[SignUp]:
    """Offer free places to the waiting list in order. Call with the session locked."""
    from outreach.tasters import consent, notify

    promoted = []
    if session.status != "open" or session.has_started():
        return promoted
    while session.places_taken < session.places:
        nxt = db.session.execute(
            select(SignUp).where(SignUp.session_id == session.id, SignUp.status == "waitlisted")
            .order_by(SignUp.waitlist_position, SignUp.id).limit(1)
            .with_for_update(of=SignUp).execution_options(populate_existing=True)
        ).scalar_one_or_none()
        if nxt is None or not take_place(session):
            break
        nxt.status = place_status(nxt)
        nxt.waitlist_position = None
        if nxt.needs_consent:
            consent.request(nxt)
        notify.to_visitor(nxt, "taster_place_offered", f"A place has come up: {session.opportunity.title}",
                          step=f"offered:{clock.now().isoformat()}", needs_consent=nxt.needs_consent)
        notify.to_provider(nxt, "new_signup", f"New sign-up from the waiting list: {session.opportunity.title}",
                           step=f"promoted:{clock.now().isoformat()}")
        audit.record("taster.waitlist_promoted", subject=nxt, session=session.public_id, minor=nxt.needs_consent)
        promoted.append(nxt)
    return promoted


def end_signup(signup: SignUp, status: str, *, by: str, reason: str | None, actor=None) -> list[SignUp]:
    """Cancel, decline or expire a sign-up, free its place and promote the waiting list.

    Call with the sign-up locked (``lock_signup``). Returns anyone promoted.
    """
    held = signup.status in HOLDS_PLACE
    signup.status = status
    signup.waitlist_position = None
    signup.cancelled_at = clock.now()
    signup.cancelled_by = by
    signup.cancelled_by_id = getattr(actor, "id", None)
    signup.cancel_reason = reason
    if not held:
        return []
    session = signup.session
    free_place(session)
    return promote_waitlist(session)
