"""One of every kind of record about people, with values no two people share.

Pupils, a guardian, applicants, a referred friend with and without an account, provider staff, a
school contact and an admin; each has a distinctive name, email, date of birth and postcode sector,
so a search for them anywhere (a download, every table) means something.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select

from outreach import clock
from outreach.applications import notes, pipeline
from outreach.extensions import db
from outreach.impact import equal_opportunities
from outreach.mail import unsubscribe
from outreach.models.accounts import User
from outreach.models.applications import ApplicationInvitation, EmploymentCheck
from outreach.models.referrals import LeaderboardOptIn, LeadStageChange
from outreach.models.schools import TalkRequest
from outreach.models.signups import ObservedValues, SignUp
from outreach.organisations import service as organisations
from outreach.questionnaire import sharing
from outreach.referrals import leads
from outreach.safeguarding import service as safeguarding
from outreach.tasters import after, signups
from tests.applications.factories import apply_for
from tests.factories import make_member, make_organisation, make_user
from tests.questionnaire.factories import complete_questionnaire
from tests.referrals.factories import make_lead, make_link
from tests.tasters.factories import make_taster
from tests.vacancies.factories import make_vacancy

START = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)  # a Monday morning
PROVIDER = "Fordington House"
RATINGS = {key: 2 for key in ("dignity_respect", "compassion_empathy", "person_centred", "communication",
                              "teamwork", "reliability", "courage", "learning")}
SCHOOL = "Durnover Academy"


@dataclass
class Person:
    key: str
    first: str
    last: str
    email: str
    born: date | None = None
    sector: str | None = None
    phone: str | None = None
    user_id: int | None = None

    def values(self) -> list[str]:
        found = [self.first, self.last, self.email]
        found += [self.born.isoformat()] if self.born else []
        found += [self.sector] if self.sector else []
        found += [self.phone] if self.phone else []
        return found


PEOPLE = {p.key: p for p in (
    Person("pupil", "Pipaluk", "Zennorwick", "pipaluk.zw@pupils.example", date(2011, 2, 13), "ZE3 7"),
    Person("guardian", "Gwendolyn", "Thackerpole", "gwen.thackerpole@home.example"),
    Person("other_pupil", "Perpetua", "Klammeroth", "perpetua.kl@pupils.example", date(2009, 11, 21), "KW9 4"),
    Person("other_guardian", "Grizelda", "Moffatbury", "grizelda.mb@home.example"),
    Person("applicant", "Anselm", "Brightwater", "anselm.bw@applicants.example", date(2003, 6, 29), "HS2 8"),
    Person("friend", "Bathsheba", "Oyelaranko", "bathsheba.oy@applicants.example", date(1998, 4, 17), "IV27 5",
           phone="07700900417"),
    Person("lead_only", "Florizel", "Quistmoor", "florizel.qm@friends.example", phone="07700900923"),
    Person("invitee", "Ignatius", "Invitewell", "ignatius.iw@invited.example"),
    Person("owner", "Ottoline", "Quarrington", "ottoline.q@fordington.example"),
    Person("recruiter", "Rupertus", "Vexleyford", "rupertus.v@fordington.example"),
    Person("staff", "Saskia", "Wendleby", "saskia.w@fordington.example"),
    Person("school", "Horatia", "Pembleworth", "horatia.p@durnover.example"),
    Person("admin", "Admetus", "Ferncastle", "admetus.f@careways.example"),
)}
ACCOUNTS = ("pupil", "other_pupil", "applicant", "friend", "owner", "recruiter", "staff", "school", "admin")
# What a person may see of someone else: a pupil typed in their own guardian's details.
MAY_SEE = {"pupil": {"guardian"}, "other_pupil": {"other_guardian"}}


@dataclass
class World:
    people: dict[str, Person] = field(default_factory=lambda: PEOPLE)

    def user(self, key: str) -> User:
        return db.session.get(User, self.people[key].user_id)


def _account(key: str, account_type: str, age: int | None = None, organisation=None, role=None) -> User:
    person = PEOPLE[key]
    if organisation is not None:
        user = make_member(organisation, role, person.email, first_name=person.first)
    else:
        user = make_user(account_type, person.email, age=age, first_name=person.first)
    user.last_name = person.last
    user.date_of_birth = person.born
    user.postcode_sector = person.sector
    db.session.commit()
    person.user_id = user.id
    return user


def _sign_up(user, session, guardian: str | None, access_needs: str) -> SignUp:
    guardian_person = PEOPLE.get(guardian) if guardian else None
    request = signups.SignUpRequest(
        guardian_name=f"{guardian_person.first} {guardian_person.last}" if guardian_person else None,
        guardian_email=guardian_person.email if guardian_person else None, access_needs=access_needs,
        join_waitlist=True)
    return signups.sign_up(user, session, request)


def build() -> World:
    """Every kind of record, made mostly through the real services, with the clock moving on."""
    clock.freeze(START)
    provider = make_organisation(PROVIDER, postcode="DT1 1HR")
    school = make_organisation(SCHOOL, kind="school", postcode="DT1 1HR")
    owner = _account("owner", "provider", organisation=provider, role="owner")
    recruiter = _account("recruiter", "provider", organisation=provider, role="recruiter")
    staff = _account("staff", "provider", organisation=provider, role="staff")
    school_contact = _account("school", "school", organisation=school, role="owner")
    admin = _account("admin", "admin")
    pupil = _account("pupil", "pupil", 15)
    other_pupil = _account("other_pupil", "pupil", 16)
    applicant = _account("applicant", "applicant", 22)
    friend = _account("friend", "applicant", 27)

    # Tasters: one last week (attended, rated, feedback), one next month (places for erasure to free).
    taster = make_taster(provider, recruiter, sessions=((7, 4), (40, 1)))
    past, future = taster.sessions
    for user, guardian in ((pupil, "guardian"), (other_pupil, "other_guardian"), (applicant, None)):
        _sign_up(user, past, guardian, f"Needs a quiet room ({user.first_name})")
    _sign_up(pupil, future, "guardian", "Step-free access")
    _sign_up(other_pupil, future, "other_guardian", "None")  # waiting list
    for signup in db.session.execute(select(SignUp)).scalars():
        if signup.consent is not None:
            signup.consent.decision, signup.consent.decided_at = "consented", clock.now()
        if signup.status != "waitlisted":
            signup.status, signup.provider_accepted_by_id = "confirmed", recruiter.id
    db.session.commit()
    clock.freeze(START + timedelta(days=8))
    for signup_id in db.session.execute(select(SignUp.id).where(SignUp.session_id == past.id)).scalars().all():
        after.mark_attendance(recruiter, db.session.get(SignUp, signup_id), True)
        db.session.add(ObservedValues(signup_id=signup_id, ratings=RATINGS, rated_by_id=recruiter.id))
        db.session.commit()
        after.provider_feedback(recruiter, db.session.get(SignUp, signup_id), rating=5,
                                comment="Lovely with residents; chatted about gardening")
        signup = db.session.get(SignUp, signup_id)
        after.visitor_feedback(signup.user, signup, consider_care=5, enjoyed="Singing with the residents")

    # Questionnaire, sharing, equal opportunities, unsubscribing.
    for user in (applicant, friend):
        complete_questionnaire(user)
        sharing.share(user, provider.public_id, True)
    equal_opportunities.save(applicant, sex="male", ethnicity="white")
    with_request_unsubscribe(applicant.email)

    # A vacancy: the applicant is hired (notes, reasons, a check); the referred friend applies.
    details = make_vacancy(provider, recruiter)
    link = make_link(staff)
    friend_person = PEOPLE["friend"]
    make_lead(provider, staff, name=f"{friend_person.first} {friend_person.last}", email=friend_person.email,
              phone=friend_person.phone, link=link)
    lead_only = PEOPLE["lead_only"]
    lonely = make_lead(provider, staff, name=f"{lead_only.first} {lead_only.last}", email=lead_only.email,
                       phone=lead_only.phone, link=link)
    leads.set_stage(lonely, "contacted", by=recruiter, reason=f"Rang {lead_only.first} on {lead_only.phone}",
                    now=clock.now())
    db.session.commit()
    hired = apply_for(applicant, details)
    applied = apply_for(friend, details)
    pipeline.move(provider, recruiter, details.opportunity, [hired.public_id], "interviewed",
                  reason="Warm, thoughtful answers at interview")
    pipeline.move(provider, recruiter, details.opportunity, [hired.public_id, applied.public_id], "hired",
                  reason="Great fit for the day team")
    notes.add(provider, recruiter, hired, "Prefers early shifts; has a driving licence")
    db.session.add(EmploymentCheck(application_id=hired.id, milestone="3m", still_employed=True,
                                   answered_by_id=recruiter.id))
    db.session.add(LeadStageChange(lead_id=lonely.id, from_stage="contacted", to_stage="contacted", by_id=owner.id,
                                   reason="Left a voicemail"))
    db.session.add(LeaderboardOptIn(user_id=staff.id, organisation_id=provider.id))
    db.session.add(ApplicationInvitation(opportunity_id=details.opportunity.id, user_id=other_pupil.id,
                                         invited_by_id=recruiter.id))
    db.session.add(TalkRequest(school_id=school.id, requested_by_id=school_contact.id, kind="talk", year_groups=[10],
                               first_choice=date(2026, 5, 4), pupils_expected=30, topics="Careers in care",
                               status="accepted", accepted_org_id=provider.id, accepted_by_id=owner.id,
                               accepted_at=clock.now()))
    db.session.commit()

    # Organisation life: an invitation, a concern handled by the admin.
    invitee = PEOPLE["invitee"]
    with_request(lambda: organisations.invite(provider, owner, invitee.email, "staff"))
    concern = safeguarding.report(about="taster", details="A worry about a session", page="/tasters/",
                                  reporter=pupil, contact=pupil.email, ip="203.0.113.9")
    safeguarding.mark_handled(admin, concern.public_id)
    db.session.commit()
    return World()


def with_request(work):
    from flask import current_app

    with current_app.test_request_context():
        return work()


def with_request_unsubscribe(address: str) -> None:
    with_request(lambda: unsubscribe.unsubscribe(unsubscribe.token_for(address)))
