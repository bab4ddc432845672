"""Applicants, profiles, applications and many candidates at once, for the application tests."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert

from outreach import clock, geo
from outreach.applications import applying, profiles
from outreach.extensions import db
from outreach.models.accounts import User
from outreach.models.applications import ApplicantProfile, Application, ApplicationStageChange
from outreach.models.questionnaires import QuestionnaireResponse
from outreach.questionnaire import store
from tests.factories import birthday_for_age, make_user
from tests.questionnaire.factories import complete_questionnaire

ANSWERS = {"why_care": "I looked after my nan and loved making her day better.",
           "helped_someone": "I helped a neighbour with shopping every week during the winter.",
           "why_us": "You are close to home and your residents seem really happy."}


def make_applicant(email=None, *, age=20, postcode="DT1 1AA", questionnaire=True, profile: dict | None = None,
                   first_name="Alex", account_type="applicant"):
    user = make_user(account_type, email, age=age, postcode=postcode, first_name=first_name)
    if questionnaire:
        complete_questionnaire(user)
    if profile is not None:
        save_profile(user, **profile)
    return user


def save_profile(user, **fields):
    data = dict(desired_roles=["care assistant"], interests="cooking and music", experience="looked after my nan",
                availability=[[0, "morning"], [2, "morning"], [5, "morning"]])
    data.update(fields)
    return profiles.save(user, profiles.ProfileInput(**data))


def apply_for(user, details, share_raw_answers=False, answers=None, guardian=None):
    """Apply through the service; an under-18 names a parent or guardian (made up unless given)."""
    wanted = answers or {k: ANSWERS.get(k, "Because I care about people and want to learn more.")
                         for k in details.motivation_questions}
    if guardian is None and applying.needs_guardian(user):
        guardian = applying.Guardian(f"Parent of {user.first_name}", f"parent.{user.public_id.lower()}@example.org")
    return applying.apply(user, details, wanted, share_raw_answers, guardian=guardian)


def bulk_candidates(opportunity, count: int, *, start: int = 0, postcode_sector: str = "DT1 1", minors: int = 0,
                    discoverable: bool = False, apply: bool = True, sectors: list[str] | None = None) -> list[int]:
    """``count`` people with profiles, questionnaire scores and (if ``apply``) applications, inserted in bulk.

    Fast (no password hashing, one INSERT per table), for scale and query-count tests and the benchmark.
    ``sectors`` spreads people over several postcode sectors (round robin). Returns the new user ids.
    """
    now = clock.now()
    version = store.current_bank().version
    sectors = sectors or [postcode_sector]
    roles = [["care assistant"], ["carer", "support worker"], ["senior carer"], [], ["healthcare assistant"],
             ["care asisstant"], ["home carer"], ["nurse"]]
    users = []
    for i in range(start, start + count):
        age = 17 if i - start < minors else 19 + i % 40
        users.append(dict(public_id=f"bulk{i:07d}", email=f"bulk{i}@example.com", password_hash="!",
                          account_type="applicant", first_name=f"Person{i}", last_name="Bulk",
                          date_of_birth=birthday_for_age(age), postcode_sector=sectors[i % len(sectors)],
                          email_verified_at=now,
                          is_disabled=False, created_at=now))
    db.session.execute(insert(User), users)
    ids = [row.id for row in db.session.execute(
        db.select(User.id).where(User.public_id.in_([u["public_id"] for u in users])).order_by(User.id))]
    value_keys = ("dignity_respect", "compassion_empathy", "person_centred", "communication", "teamwork",
                  "reliability", "courage", "learning")
    scores = [{k: 40 + (n * 7 + j * 13) % 60 for j, k in enumerate(value_keys)} for n in range(len(ids))]
    places = [geo.coordinates_of(u["postcode_sector"]) for u in users]
    db.session.execute(insert(ApplicantProfile), [dict(
        user_id=uid, desired_roles=roles[n % len(roles)], interests="music, cooking and walking",
        experience="helped at a lunch club", max_travel_km=None if n % 5 else 25.0,
        availability=[[d, p] for d in range(7) for p in ("morning", "afternoon") if (d + n) % 3],
        driving_licence=n % 2 == 0, discoverable=discoverable and n >= minors, personalised_matches=True,
        latitude=places[n][0], longitude=places[n][1], created_at=now, updated_at=now) for n, uid in enumerate(ids)])
    db.session.execute(insert(QuestionnaireResponse), [dict(
        public_id=f"bulkq{start + n:07d}", user_id=uid, bank_version=version, seed="0" * 32, option_order={},
        answers={}, position=0, started_at=now, updated_at=now, completed_at=now, scores=scores[n])
        for n, uid in enumerate(ids)])
    if apply:
        applied_at = now - timedelta(days=1)
        db.session.execute(insert(Application), [dict(
            public_id=f"bulka{start + n:07d}", opportunity_id=opportunity.id, user_id=uid, stage="applied",
            answers=[{"key": "why_care", "question": "Why care?", "answer": "Because I care about people."}],
            values_scores=scores[n], share_raw_answers=False, created_at=applied_at, stage_changed_at=applied_at,
            updated_at=applied_at) for n, uid in enumerate(ids)])
        application_ids = db.session.execute(db.select(Application.id).where(
            Application.opportunity_id == opportunity.id, Application.user_id.in_(ids))).scalars().all()
        db.session.execute(insert(ApplicationStageChange), [dict(
            application_id=aid, from_stage=None, to_stage="applied", changed_by_id=None, changed_at=applied_at)
            for aid in application_ids])
    db.session.commit()
    return ids


def make_taster(organisation, *, kind="buddy", starts_in=timedelta(days=7), role_slug="care-worker", min_age=14,
                title="Buddy shift with our activities team", status="published"):
    """A taster with one session, made directly (the tasters feature has its own service tests)."""
    from outreach.models.opportunities import Opportunity, TasterSession

    now = clock.now()
    place = None if kind == "virtual" else geo.resolve(organisation.postcode, allow_partial=False)
    opportunity = Opportunity(
        organisation_id=organisation.id, kind=kind, role_slug=role_slug, title=title,
        description="Spend a morning with our activities team: music, chat and games with residents.",
        postcode=place.postcode if place else None, postcode_sector=place.sector if place else None,
        postcode_district=place.district if place else None, latitude=place.latitude if place else None,
        longitude=place.longitude if place else None, min_age=min_age, status=status,
        published_at=now if status == "published" else None, desired_values={"compassion_empathy": 4},
        created_at=now, updated_at=now)
    session = TasterSession(opportunity=opportunity, starts_at=now + starts_in,
                            ends_at=now + starts_in + timedelta(hours=3), places=5, places_taken=0,
                            supervisor_name="Sam Supervisor", status="open")
    db.session.add_all([opportunity, session])
    db.session.commit()
    return opportunity


def make_attended_taster(organisation, user):
    """``user`` came to a taster of ``organisation`` last week."""
    from outreach.models.signups import SignUp

    opportunity = make_taster(organisation, starts_in=timedelta(days=-7), title="Last week's insight morning")
    session = opportunity.sessions[0]
    session.places_taken = 1
    db.session.add(SignUp(session_id=session.id, user_id=user.id, status="confirmed", attended=True,
                          confirmed_at=clock.now() - timedelta(days=8)))
    db.session.commit()
    return opportunity
