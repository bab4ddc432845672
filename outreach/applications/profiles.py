"""An applicant's (or pupil's) matching profile: roles they want, when they are free, how far they
travel, and whether providers near them may find them.

Minimal on purpose: nothing about sex, ethnicity, religion, disability or any protected
characteristic. Under-18s can never be discoverable, and pupils see personalised matches only if
they turn them on (the ICO Children's Code: profiling off by default).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from outreach import audit, clock, geo
from outreach.applications.errors import ApplicationError
from outreach.applications.people import is_minor
from outreach.domain import transaction
from outreach.extensions import db
from outreach.models.applications import ApplicantProfile

MAX_ROLES = 3
MAX_TRAVEL_KM = 80
TAKERS = ("pupil", "applicant")


@dataclass
class ProfileInput:
    desired_roles: list[str] = field(default_factory=list)
    interests: str = ""
    experience: str = ""
    place: geo.Place | None = None
    max_travel_km: float | None = None
    availability: list = field(default_factory=list)
    driving_licence: bool = False
    discoverable: bool = False
    personalised_matches: bool = False


def profile_of(user) -> ApplicantProfile | None:
    return db.session.execute(
        select(ApplicantProfile).where(ApplicantProfile.user_id == user.id)
    ).scalar_one_or_none()


def wants_personalised_matches(user, profile: ApplicantProfile | None) -> bool:
    """Applicants always get matches; pupils only once they turn them on."""
    if user.account_type == "applicant":
        return True
    return profile is not None and profile.personalised_matches


@transaction
def save(user, data: ProfileInput) -> ApplicantProfile:
    if user.account_type not in TAKERS:
        raise ApplicationError("Only pupil and applicant accounts have a matching profile.")
    roles = [r.strip() for r in data.desired_roles if r and r.strip()]
    if len(roles) > MAX_ROLES:
        raise ApplicationError(f"Give up to {MAX_ROLES} roles", field="role_1")
    if data.max_travel_km is not None and not 1 <= data.max_travel_km <= MAX_TRAVEL_KM:
        raise ApplicationError(f"Enter a distance from 1 to {MAX_TRAVEL_KM} km, or leave it empty",
                               field="max_travel_km")
    minor = is_minor(user.date_of_birth)
    if data.discoverable and (minor or user.account_type != "applicant"):
        raise ApplicationError("Only applicants aged 18 or over can let providers find them.", field="discoverable")
    if data.place is not None:
        user.postcode_sector = data.place.sector
    if data.discoverable and not user.postcode_sector:
        raise ApplicationError("Add your postcode so providers near you can find you", field="postcode")
    profile = profile_of(user)
    if profile is None:
        profile = ApplicantProfile(user_id=user.id, created_at=clock.now())
        db.session.add(profile)
    profile.desired_roles = roles
    profile.interests = (data.interests or "").strip()
    profile.experience = (data.experience or "").strip()
    profile.max_travel_km = data.max_travel_km
    profile.availability = data.availability
    profile.driving_licence = bool(data.driving_licence)
    profile.discoverable = bool(data.discoverable)
    profile.personalised_matches = bool(data.personalised_matches) or user.account_type == "applicant"
    where = geo.coordinates_of(user.postcode_sector) if user.postcode_sector else None
    profile.latitude, profile.longitude = where if where else (None, None)
    profile.updated_at = clock.now()
    audit.record("profile.saved", actor=user, subject=user, subject_type="User",
                 discoverable=profile.discoverable, matches=profile.personalised_matches)
    return profile
