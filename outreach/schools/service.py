"""Care-ambassador talks: a school asks, nearby opted-in providers are told, the first to accept gets it."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from outreach import audit, clock, geo, submissions
from outreach.accounts.errors import AccountError
from outreach.domain import transaction
from outreach.extensions import db
from outreach.mail import queue_email
from outreach.mail.links import path_for as url_for  # works in a request and in a scheduled job
from outreach.models.accounts import User
from outreach.models.organisations import Membership, Organisation
from outreach.models.schools import (
    KIND_NOUNS,
    TALK_KINDS,
    YEAR_GROUPS,
    AmbassadorProfile,
    TalkRequest,
    TalkRequestNotice,
)
from outreach.organisations import standing


class TalkError(AccountError):
    pass


def profile_for(organisation: Organisation) -> AmbassadorProfile | None:
    return db.session.execute(
        select(AmbassadorProfile).where(AmbassadorProfile.organisation_id == organisation.id)
    ).scalar_one_or_none()


@transaction
def save_profile(organisation: Organisation, actor: User, *, active: bool, radius_km: int, topics: str | None):
    profile = profile_for(organisation) or AmbassadorProfile(organisation_id=organisation.id)
    profile.active, profile.radius_km, profile.topics = active, radius_km, (topics or None)
    profile.updated_at = clock.now()
    db.session.add(profile)
    audit.record("ambassador.profile_saved", actor=actor, subject=organisation, active=active, radius_km=radius_km)
    db.session.flush()
    if active and standing.permits(organisation, standing.APPROVED):
        offer_open_requests_to(profile)  # requests that were waiting for someone like them
    return profile


def _people(organisation_id: int, roles: tuple[str, ...]) -> list[User]:
    return list(db.session.execute(
        select(User).join(Membership).where(Membership.organisation_id == organisation_id,
                                            Membership.role.in_(roles), User.is_disabled.is_(False))
    ).scalars())


def reach_km(talk: TalkRequest, profile: AmbassadorProfile, distance: float) -> bool:
    """A provider can take a request within its own radius, widened by what the school agreed; a virtual
    talk goes to every ambassador wherever they are."""
    return talk.kind == "virtual" or distance <= profile.radius_km + (talk.extra_km or 0)


def _distance(school: Organisation, provider: Organisation) -> float:
    return round(geo.distance_km((school.latitude, school.longitude), (provider.latitude, provider.longitude)), 1)


def _active_profiles():
    return db.session.execute(
        select(AmbassadorProfile).join(Organisation, Organisation.id == AmbassadorProfile.organisation_id)
        .where(AmbassadorProfile.active.is_(True), Organisation.status == "approved",
               Organisation.kind == "provider")
    ).scalars().all()


def ambassadors_near(school: Organisation, talk: TalkRequest | None = None) -> list[tuple[AmbassadorProfile, float]]:
    """Active ambassador providers whose travel radius (widened as the school agreed) reaches the school,
    nearest first. For a virtual talk, every active ambassador."""
    probe = talk or TalkRequest(kind="talk", extra_km=0)
    found = []
    for profile in _active_profiles():
        distance = _distance(school, profile.organisation)
        if reach_km(probe, profile, distance):
            found.append((profile, distance))
    return sorted(found, key=lambda pair: pair[1])


def latest_date(talk: TalkRequest) -> date:
    return max(d for d in (talk.first_choice, talk.second_choice) if d)


def still_bookable(talk: TalkRequest, today: date | None = None) -> bool:
    return talk.status == "open" and latest_date(talk) > (today or clock.today_uk())


def _offer(talk: TalkRequest, profile: AmbassadorProfile, distance: float) -> bool:
    """Tell one provider about one request, once: the notice row is unique and each email has its own key."""
    exists = db.session.execute(select(TalkRequestNotice.id).where(
        TalkRequestNotice.request_id == talk.id, TalkRequestNotice.organisation_id == profile.organisation_id)
    ).first()
    if exists:
        return False
    try:
        with db.session.begin_nested():  # the job and an opt-in at the same moment: one notice, no error
            db.session.add(TalkRequestNotice(request_id=talk.id, organisation_id=profile.organisation_id,
                                             distance_km=distance, notified_at=clock.now()))
    except IntegrityError:
        return False
    school = talk.school
    for person in _people(profile.organisation_id, ("owner", "recruiter")):
        queue_email(
            to=person.email, user=person, template="talk_request", key=f"talk-request:{talk.id}:{person.id}",
            subject=f"{school.name} would like a care ambassador {kind_noun(talk.kind)}",
            user_name=person.first_name, school_name=school.name, kind=kind_noun(talk.kind),
            distance_km=distance, virtual=talk.kind == "virtual",
            year_groups=talk.year_groups, first_choice=talk.first_choice, second_choice=talk.second_choice,
            topics=talk.topics, url=url_for("schools.provider_requests"),
        )
    return True


def offer_request(talk: TalkRequest, today: date | None = None) -> int:
    """Offer an open request to every ambassador in reach who has not heard of it yet; how many were new."""
    if not still_bookable(talk, today):
        return 0
    return sum(_offer(talk, profile, distance) for profile, distance in ambassadors_near(talk.school, talk))


def offer_open_requests_to(profile: AmbassadorProfile) -> int:
    """A provider who opts in (or travels further) hears of the open requests now in its reach."""
    told = 0
    open_requests = db.session.execute(
        select(TalkRequest).where(TalkRequest.status == "open").order_by(TalkRequest.first_choice)
    ).scalars().all()
    for talk in open_requests:
        if not still_bookable(talk) or not talk.school.is_approved:
            continue
        distance = _distance(talk.school, profile.organisation)
        if reach_km(talk, profile, distance):
            told += _offer(talk, profile, distance)
    return told


def kind_noun(kind: str) -> str:
    return KIND_NOUNS.get(kind, kind)


@transaction
def request_talk(school: Organisation, actor: User, *, kind: str, year_groups: list[int], first_choice: date,
                 second_choice: date | None, pupils_expected: int, topics: str, notes: str | None,
                 submission: str | None = None) -> TalkRequest:
    """Raises submissions.AlreadySubmitted (outcome: the talk's public id) for a repeat of the same form."""
    if not school.is_approved:
        raise TalkError("Your school needs to be approved before you can request a talk.", field="kind")
    if first_choice <= clock.today_uk():
        raise TalkError("Choose a date in the future", field="first_choice")
    if second_choice and second_choice <= clock.today_uk():
        raise TalkError("Choose a date in the future", field="second_choice")
    if kind not in TALK_KINDS:
        raise TalkError("Choose what you would like", field="kind")
    if not year_groups or any(year not in YEAR_GROUPS for year in year_groups):
        raise TalkError("Choose year groups from Year 5 to Year 13", field="year_groups")
    claimed = submissions.claim("talk-request", submission)
    talk = TalkRequest(school_id=school.id, requested_by_id=actor.id, kind=kind, year_groups=sorted(year_groups),
                       first_choice=first_choice, second_choice=second_choice, pupils_expected=pupils_expected,
                       topics=topics, notes=notes or None, status="open", created_at=clock.now(), extra_km=0)
    db.session.add(talk)
    db.session.flush()
    told = offer_request(talk)
    audit.record("talk.requested", actor=actor, subject=talk, providers_told=told)
    submissions.settle(claimed, talk.public_id)
    return talk


def providers_told_about(school: Organisation, public_id: str) -> int:
    return db.session.execute(
        select(func.count()).select_from(TalkRequestNotice).join(TalkRequest,
                                                                 TalkRequest.id == TalkRequestNotice.request_id)
        .where(TalkRequest.public_id == public_id, TalkRequest.school_id == school.id)).scalar_one()


def school_requests(school: Organisation) -> list[TalkRequest]:
    return list(db.session.execute(
        select(TalkRequest).where(TalkRequest.school_id == school.id).order_by(TalkRequest.created_at.desc())
    ).scalars())


def requests_for_provider(provider: Organisation) -> list[tuple[TalkRequest, float]]:
    rows = db.session.execute(
        select(TalkRequest, TalkRequestNotice.distance_km).join(TalkRequestNotice,
                                                               TalkRequestNotice.request_id == TalkRequest.id)
        .where(TalkRequestNotice.organisation_id == provider.id)
        .where((TalkRequest.status == "open") | (TalkRequest.accepted_org_id == provider.id))
        .order_by(TalkRequest.first_choice)
    ).all()
    return [(row[0], row[1]) for row in rows]


def _visible_to_provider(provider: Organisation, public_id: str) -> TalkRequest | None:
    return db.session.execute(
        select(TalkRequest).join(TalkRequestNotice, TalkRequestNotice.request_id == TalkRequest.id)
        .where(TalkRequest.public_id == public_id, TalkRequestNotice.organisation_id == provider.id)
    ).scalar_one_or_none()


@transaction
def accept(provider: Organisation, actor: User, public_id: str) -> TalkRequest:
    """The first notified provider to accept wins; the update only succeeds while the request is open."""
    standing.require_approved(provider)
    talk = _visible_to_provider(provider, public_id)
    if talk is None:
        raise LookupError(public_id)
    result = db.session.execute(
        update(TalkRequest).where(TalkRequest.id == talk.id, TalkRequest.status == "open")
        .values(status="accepted", accepted_org_id=provider.id, accepted_by_id=actor.id, accepted_at=clock.now())
    )
    if result.rowcount != 1:
        raise TalkError("Another provider has already accepted this request, or the school cancelled it.")
    db.session.refresh(talk)
    details = dict(school_name=talk.school.name, provider_name=provider.name, kind=kind_noun(talk.kind),
                   first_choice=talk.first_choice, second_choice=talk.second_choice, year_groups=talk.year_groups,
                   topics=talk.topics)
    for person in _people(talk.school_id, ("owner", "staff")):
        queue_email(to=person.email, user=person, template="talk_accepted", key=f"talk-accepted:{talk.id}:{person.id}",
                    subject=f"{provider.name} will give your care ambassador {kind_noun(talk.kind)}",
                    user_name=person.first_name,
                    url=url_for("schools.school_requests"), for_school=True, contact_name=actor.first_name,
                    contact_email=actor.email, **details)
    queue_email(to=actor.email, user=actor, template="talk_accepted", key=f"talk-accepted:{talk.id}:{actor.id}",
                subject=f"Confirmed: your care ambassador {kind_noun(talk.kind)} at {talk.school.name}",
                user_name=actor.first_name,
                url=url_for("schools.provider_requests"), for_school=False,
                contact_name=(talk.school.name), contact_email=_school_contact_email(talk), **details)
    audit.record("talk.accepted", actor=actor, subject=talk, provider=provider.public_id)
    return talk


def _school_contact_email(talk: TalkRequest) -> str | None:
    requester = db.session.get(User, talk.requested_by_id) if talk.requested_by_id else None
    return requester.email if requester else None


@transaction
def cancel(school: Organisation, actor: User, public_id: str) -> TalkRequest:
    standing.require_approved(school)
    talk = db.session.execute(
        select(TalkRequest).where(TalkRequest.public_id == public_id, TalkRequest.school_id == school.id)
    ).scalar_one_or_none()
    if talk is None:
        raise LookupError(public_id)
    if talk.status not in ("open", "accepted"):
        raise TalkError("This request can no longer be cancelled.")
    if talk.accepted_org_id:
        for person in _people(talk.accepted_org_id, ("owner", "recruiter")):
            queue_email(to=person.email, user=person, template="talk_cancelled",
                        key=f"talk-cancelled:{talk.id}:{person.id}",
                        subject=f"{school.name} cancelled their care ambassador {kind_noun(talk.kind)}",
                        user_name=person.first_name,
                        school_name=school.name, kind=kind_noun(talk.kind), first_choice=talk.first_choice)
    talk.status = "cancelled"
    audit.record("talk.cancelled", actor=actor, subject=talk)
    return talk


@transaction
def mark_delivered(provider: Organisation, actor: User, public_id: str, pupils_reached: int) -> TalkRequest:
    talk = _visible_to_provider(provider, public_id)
    if talk is None or talk.accepted_org_id != provider.id:
        raise LookupError(public_id)
    if talk.status not in ("accepted", "delivered"):
        raise TalkError("Only an accepted talk can be marked as delivered.")
    if talk.first_choice > clock.today_uk() and (talk.second_choice is None or talk.second_choice > clock.today_uk()):
        raise TalkError("You can mark the talk as delivered once its date has come.", field="pupils_reached")
    talk.status, talk.pupils_reached, talk.delivered_at = "delivered", pupils_reached, clock.now()
    audit.record("talk.delivered", actor=actor, subject=talk, pupils_reached=pupils_reached)
    return talk


def school_counts(school: Organisation) -> dict[str, int]:
    """For the school dashboard: requests waiting for a provider, talks booked, questions for the school."""
    rows = db.session.execute(
        select(TalkRequest.status, TalkRequest.widen_asked_at, TalkRequest.extra_km, TalkRequest.first_choice,
               TalkRequest.second_choice).where(TalkRequest.school_id == school.id,
                                                TalkRequest.status.in_(("open", "accepted")))
    ).all()
    today = clock.today_uk()
    return {
        "waiting": sum(row.status == "open" for row in rows),
        "booked": sum(row.status == "accepted" and max(d for d in (row.first_choice, row.second_choice) if d) >= today
                      for row in rows),
        "to_answer": sum(row.status == "open" and row.widen_asked_at is not None and not row.extra_km
                         for row in rows),
    }


def provider_counts(provider: Organisation) -> dict[str, int]:
    """For the provider dashboard: open requests offered to them, and talks they have booked."""
    waiting = db.session.execute(
        select(func.count()).select_from(TalkRequest)
        .join(TalkRequestNotice, TalkRequestNotice.request_id == TalkRequest.id)
        .where(TalkRequestNotice.organisation_id == provider.id, TalkRequest.status == "open",
               (TalkRequest.first_choice > clock.today_uk()) | (TalkRequest.second_choice > clock.today_uk()))
    ).scalar_one()
    booked = db.session.execute(
        select(func.count()).select_from(TalkRequest)
        .where(TalkRequest.accepted_org_id == provider.id, TalkRequest.status == "accepted")
    ).scalar_one()
    profile = profile_for(provider)
    return {"waiting": waiting, "booked": booked, "ambassador": bool(profile and profile.active)}
