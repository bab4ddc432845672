"""Scheduled work for care-ambassador talk requests (the rules live in outreach/schools/follow_up.py).

* offer_talk_requests: open requests reach every ambassador now in reach who has not heard of them.
* chase_talk_requests: one reminder per provider told; the school asked once whether to search further.
* expire_talk_requests: requests past their dates, or with no taker for 6 weeks, close with advice.

Each email has a unique key and a reminders.claim row, so a second run sends nothing new.
Emailing jobs hold off during quiet hours (21:00 to 08:00 UK).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from outreach import clock
from outreach.extensions import db
from outreach.jobs.base import JobResult
from outreach.jobs.tasters import _each
from outreach.jobs.timing import is_quiet
from outreach.models.schools import TalkRequest, TalkRequestNotice
from outreach.schools import follow_up, service


def _open_ids() -> list[int]:
    return db.session.execute(select(TalkRequest.id).where(TalkRequest.status == "open")
                              .order_by(TalkRequest.id)).scalars().all()


def offer_talk_requests(now: datetime) -> JobResult:
    if is_quiet(now):
        return JobResult()
    today = clock.to_uk(now).date()
    return _each(_open_ids(), lambda talk_id: service.offer_request(db.session.get(TalkRequest, talk_id), today) > 0,
                 JobResult(), "talk offer")


def chase_talk_requests(now: datetime) -> JobResult:
    if is_quiet(now):
        return JobResult()
    due = now - follow_up.CHASE_AFTER
    notices = db.session.execute(
        select(TalkRequestNotice.id, TalkRequestNotice.notified_at, TalkRequest.created_at)
        .join(TalkRequest, TalkRequest.id == TalkRequestNotice.request_id)
        .where(TalkRequest.status == "open").order_by(TalkRequestNotice.id)
    ).all()
    ids = [row.id for row in notices if clock.as_utc(row.notified_at or row.created_at) <= due]
    result = _each(ids, lambda notice_id: follow_up.chase(db.session.get(TalkRequestNotice, notice_id), now),
                   JobResult(), "talk chase")
    ask_before = now - follow_up.ASK_WIDEN_AFTER
    asks = db.session.execute(
        select(TalkRequest.id, TalkRequest.created_at).where(TalkRequest.status == "open",
                                                             TalkRequest.widen_asked_at.is_(None))
    ).all()
    return _each([row.id for row in asks if clock.as_utc(row.created_at) <= ask_before],
                 lambda talk_id: follow_up.ask_to_widen(db.session.get(TalkRequest, talk_id), now),
                 result, "talk widen ask")


def expire_talk_requests(now: datetime) -> JobResult:
    if is_quiet(now):
        return JobResult()
    return _each(_open_ids(), lambda talk_id: follow_up.expire(db.session.get(TalkRequest, talk_id), now),
                 JobResult(), "talk expiry")
