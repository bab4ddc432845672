"""Demo providers and one account of every type for development: loaded by the run command, safe to load twice.

Every demo account uses DEMO_PASSWORD. The README lists them. Never load in production.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from outreach import clock, geo
from outreach.accounts import service as accounts
from outreach.extensions import db
from outreach.models.accounts import User
from outreach.models.organisations import Membership, Organisation

DEMO_PASSWORD = "demo-careways-2026"

ORGANISATIONS = [
    # name, kind, provider type, postcode, CQC location id
    ("Fordington House", "provider", "care_home", "DT1 1HR", "1-101234567"),
    ("Purbeck Nursing Home", "provider", "nursing_home", "BH20 4DY", "1-102345678"),
    ("Trent Valley Home Care", "provider", "home_care", "ST16 2AB", "1-103456789"),
    ("Charnwood Supported Living", "provider", "supported_living", "LE11 1AA", "1-104567890"),
    ("Soar Valley Day Service", "provider", "day_service", "LE1 6RR", None),
    ("Dorchester Academy", "school", None, "DT1 2EH", None),
]

ACCOUNTS = [
    # email, type, first, last, organisation, role, date of birth, postcode
    ("admin@careways.example", "admin", "Amara", "Okoye", None, None, None, None),
    ("owner@fordington.example", "provider", "Fiona", "Marsh", "Fordington House", "owner", None, None),
    ("recruiter@fordington.example", "provider", "Raj", "Patel", "Fordington House", "recruiter", None, None),
    ("staff@fordington.example", "provider", "Sam", "Reid", "Fordington House", "staff", None, None),
    ("recruiter@purbeck.example", "provider", "Nadia", "Hussain", "Purbeck Nursing Home", "recruiter", None, None),
    ("recruiter@trentvalley.example", "provider", "Tom", "Bradley", "Trent Valley Home Care", "recruiter", None, None),
    ("owner@charnwood.example", "provider", "Carys", "Evans", "Charnwood Supported Living", "owner", None, None),
    ("careers@dorchester-academy.example", "school", "Helen", "Price", "Dorchester Academy", "owner", None, None),
    ("pupil@careways.example", "pupil", "Maya", None, None, None, "age:15", "DT1 2"),
    ("applicant@careways.example", "applicant", "Jordan", "Lee", None, None, "age:19", "DT1 1"),
]


def _birthday(spec: str | None) -> date | None:
    if not spec:
        return None
    years = int(spec.split(":")[1])
    today = clock.today_uk()
    year = today.year - years if (today.month, today.day) >= (1, 15) else today.year - years - 1
    return date(year, 1, 15)


def load() -> dict[str, int]:
    created = {"organisations": 0, "accounts": 0}
    orgs: dict[str, Organisation] = {}
    for name, kind, provider_type, postcode, cqc in ORGANISATIONS:
        organisation = db.session.execute(select(Organisation).where(Organisation.name == name)).scalar_one_or_none()
        if organisation is None:
            place = geo.resolve(postcode, allow_partial=False)
            organisation = Organisation(
                kind=kind, name=name, provider_type=provider_type, cqc_location_id=cqc, postcode=place.postcode,
                postcode_sector=place.sector, postcode_district=place.district, latitude=place.latitude,
                longitude=place.longitude, status="approved", decided_at=clock.now(), created_at=clock.now(),
            )
            db.session.add(organisation)
            created["organisations"] += 1
        orgs[name] = organisation
    db.session.flush()
    for email, kind, first, last, org_name, role, birthday, postcode in ACCOUNTS:
        user = db.session.execute(select(User).where(User.email == email)).scalar_one_or_none()
        if user is not None:
            continue
        place = geo.resolve(postcode) if postcode else None
        user = accounts.create_user(account_type=kind, email=email, password=DEMO_PASSWORD, first_name=first,
                                    last_name=last, date_of_birth=_birthday(birthday), place=place, verified=True)
        if org_name:
            db.session.add(Membership(user=user, organisation=orgs[org_name], role=role, created_at=clock.now()))
        created["accounts"] += 1
    db.session.commit()
    return created


DEMO_ACCOUNTS_EXAMPLE = "pupil@careways.example"  # present whenever the demo data is loaded


def next_outbox_id() -> int:
    """The id the next queued email will get (so a demo load can tell which emails it queued)."""
    from sqlalchemy import func

    from outreach.models.outbox import OutboxMessage

    return (db.session.execute(select(func.max(OutboxMessage.id))).scalar() or 0) + 1


def mark_history_emails_sent(first_id: int) -> int:
    """Emails queued while building back-dated demo history count as sent when they were queued.

    The demo's applications happened "weeks ago", so printing their confirmations on every
    first run would only bury the address and password a newcomer needs.
    """
    from sqlalchemy import update

    from outreach.models.outbox import OutboxMessage

    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id >= first_id, OutboxMessage.status == "pending")
        .values(status="sent", sent_at=OutboxMessage.created_at)
    )
    db.session.commit()
    return result.rowcount or 0
