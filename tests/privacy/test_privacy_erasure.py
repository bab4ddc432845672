"""One erasure service: after a person is erased, no table holds their personal details, and what
others must keep (counted sign-ups and applications, hires, the points ledger, the audit log) stays."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from outreach import clock
from outreach.extensions import db
from outreach.jobs.runner import run_job
from outreach.models.accounts import User
from outreach.models.applications import Application, EmploymentCheck
from outreach.models.audit import AuditEvent
from outreach.models.referrals import Lead, PointsEntry
from outreach.models.schools import TalkRequest
from outreach.models.signups import SignUp
from outreach.privacy import erasure
from tests.privacy.world import PEOPLE, START, build


def _text(value) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, default=str)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def scan(values: list[str]) -> list[str]:
    """Every table and column, every row: where any of these values still appears."""
    wanted = [v.lower() for v in values]
    found = []
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(select(table)).mappings():
            for column, value in row.items():
                if value is None:
                    continue
                text = _text(value).lower()
                found += [f"{table.name}.{column}: {v}" for v in wanted if v in text]
    return sorted(set(found))


def _kept() -> dict:
    count = lambda model: db.session.execute(select(func.count()).select_from(model)).scalar()  # noqa: E731
    return {"signups": count(SignUp), "applications": count(Application), "checks": count(EmploymentCheck),
            "points": count(PointsEntry),
            "points_total": db.session.execute(select(func.sum(PointsEntry.points))).scalar(),
            "leads": count(Lead), "talks": count(TalkRequest),
            "hires": db.session.execute(select(func.count()).where(Application.stage == "hired")).scalar()}


@pytest.fixture
def world(app):
    with app.test_request_context():
        yield build()


# Whose details go with each person: a pupil's guardian was only here because of the pupil.
SUBJECTS = {"pupil": ("pupil", "guardian"), "applicant": ("applicant",), "friend": ("friend",),
            "staff": ("staff",), "school": ("school",)}


@pytest.mark.parametrize("key", sorted(SUBJECTS))
def test_after_erasure_no_table_holds_the_persons_details_and_what_must_stay_stays(app, world, key):
    with app.test_request_context():
        assert scan(PEOPLE[key].values())  # the world really holds them before
        before, audit_rows = _kept(), db.session.execute(select(func.count()).select_from(AuditEvent)).scalar()
        user = world.user(key)
        public_id = user.public_id
        erasure.erase_person(user, action="account.deleted")
        db.session.expire_all()
        values = [v for who in SUBJECTS[key] for v in PEOPLE[who].values()]
        assert scan(values) == []
        assert _kept() == before
        assert db.session.execute(select(func.count()).select_from(AuditEvent)).scalar() > audit_rows
        shell = db.session.execute(select(User).where(User.public_id == public_id)).scalar_one_or_none()
        if shell is not None:
            assert shell.is_disabled and shell.date_of_birth is None and shell.postcode_sector is None
        others = [v for who, person in PEOPLE.items() if who not in SUBJECTS[key] and who != "lead_only"
                  and person.user_id for v in (person.email,)]
        assert len(scan(others)) >= len(others)  # nobody else was erased


def test_erasing_a_pupil_frees_their_upcoming_place_for_the_waiting_list(app, world):
    with app.test_request_context():
        pupil, waiting = world.user("pupil"), world.user("other_pupil")
        erasure.erase_person(pupil, action="account.deleted")
        statuses = dict(db.session.execute(select(SignUp.user_id, SignUp.status).where(SignUp.status != "confirmed")
                                           .where(SignUp.user_id.in_((pupil.id, waiting.id)))).all())
        assert statuses[pupil.id] == "cancelled"
        assert waiting.id not in statuses or statuses[waiting.id] != "waitlisted"


def test_a_hire_stays_for_the_provider_without_identity(app, world):
    with app.test_request_context():
        applicant = world.user("applicant")
        assert erasure.erase_person(applicant, action="account.deleted") == "anonymised"
        application = db.session.execute(select(Application).where(Application.user_id == applicant.id)).scalar_one()
        assert application.stage == "hired" and application.hired_at is not None
        assert application.answers == [] and application.notes == []
        assert all(change.reason is None for change in application.changes)


def test_a_staff_members_points_ledger_stays_and_their_friends_leads_keep_their_stages(app, world):
    with app.test_request_context():
        staff = world.user("staff")
        ledger = db.session.execute(select(PointsEntry.points).where(PointsEntry.user_id == staff.id)).scalars().all()
        assert ledger
        assert erasure.erase_person(staff, action="account.deleted") == "anonymised"
        assert db.session.execute(select(PointsEntry.points).where(PointsEntry.user_id == staff.id)).scalars().all() \
            == ledger
        assert db.session.get(User, staff.id).membership is None


def test_a_referred_friend_without_an_account_is_anonymised_by_the_same_service(app, world):
    with app.test_request_context():
        lead = db.session.execute(select(Lead).where(Lead.email == PEOPLE["lead_only"].email)).scalar_one()
        erasure.anonymise_leads([lead.id], clock.now())
        db.session.commit()
        assert scan(PEOPLE["lead_only"].values()) == []
        assert db.session.get(Lead, lead.id).stage == "contacted"


def test_the_retention_job_erases_inactive_pupils_the_same_way(app, world):
    with app.test_request_context():
        before = _kept()
        clock.freeze(START + timedelta(days=400))
        run_job("retention_purge")
        db.session.expire_all()
        gone = [v for who in ("pupil", "guardian", "other_pupil", "other_guardian") for v in PEOPLE[who].values()]
        assert scan(gone) == []
        assert _kept() == before
        assert scan([PEOPLE["applicant"].email])  # not a pupil: kept
        events = db.session.execute(select(AuditEvent.detail).where(AuditEvent.action == "retention.pupil_removed")
                                    ).scalars().all()
        assert [e["how"] for e in events] == ["anonymised", "anonymised"]
        run_job("retention_purge")  # erased shells are not erased again
        assert len(db.session.execute(select(AuditEvent.id).where(AuditEvent.action == "retention.pupil_removed")
                                      ).all()) == 2


def test_someone_with_nothing_to_keep_is_deleted_outright(app):
    from tests.factories import make_user

    with app.test_request_context():
        user = make_user("applicant", "brief.visit@example.com")
        user_id = user.id
        assert erasure.erase_person(user, action="account.deleted") == "deleted"
        assert db.session.get(User, user_id) is None
        assert scan(["brief.visit@example.com"]) == []


def test_questions_to_recruiters_about_an_erased_hire_lose_their_text(app, world):
    from dateutil.relativedelta import relativedelta

    with app.test_request_context():
        clock.freeze(START + timedelta(days=8) + relativedelta(months=6, hours=1))
        run_job("employment_checks")
        assert scan([PEOPLE["applicant"].first])  # "Is Anselm still working with you?"
        erasure.erase_person(world.user("applicant"), action="account.deleted")
        assert scan(PEOPLE["applicant"].values()) == []
