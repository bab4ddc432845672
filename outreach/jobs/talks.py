"""Scheduled work for care-ambassador talk requests (the rules live in outreach/schools/follow_up.py).

* offer_talk_requests: open requests reach every ambassador now in reach who has not heard of them.
* chase_talk_requests: one reminder per provider told; the school asked once whether to search further.
* expire_talk_requests: requests past their dates, or with no taker for 6 weeks, close with advice.

Each email has a unique key and a reminders.claim row, so a second run sends nothing new.
Emailing jobs hold off during quiet hours (21:00 to 08:00 UK).
"""
from __future__ import annotations

from datetime import datetime

from outreach import clock
from outreach.extensions import db
from outreach.jobs.base import JobResult, for_each_row
from outreach.jobs.timing import is_quiet
from outreach.models.schools import TalkRequest, TalkRequestNotice
from outreach.schools import follow_up, service


def offer_talk_requests(now: datetime) -> JobResult:
    if is_quiet(now):
        return JobResult()
    today = clock.to_uk(now).date()
    return for_each_row(follow_up.open_request_ids(),
                        lambda talk_id: service.offer_request(db.session.get(TalkRequest, talk_id), today) > 0,
                        JobResult(), "talk offer")


def chase_talk_requests(now: datetime) -> JobResult:
    if is_quiet(now):
        return JobResult()
    result = for_each_row(follow_up.notices_due_a_chase(now),
                          lambda notice_id: follow_up.chase(db.session.get(TalkRequestNotice, notice_id), now),
                          JobResult(), "talk chase")
    return for_each_row(follow_up.requests_due_a_widen_ask(now),
                        lambda talk_id: follow_up.ask_to_widen(db.session.get(TalkRequest, talk_id), now),
                        result, "talk widen ask")


def expire_talk_requests(now: datetime) -> JobResult:
    if is_quiet(now):
        return JobResult()
    return for_each_row(follow_up.open_request_ids(),
                        lambda talk_id: follow_up.expire(db.session.get(TalkRequest, talk_id), now),
                        JobResult(), "talk expiry")
