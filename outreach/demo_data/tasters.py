"""Demo tasters for development: a few published tasters with future sessions for the demo
providers in outreach/demo_data/accounts.py. Safe to run again: it adds nothing twice, and tops up
sessions when a demo taster has none left in the future. Never load in production."""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

from sqlalchemy import select

from outreach import clock, geo
from outreach.extensions import db
from outreach.models.opportunities import Opportunity
from outreach.models.organisations import Membership, Organisation
from outreach.tasters import posting

RISK_FINDINGS = ("Low risk. Visitors are supervised by a named member of staff at all times, never give personal "
                 "care and are never alone with a resident. Fire exits and the signing-in book are shown on arrival.")
DEMO_TASTERS = [
    {
        "organisation": "Fordington House", "kind": "buddy", "title": "Buddy shift with our activities team",
        "min_age": 14, "places": 4, "days": (9, 16), "start": time(10, 0), "hours": 3,
        "description": "Spend a morning with our activities coordinator: chat with residents over coffee, help "
                       "run the quiz and see how a care home day fits together.",
        "will_do": "Chat with residents, help set up and run the morning quiz, join the team for lunch.",
        "hazards": [("Trips on walking frames and bags in the lounge",
                     "Visitors stay with their supervisor and keep walkways clear")],
    },
    {
        "organisation": "Purbeck Nursing Home", "kind": "volunteer", "title": "Volunteer at our Friday tea afternoon",
        "min_age": 16, "places": 3, "days": (11, 18), "start": time(14, 0), "hours": 2,
        "description": "Help our residents enjoy a relaxed afternoon tea with music. A lovely first taste of nursing "
                       "home life.",
        "will_do": "Serve tea and cake, chat with residents, help with the music and tidy up.",
        "hazards": [("Hot drinks", "Staff pour hot drinks; visitors carry them only on a tray with a lid")],
    },
    {
        "organisation": "Trent Valley Home Care", "kind": "virtual", "title": "Virtual insight: a day in home care",
        "min_age": 14, "places": 30, "days": (8, 22), "start": time(16, 30), "hours": 1,
        "description": "Join our care workers online to hear what a day visiting people at home is really like, "
                       "and ask them anything.",
        "will_do": "Watch a short talk, hear from two care workers and ask questions in the chat.",
        "hazards": [("Sharing personal details online", "Cameras are optional and the chat is moderated by staff")],
    },
    {
        "organisation": "Charnwood Supported Living", "kind": "insight", "title": "Insight day in supported living",
        "min_age": 16, "places": 2, "days": (12,), "start": time(9, 30), "hours": 5,
        "description": "See how we support adults with learning disabilities to live independently: planning, "
                       "cooking together and getting out in the community.",
        "will_do": "Meet the team, join a planning meeting, help cook lunch with people we support.",
        "hazards": [("Kitchen knives and hot surfaces", "Visitors help with preparation only, alongside staff")],
    },
]


def _author(organisation: Organisation):
    membership = db.session.execute(
        select(Membership).where(Membership.organisation_id == organisation.id,
                                 Membership.role.in_(("owner", "recruiter"))).order_by(Membership.id)
    ).scalars().first()
    return membership.user if membership else None


def _uk_start(days: int, at: time) -> datetime:
    day = clock.today_uk() + timedelta(days=days)
    return datetime.combine(day, at, tzinfo=clock.UK).astimezone(timezone.utc)


def load_demo_tasters() -> dict[str, int]:
    created = {"tasters": 0, "sessions": 0}
    for spec in DEMO_TASTERS:
        organisation = db.session.execute(
            select(Organisation).where(Organisation.name == spec["organisation"])
        ).scalar_one_or_none()
        if organisation is None:
            continue
        author = _author(organisation)
        opportunity = db.session.execute(
            select(Opportunity).where(Opportunity.organisation_id == organisation.id,
                                      Opportunity.title == spec["title"])
        ).scalar_one_or_none()
        if opportunity is None:
            place = None if spec["kind"] == "virtual" else geo.resolve(organisation.postcode, allow_partial=False)
            opportunity = posting.create(organisation, author, posting.TasterDetails(
                kind=spec["kind"], title=spec["title"], description=spec["description"], min_age=spec["min_age"],
                place=place, setting=organisation.provider_type, role_slug="buddy-volunteer",
                will_do=spec["will_do"], will_not_do="No personal care, and never left alone with a resident.",
                what_to_wear="Comfortable clothes and flat shoes. We provide a name badge.",
                accessibility="Step-free entrance and an accessible toilet." if place else "Online; captions on.",
                safeguarding_contact_name="Registered manager", safeguarding_contact="01234 567890",
                desired_values={"compassion_empathy": 5, "dignity_respect": 4, "communication": 3},
            ))
            posting.save_risk_assessment(opportunity, author, activities=spec["will_do"],
                                         hazards=[{"hazard": h, "control": c} for h, c in spec["hazards"]],
                                         findings=RISK_FINDINGS)
            created["tasters"] += 1
        if not posting.upcoming_sessions(opportunity):
            for days in spec["days"]:
                start = _uk_start(days, spec["start"])
                posting.add_session(opportunity, author, starts_at=start,
                                    ends_at=start + timedelta(hours=spec["hours"]), places_count=spec["places"],
                                    supervisor="Sam Reid")
                created["sessions"] += 1
        if opportunity.status != "published":
            opportunity.status = "published"
            opportunity.published_at = opportunity.published_at or clock.now()
            db.session.commit()
    return created
