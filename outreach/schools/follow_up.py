"""What happens to a talk request nobody has taken yet.

* offer: open requests reach providers as they opt in (service.save_profile) and, as a safety net,
  on every run of the offer job.
* chase: each provider told of a request still open after CHASE_AFTER gets one reminder.
* widen: a school whose request is still open after ASK_WIDEN_AFTER is asked, once, whether we may
  search further afield; the radius only grows when a school contact presses "Widen the search".
* expire: once the last date asked for has passed, or NO_TAKER_AFTER with nobody taking it, the
  request expires and the school is told what else it can do.

Every email is claimed (job, subject, step) with reminders.claim in the transaction that queues it,
so running a job twice sends each email once.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update

from outreach import audit, clock, reminders
from outreach.domain import transaction
from outreach.extensions import db
from outreach.mail import queue_email
from outreach.models.accounts import User
from outreach.models.organisations import Organisation
from outreach.models.schools import TalkRequest, TalkRequestNotice
from outreach.organisations import standing
from outreach.schools.service import TalkError, _people, kind_noun, latest_date, offer_request, still_bookable, url_for

CHASE_AFTER = timedelta(days=5)
ASK_WIDEN_AFTER = timedelta(days=7)
NO_TAKER_AFTER = timedelta(days=42)
WIDEN_KM = 25


def open_request_ids() -> list[int]:
    """Every open talk request, oldest first: the ones the offer and expiry jobs look at."""
    return db.session.execute(select(TalkRequest.id).where(TalkRequest.status == "open")
                              .order_by(TalkRequest.id)).scalars().all()


def notices_due_a_chase(now: datetime) -> list[int]:
    """Notices to providers about requests still open CHASE_AFTER they were told."""
    due = now - CHASE_AFTER
    notices = db.session.execute(
        select(TalkRequestNotice.id, TalkRequestNotice.notified_at, TalkRequest.created_at)
        .join(TalkRequest, TalkRequest.id == TalkRequestNotice.request_id)
        .where(TalkRequest.status == "open").order_by(TalkRequestNotice.id)
    ).all()
    return [row.id for row in notices if clock.as_utc(row.notified_at or row.created_at) <= due]


def requests_due_a_widen_ask(now: datetime) -> list[int]:
    """Open requests ASK_WIDEN_AFTER old whose school has not yet been asked about searching further."""
    ask_before = now - ASK_WIDEN_AFTER
    asks = db.session.execute(
        select(TalkRequest.id, TalkRequest.created_at).where(TalkRequest.status == "open",
                                                             TalkRequest.widen_asked_at.is_(None))
    ).all()
    return [row.id for row in asks if clock.as_utc(row.created_at) <= ask_before]


def can_widen(talk: TalkRequest, today=None) -> bool:
    """A school may widen an in-person request once, while one of its dates is still ahead; an expired
    request that nobody took is reopened by widening."""
    today = today or clock.today_uk()
    return (talk.kind != "virtual" and not talk.extra_km and talk.status in ("open", "expired")
            and latest_date(talk) > today)


def _school_people(talk: TalkRequest) -> list[User]:
    return _people(talk.school_id, ("owner", "staff"))


def chase(notice: TalkRequestNotice, now: datetime) -> bool:
    """One reminder to a provider told of a request that is still open."""
    talk = db.session.get(TalkRequest, notice.request_id)
    provider = db.session.get(Organisation, notice.organisation_id)
    if not still_bookable(talk, clock.to_uk(now).date()) or not standing.permits(provider, standing.APPROVED):
        return False
    if not reminders.claim("talk_chase", f"notice:{notice.id}", "chase"):
        return False
    for person in _people(provider.id, ("owner", "recruiter")):
        queue_email(to=person.email, user=person, template="talk_chase", key=f"talk-chase:{notice.id}:{person.id}",
                    essential=False, for_organisation=provider,
                    subject=f"Still looking: {talk.school.name} would like a care ambassador {kind_noun(talk.kind)}",
                    user_name=person.first_name, school_name=talk.school.name, kind=kind_noun(talk.kind),
                    first_choice=talk.first_choice, second_choice=talk.second_choice,
                    url=url_for("schools.provider_requests"))
    return True


def ask_to_widen(talk: TalkRequest, now: datetime) -> bool:
    """Ask the school, once, whether providers further away may be asked. Nothing widens yet."""
    if not can_widen(talk, clock.to_uk(now).date()) or talk.status != "open" or talk.widen_asked_at:
        return False
    if not reminders.claim("talk_widen_ask", f"talk:{talk.id}", "ask"):
        return False
    talk.widen_asked_at = now
    for person in _school_people(talk):
        queue_email(to=person.email, user=person, template="talk_widen", key=f"talk-widen:{talk.id}:{person.id}",
                    subject=f"No care provider has taken your {kind_noun(talk.kind)} yet: search further?",
                    user_name=person.first_name, kind=kind_noun(talk.kind), extra_km=WIDEN_KM,
                    first_choice=talk.first_choice,
                    url=url_for("schools.school_requests", _anchor=f"talk-{talk.public_id}"))
    audit.record("talk.widen_asked", actor=None, subject=talk)
    return True


@transaction
def widen(school: Organisation, actor: User, public_id: str) -> int:
    """The school agrees: providers up to WIDEN_KM beyond their own radius are told. Returns how many."""
    standing.require_approved(school)
    talk = db.session.execute(
        select(TalkRequest).where(TalkRequest.public_id == public_id, TalkRequest.school_id == school.id)
    ).scalar_one_or_none()
    if talk is None:
        raise LookupError(public_id)
    if not can_widen(talk):
        raise TalkError("This request cannot be widened: it is already wide, virtual, taken or its dates have passed.")
    talk.extra_km, talk.widened_at, talk.status, talk.expired_at = WIDEN_KM, clock.now(), "open", None
    db.session.flush()
    told = offer_request(talk)
    audit.record("talk.widened", actor=actor, subject=talk, extra_km=WIDEN_KM, providers_told=told)
    return told


def expiry_reason(talk: TalkRequest, now: datetime) -> str | None:
    if talk.status != "open":
        return None
    if latest_date(talk) < clock.to_uk(now).date():
        return "date_passed"
    started = clock.as_utc(talk.widened_at or talk.created_at)
    if started <= now - NO_TAKER_AFTER:
        return "no_taker"
    return None


def expire(talk: TalkRequest, now: datetime) -> bool:
    """Close a request nobody took and tell the school what it could do instead."""
    reason = expiry_reason(talk, now)
    if reason is None:
        return False
    closed = db.session.execute(
        update(TalkRequest).where(TalkRequest.id == talk.id, TalkRequest.status == "open")
        .values(status="expired", expired_at=now)
    ).rowcount
    if closed != 1 or not reminders.claim("talk_expire", f"talk:{talk.id}", "expired"):
        return False
    db.session.refresh(talk)
    for person in _school_people(talk):
        queue_email(to=person.email, user=person, template="talk_expired", key=f"talk-expired:{talk.id}:{person.id}",
                    subject=f"Your care ambassador {kind_noun(talk.kind)} request has closed",
                    user_name=person.first_name, kind=kind_noun(talk.kind), reason=reason,
                    can_widen=can_widen(talk, clock.to_uk(now).date()), virtual=talk.kind == "virtual",
                    url=url_for("schools.school_requests", _anchor=f"talk-{talk.public_id}"),
                    new_url=url_for("schools.new_request"),
                    lessons_url=url_for("careers.page", slug="lesson-resources"))
    audit.record("talk.expired", actor=None, subject=talk, reason=reason)
    return True
