"""Loading a shortlist's candidates in a fixed number of queries, however many there are.

A vacancy may have thousands of applicants, so rows stay plain SQL rows (no ORM objects, no lazy
loads, no per-row objects): one query for the people who applied (with their profile), one for the
discoverable people near by, one for the latest values scores where a row does not carry them.
The first ``ENGINE`` columns of every row are exactly the engine's inputs, with JSON as raw text,
so the matching adapter can reuse each person's engine profile until one of them changes. A
``Person`` (names, stage) is built only for the rows a page shows.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from sqlalchemy import Text, and_, cast, exists, or_, select

from outreach import clock
from outreach.applications.matches import box_around
from outreach.extensions import db
from outreach.models.accounts import User
from outreach.models.applications import ApplicantProfile, Application
from outreach.models.opportunities import Opportunity, TasterSession
from outreach.models.questionnaires import QuestionnaireResponse
from outreach.models.signups import ACTIVE, SignUp

DISCOVERABLE_LIMIT = 2000  # nearest-first is not knowable in SQL; this caps a pathological area
ENGINE = 10  # row[:ENGINE] feeds matching_adapter.cached_applicant
USER_ID, DATE_OF_BIRTH, SECTOR, AVAILABILITY, SCORES = 0, 1, 2, 7, 9
USER_PUBLIC_ID, FIRST_NAME, LAST_NAME, PROFILE_ID = 10, 11, 12, 13
EXTRA = 14  # application id, public id, stage (applied) or sign-up status, created at (signed up)


def _text(column):
    return cast(column, Text)


def _columns(scores):
    return (User.id, User.date_of_birth, User.postcode_sector, _text(ApplicantProfile.desired_roles),
            ApplicantProfile.interests, ApplicantProfile.experience, ApplicantProfile.max_travel_km,
            _text(ApplicantProfile.availability), ApplicantProfile.driving_licence, scores,
            User.public_id, User.first_name, User.last_name, ApplicantProfile.id)


@dataclass
class Person:
    """One candidate as a page shows them."""

    user_id: int
    user_public_id: str
    first_name: str
    last_name: str | None
    date_of_birth: date | None
    postcode_sector: str | None
    has_profile: bool
    scores_json: str | None
    application_id: int | None = None
    application_public_id: str | None = None
    stage: str | None = None
    signup_status: str | None = None
    applied_at: datetime | None = None
    availability_json: str | None = None  # stored [[day, part], ...] from their profile

    @property
    def scores(self) -> dict | None:
        return json.loads(self.scores_json) if self.scores_json else None

    @property
    def availability(self) -> list:
        try:
            return json.loads(self.availability_json) if self.availability_json else []
        except ValueError:
            return []


def person(row, kind: str) -> Person:
    found = Person(row[USER_ID], row[USER_PUBLIC_ID], row[FIRST_NAME], row[LAST_NAME], row[DATE_OF_BIRTH],
                   row[SECTOR], row[PROFILE_ID] is not None, row[SCORES], availability_json=row[AVAILABILITY])
    if kind == "applied":
        found.application_id, found.application_public_id, found.stage = row[EXTRA:EXTRA + 3]
    elif kind == "signed_up":
        found.signup_status, found.applied_at = row[EXTRA:EXTRA + 2]
    return found


def applied(opportunity: Opportunity) -> list[tuple]:
    """Everyone who applied for the vacancy (any stage), oldest application first.

    Each row: the engine columns, the person's names, then application id, public id and stage.
    """
    return db.session.execute(
        select(*_columns(_text(Application.values_scores)), Application.id, Application.public_id, Application.stage)
        .join(User, User.id == Application.user_id)
        .outerjoin(ApplicantProfile, ApplicantProfile.user_id == Application.user_id)
        .where(Application.opportunity_id == opportunity.id, User.is_disabled.is_(False))
        .order_by(Application.id)
    ).all()


def _holding():
    return or_(SignUp.status.in_(ACTIVE), SignUp.attended.is_(True))


def signed_up(opportunity: Opportunity) -> list[tuple]:
    """Everyone holding (or who had) a place on one of the taster's sessions, once each, first first.

    Each row: the engine columns (scores from their latest questionnaire), names, then sign-up
    status and when they signed up.
    """
    rows = db.session.execute(
        select(*_columns(_text(QuestionnaireResponse.scores)), SignUp.status, SignUp.created_at)
        .join(TasterSession, TasterSession.id == SignUp.session_id)
        .join(User, User.id == SignUp.user_id)
        .outerjoin(ApplicantProfile, ApplicantProfile.user_id == SignUp.user_id)
        .outerjoin(QuestionnaireResponse, and_(QuestionnaireResponse.user_id == SignUp.user_id,
                                               QuestionnaireResponse.completed_at.is_not(None)))
        .where(TasterSession.opportunity_id == opportunity.id, _holding(), User.is_disabled.is_(False))
        .order_by(SignUp.created_at, SignUp.id, QuestionnaireResponse.completed_at.desc(),
                  QuestionnaireResponse.id.desc())
    ).all()
    first: dict[int, tuple] = {}
    for row in rows:  # the first sign-up of each person, with their latest finished questionnaire
        first.setdefault(row[USER_ID], row)
    return list(first.values())


def discoverable_near(opportunity: Opportunity, centre: tuple[float, float], today: date | None = None) -> list[tuple]:
    """Adults who chose to be discoverable, live near by, and have not applied or signed up."""
    today = today or clock.today_uk()
    lat_min, lat_max, lon_min, lon_max = box_around([centre])
    already = or_(
        exists().where(Application.opportunity_id == opportunity.id, Application.user_id == User.id),
        exists().where(SignUp.user_id == User.id, SignUp.session_id == TasterSession.id,
                       TasterSession.opportunity_id == opportunity.id),
    )
    latest = (select(QuestionnaireResponse.scores).where(QuestionnaireResponse.user_id == User.id,
                                                         QuestionnaireResponse.completed_at.is_not(None))
              .order_by(QuestionnaireResponse.completed_at.desc(), QuestionnaireResponse.id.desc()).limit(1)
              .correlate(User).scalar_subquery())
    query = (
        select(*_columns(_text(latest)))
        .join(ApplicantProfile, ApplicantProfile.user_id == User.id)
        .where(ApplicantProfile.discoverable.is_(True), User.account_type == "applicant", User.is_disabled.is_(False),
               User.date_of_birth <= today - relativedelta(years=18), User.postcode_sector.is_not(None),
               ApplicantProfile.latitude.between(lat_min, lat_max),
               ApplicantProfile.longitude.between(lon_min, lon_max), ~already)
        .order_by(User.id).limit(DISCOVERABLE_LIMIT)
    )
    return db.session.execute(query).all()


def did_taster_with(organisation, user_ids: list[int]) -> set[int]:
    """Which of these people came to (or are confirmed for a past session of) one of the provider's tasters."""
    if not user_ids:
        return set()
    now = clock.now()
    return set(db.session.execute(
        select(SignUp.user_id).distinct()
        .join(TasterSession, TasterSession.id == SignUp.session_id)
        .join(Opportunity, Opportunity.id == TasterSession.opportunity_id)
        .where(Opportunity.organisation_id == organisation.id, SignUp.user_id.in_(user_ids),
               or_(SignUp.attended.is_(True), and_(SignUp.status == "confirmed", TasterSession.ends_at < now)))
    ).scalars())
