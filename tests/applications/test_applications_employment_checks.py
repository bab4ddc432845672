"""Still employed at 3 and 6 months, for every hire: when a check falls due, recording the
answer once, keeping a referred friend's lead (and the referrer's points) in step either way,
the job that asks recruiters, the hires page, and account deletion. SQLite and PostgreSQL."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest
from dateutil.relativedelta import relativedelta
from sqlalchemy import event, func, select

from outreach import clock
from outreach.applications import employment_checks, pipeline
from outreach.applications.errors import NotAllowed, NotFound
from outreach.extensions import db
from outreach.jobs.runner import run_job
from outreach.models.accounts import User
from outreach.models.applications import Application, EmploymentCheck
from outreach.models.audit import AuditEvent
from outreach.models.outbox import OutboxMessage
from outreach.models.referrals import Lead, PointsEntry
from outreach.privacy import service as privacy
from outreach.referrals import leads
from outreach.referrals.errors import ReferralError
from tests.applications.factories import apply_for, make_applicant
from tests.factories import sign_in
from tests.pages import parse, text
from tests.referrals.factories import make_lead, make_link, provider_team
from tests.vacancies.factories import make_vacancy

HIRED = datetime(2026, 1, 5, 10, 0, tzinfo=timezone.utc)  # a Monday morning, GMT
AT_3M = HIRED + relativedelta(months=3)  # 5 April, 11:00 BST: daytime
AT_6M = HIRED + relativedelta(months=6)
RECRUITERS = ("owner-a@care.example", "recruiter-a@care.example")


def _setup(kind="job"):
    """Provider A (owner, recruiter, staff) with a vacancy, and provider B; at the hiring time."""
    clock.freeze(HIRED - timedelta(days=7))
    organisation, owner, recruiter, staff = provider_team()
    other, _, other_recruiter, _ = provider_team("Trent Valley", "ST16 2AB", prefix="b")
    details = make_vacancy(organisation, recruiter, kind=kind)
    return organisation, recruiter, staff, details, other, other_recruiter


def _hire(organisation, recruiter, details, email, *, first_name="Alex", age=20, at=HIRED) -> Application:
    clock.freeze(at - timedelta(days=2))
    person = make_applicant(email, first_name=first_name, age=age)
    application = apply_for(person, details)
    clock.freeze(at)
    pipeline.move(organisation, recruiter, details.opportunity, [application.public_id], "hired")
    return db.session.execute(select(Application).where(Application.id == application.id)).scalar_one()


def _reload(application_id: int) -> Application:
    db.session.expire_all()
    return db.session.get(Application, application_id)


def _checks(application_id: int | None = None) -> list[tuple[str, bool]]:
    query = select(EmploymentCheck.milestone, EmploymentCheck.still_employed).order_by(EmploymentCheck.milestone)
    if application_id is not None:
        query = query.where(EmploymentCheck.application_id == application_id)
    return [tuple(row) for row in db.session.execute(query).all()]


def _emails(template: str) -> list[str]:
    return list(db.session.execute(
        select(OutboxMessage.to_address).where(OutboxMessage.template == template).order_by(OutboxMessage.id)
    ).scalars())


# --- when a check is due --------------------------------------------------------------------------

def test_hired_at_is_the_first_hire_and_the_3_month_check_is_due_on_the_calendar_date(app):
    with app.app_context():
        organisation, recruiter, _, details, _, _ = _setup()
        application = _hire(organisation, recruiter, details, "sam@example.com")
        assert application.hired_at == HIRED
        clock.freeze(HIRED + timedelta(days=3))  # taken off hired by mistake, then hired again
        pipeline.move(organisation, recruiter, details.opportunity, [application.public_id], "offered")
        pipeline.move(organisation, recruiter, details.opportunity, [application.public_id], "hired")
        application = _reload(application.id)
        assert application.hired_at == HIRED
        assert employment_checks.check_due(application, HIRED + relativedelta(months=2, days=30)) is None
        assert employment_checks.check_due(application, AT_3M - timedelta(seconds=1)) is None
        assert employment_checks.check_due(application, AT_3M) == "3m"
        assert employment_checks.check_due(application, AT_6M - timedelta(seconds=1)) == "3m"
        assert employment_checks.check_due(application, AT_6M) == "6m"


def test_a_hire_on_30_november_is_due_on_28_february_on_the_page_too(app):
    with app.app_context():
        organisation, recruiter, _, details, _, _ = _setup()
        november = datetime(2025, 11, 30, 10, 0, tzinfo=timezone.utc)
        clock.freeze(november - timedelta(days=7))
        details = make_vacancy(organisation, recruiter, title="Night carer")
        application = _hire(organisation, recruiter, details, "nov@example.com", at=november)
        due_day = datetime(2026, 2, 28, 10, 0, tzinfo=timezone.utc)
        assert employment_checks.check_due(application, due_day - timedelta(minutes=1)) is None
        assert employment_checks.due_for(organisation, due_day - timedelta(minutes=1)) == []
        assert employment_checks.check_due(application, due_day) == "3m"
        assert [h.public_id for h in employment_checks.due_for(organisation, due_day)] == [application.public_id]


def test_after_6_months_one_yes_settles_both_checks(app):
    with app.app_context():
        organisation, recruiter, _, details, _, _ = _setup()
        application = _hire(organisation, recruiter, details, "sam@example.com")
        clock.freeze(AT_6M + timedelta(days=1))
        assert employment_checks.record(organisation, recruiter, application, True) == ["3m", "6m"]
        assert _checks(application.id) == [("3m", True), ("6m", True)]
        assert employment_checks.check_due(_reload(application.id), AT_6M + relativedelta(years=2)) is None


def test_after_6_months_one_no_is_recorded_at_6_months_only_and_never_asked_again(app):
    with app.app_context():
        organisation, recruiter, _, details, _, _ = _setup()
        application = _hire(organisation, recruiter, details, "sam@example.com")
        clock.freeze(AT_6M + timedelta(days=1))
        assert employment_checks.record(organisation, recruiter, application, False) == ["6m"]
        assert _checks(application.id) == [("6m", False)]
        assert employment_checks.due_for(organisation, AT_6M + relativedelta(years=1)) == []


def test_3_months_then_6_months_and_someone_gone_at_3_months_is_not_asked_at_6(app):
    with app.app_context():
        organisation, recruiter, _, details, _, _ = _setup()
        stays = _hire(organisation, recruiter, details, "stays@example.com", first_name="Stella")
        leaves = _hire(organisation, recruiter, details, "leaves@example.com", first_name="Lee")
        clock.freeze(AT_3M + timedelta(days=1))
        assert [h.milestone for h in employment_checks.due_for(organisation)] == ["3m", "3m"]
        assert employment_checks.record(organisation, recruiter, stays, True) == ["3m"]
        assert employment_checks.record(organisation, recruiter, leaves, False) == ["3m"]
        assert employment_checks.due_for(organisation) == []
        clock.freeze(AT_6M + timedelta(days=1))
        due = employment_checks.due_for(organisation)
        assert [(h.public_id, h.milestone, h.settles_both) for h in due] == [(stays.public_id, "6m", False)]
        assert employment_checks.record(organisation, recruiter, stays, True) == ["6m"]
        assert _checks(stays.id) == [("3m", True), ("6m", True)] and _checks(leaves.id) == [("3m", False)]


# --- recording an answer --------------------------------------------------------------------------

def test_record_is_scoped_to_the_provider_and_refuses_when_nothing_is_due(app):
    with app.app_context():
        organisation, recruiter, _, details, other, other_recruiter = _setup()
        application = _hire(organisation, recruiter, details, "sam@example.com", first_name="Sam")
        clock.freeze(HIRED - timedelta(days=1))
        applied = apply_for(make_applicant("new@example.com", first_name="Nina"), details)
        clock.freeze(HIRED + relativedelta(months=2))
        with pytest.raises(NotFound):
            employment_checks.record(other, other_recruiter, application, True)
        with pytest.raises(NotAllowed, match="too early to ask about Sam: the first check is on 5 April 2026"):
            employment_checks.record(organisation, recruiter, application, True)
        clock.freeze(AT_3M)
        with pytest.raises(NotAllowed, match="Nina is not marked as hired"):
            employment_checks.record(organisation, recruiter, applied, True)
        employment_checks.record(organisation, recruiter, application, True)
        with pytest.raises(employment_checks.AlreadyAnswered, match="already have your answer about Sam at 3 months"):
            employment_checks.record(organisation, recruiter, application, False)  # a double submit changes nothing
        assert _checks() == [("3m", True)]
        event = db.session.execute(
            select(AuditEvent).where(AuditEvent.action == "hire.employment_checked")).scalar_one()
        assert event.actor_id == recruiter.id and event.subject_id == application.public_id
        assert event.detail == {"check": "3m", "recorded": "3m", "still_employed": True}


def test_a_minor_hire_is_audited_as_a_minor(app):
    with app.app_context():
        organisation, recruiter, _, details, _, _ = _setup(kind="apprenticeship")
        application = _hire(organisation, recruiter, details, "mia@example.com", first_name="Mia", age=16)
        clock.freeze(AT_3M)
        employment_checks.record(organisation, recruiter, application, True)
        event = db.session.execute(
            select(AuditEvent).where(AuditEvent.action == "hire.employment_checked")).scalar_one()
        assert event.detail["minor"] is True


def test_two_answers_at_once_are_recorded_once(app):
    with app.app_context():
        organisation, recruiter, _, details, _, _ = _setup()
        application_id = _hire(organisation, recruiter, details, "sam@example.com").id
        organisation_id, recruiter_id = organisation.id, recruiter.id
        db.session.commit()
    clock.freeze(AT_3M)
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def answer(still_employed):
        with app.app_context():
            try:
                from outreach.models.organisations import Organisation

                organisation = db.session.get(Organisation, organisation_id)
                actor = db.session.get(User, recruiter_id)
                application = db.session.get(Application, application_id)
                _ = (organisation.name, actor.email, application.opportunity.organisation_id, application.user.email)
                db.session.commit()  # SQLite: no transaction held while waiting
                barrier.wait(timeout=30)
                try:
                    outcomes.append(employment_checks.record(organisation, actor, application, still_employed))
                except employment_checks.AlreadyAnswered:
                    outcomes.append("already")
            except Exception as error:  # pragma: no cover - reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=answer, args=(value,)) for value in (True, False)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(map(str, outcomes)) == sorted(["['3m']", "already"])
    with app.app_context():
        assert len(_checks()) == 1


# --- referral leads in step -----------------------------------------------------------------------

def _referred_hire(at=HIRED):
    """Priya, recommended by staff member Sam, applies and is hired."""
    organisation, recruiter, staff, details, other, other_recruiter = _setup()
    clock.freeze(at - timedelta(days=10))
    lead = make_lead(organisation, staff, name="Priya Shah", email="priya@example.com", link=make_link(staff))
    application = _hire(organisation, recruiter, details, "priya@example.com", first_name="Priya", at=at)
    return organisation, recruiter, staff, application, db.session.get(Lead, lead.id)


def _points() -> list[str]:
    return list(db.session.execute(select(PointsEntry.reason).order_by(PointsEntry.id)).scalars())


def test_the_application_moves_and_remembers_the_friends_lead(app):
    with app.app_context():
        organisation, recruiter, staff, application, lead = _referred_hire()
        assert lead.stage == "hired" and lead.application_id == application.id
        assert _points() == ["stage:applied", "stage:interviewed", "stage:hired"]
        due = employment_checks.due_for(organisation, AT_3M)
        assert [(h.public_id, h.referred_by) for h in due] == [(application.public_id, "Sam")]
        referred = db.session.execute(select(Application.id).where(employment_checks.referred_hire())).scalars().all()
        assert referred == [application.id]


def test_an_answer_on_the_hires_page_moves_the_lead_and_awards_points_once(app):
    with app.app_context():
        organisation, recruiter, staff, application, lead = _referred_hire()
        clock.freeze(AT_3M)
        employment_checks.record(organisation, recruiter, application, True)
        lead = db.session.get(Lead, lead.id)
        assert lead.stage == "employed_3m"
        with pytest.raises(ReferralError, match="no check due"):
            leads.confirm_still_employed(organisation, recruiter, lead, True)  # nothing left to ask
        db.session.rollback()
        clock.freeze(AT_6M)
        employment_checks.record(organisation, recruiter, application, False)
        lead = db.session.get(Lead, lead.id)
        assert lead.stage == "left" and lead.left_at == AT_6M
        assert _points() == ["stage:applied", "stage:interviewed", "stage:hired", "stage:employed_3m"]
        assert _checks(application.id) == [("3m", True), ("6m", False)]
        vias = db.session.execute(select(AuditEvent.detail).where(
            AuditEvent.action == "referral.employment_checked")).scalars().all()
        assert [d["via"] for d in vias] == ["application", "application"]


def test_an_answer_on_the_leads_page_records_the_applications_check(app):
    with app.app_context():
        organisation, recruiter, staff, application, lead = _referred_hire()
        clock.freeze(AT_6M + timedelta(days=2))  # nobody answered at 3 months
        leads.confirm_still_employed(organisation, recruiter, lead, True)
        assert db.session.get(Lead, lead.id).stage == "employed_6m"
        assert _checks(application.id) == [("3m", True), ("6m", True)]
        with pytest.raises(employment_checks.AlreadyAnswered):
            employment_checks.record(organisation, recruiter, application, True)
        assert _points() == ["stage:applied", "stage:interviewed", "stage:hired", "stage:employed_3m",
                             "stage:employed_6m"]
        event = db.session.execute(select(AuditEvent.detail).where(
            AuditEvent.action == "hire.employment_checked")).scalar_one()
        assert event["via"] == "referral lead" and event["recorded"] == "3m,6m"


def test_a_lead_already_marked_hired_by_hand_is_linked_when_the_application_is_hired(app):
    with app.app_context():
        organisation, recruiter, staff, details, _, _ = _setup()
        clock.freeze(HIRED - timedelta(days=10))
        lead = make_lead(organisation, staff, email="priya@example.com", stage="hired",
                         hired_at=HIRED - timedelta(days=10))
        application = _hire(organisation, recruiter, details, "priya@example.com", first_name="Priya")
        lead = db.session.get(Lead, lead.id)
        assert lead.stage == "hired" and lead.application_id == application.id


# --- the job --------------------------------------------------------------------------------------

def test_the_job_asks_each_recruiter_once_per_hire_and_milestone(app, smtp):
    with app.app_context():
        organisation, recruiter, _, details, _, _ = _setup(kind="apprenticeship")
        _hire(organisation, recruiter, details, "mia@example.com", first_name="Mia", age=16)
        clock.freeze(AT_3M - timedelta(days=1))
        run_job("employment_checks")
        assert _emails("hire_employment_check") == []
        clock.freeze(AT_3M + timedelta(hours=1))
        run_job("employment_checks")
        result = run_job("employment_checks")
        assert sorted(_emails("hire_employment_check")) == sorted(RECRUITERS)  # not staff, not provider B
        assert result.emails_queued == 0
        run_job("send_outbox")
        message = smtp.wait_for("recruiter-a@care.example")[0]
        assert message["Subject"] == "Is Mia still working with you?" and message["List-Unsubscribe"]
        body = smtp.text_of(message)
        assert "Mia started at Fordington House" in body and "3 months" in body and "/providers/hires" in body
        assert "Tester" not in body and "mia@example.com" not in body
        clock.freeze(AT_6M + timedelta(hours=1))  # nobody answered: asked again at 6 months, once
        run_job("employment_checks")
        run_job("employment_checks")
        assert len(_emails("hire_employment_check")) == 4


def test_the_job_keeps_quiet_at_night(app):
    with app.app_context():
        organisation, recruiter, _, details, _, _ = _setup()
        _hire(organisation, recruiter, details, "sam@example.com")
        clock.freeze(datetime(2026, 4, 6, 21, 30, tzinfo=timezone.utc))  # 22:30 BST
        run_job("employment_checks")
        assert _emails("hire_employment_check") == []
        clock.freeze(datetime(2026, 4, 7, 7, 30, tzinfo=timezone.utc))  # 08:30 BST
        run_job("employment_checks")
        assert len(_emails("hire_employment_check")) == 2


def test_a_lead_moved_by_an_application_is_asked_about_through_the_application_only(app):
    with app.app_context():
        organisation, recruiter, staff, application, lead = _referred_hire()
        clock.freeze(HIRED - timedelta(days=1))
        make_lead(organisation, staff, name="Omar Ali", email="omar@example.com", stage="hired", hired_at=HIRED)
        clock.freeze(AT_3M + timedelta(hours=1))
        run_job("employment_checks")
        run_job("employment_checks")
        assert sorted(_emails("hire_employment_check")) == sorted(RECRUITERS)
        assert sorted(_emails("referral_employment_check")) == sorted(RECRUITERS)  # Omar, hired outside the site
        subjects = db.session.execute(select(OutboxMessage.subject).order_by(OutboxMessage.subject)).scalars().all()
        assert "Is Omar still with you?" in subjects and "Is Priya still working with you?" in subjects
        assert "Is Priya still with you?" not in subjects
        body = db.session.execute(select(OutboxMessage.body_text).where(
            OutboxMessage.template == "hire_employment_check")).scalars().first()
        assert "Sam, who recommended them, earns their reward points" in body


def test_an_unsubscribed_recruiter_is_not_asked(app, client):
    from outreach.mail import unsubscribe

    with app.app_context():
        organisation, recruiter, _, details, _, _ = _setup()
        _hire(organisation, recruiter, details, "sam@example.com")
        with app.test_request_context():
            token = unsubscribe.token_for("owner-a@care.example")
    assert client.post(f"/unsubscribe/{token}").status_code == 302  # the page's button: redirected to "done"
    with app.app_context():
        clock.freeze(AT_3M + timedelta(hours=1))
        run_job("employment_checks")
        run_job("employment_checks")
        assert _emails("hire_employment_check") == ["recruiter-a@care.example"]


# --- the hires page -------------------------------------------------------------------------------

def _page_setup(app):
    with app.app_context():
        organisation, recruiter, _, details, _, _ = _setup(kind="apprenticeship")
        adult = _hire(organisation, recruiter, details, "sam@example.com", first_name="Sam").public_id
        minor = _hire(organisation, recruiter, details, "mia@example.com", first_name="Mia", age=16).public_id
    clock.freeze(AT_3M + timedelta(days=1))
    return adult, minor


def _signed_in(app, email):
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return client


def test_the_page_is_for_the_providers_recruiters_and_owners_only(app):
    adult, _ = _page_setup(app)
    for email in RECRUITERS:
        assert _signed_in(app, email).get("/providers/hires").status_code == 200
    staff = _signed_in(app, "staff-a@care.example")
    assert staff.get("/providers/hires").status_code == 403
    assert staff.post(f"/providers/hires/{adult}/still-employed", data={"still_employed": "yes"}).status_code == 403
    other = _signed_in(app, "recruiter-b@care.example")
    page = other.get("/providers/hires").get_data(as_text=True)
    assert "Sam" not in page and "Nothing to answer just now" in page
    answer = other.post(f"/providers/hires/{adult}/still-employed", data={"still_employed": "yes"})
    assert answer.status_code == 404
    with app.app_context():
        assert _checks() == []


def test_minors_show_first_name_and_age_band_only(app):
    adult, minor = _page_setup(app)
    client = _signed_in(app, "recruiter-a@care.example")
    html = client.get("/providers/hires").get_data(as_text=True)
    assert "Is Mia still working with you?" in html and "16 to 17" in html and "Mia Tester" not in html
    assert "Sam Tester" in html and "Is Sam still working with you?" in html
    assert "mia@example.com" not in html
    assert f'id="still-employed-{minor}-0"' in html and f'id="still-employed-{adult}-0"' in html
    client.post(f"/providers/hires/{minor}/still-employed", data={"still_employed": "yes"})
    html = client.get("/providers/hires").get_data(as_text=True)
    recent = html.split("Your answers in the last 90 days")[1]
    assert "Mia (16 to 17)" in recent and "Mia Tester" not in recent and "Still working with you" in recent
    with app.app_context():
        viewed = db.session.execute(select(AuditEvent.detail).where(AuditEvent.action == "hires.viewed")
                                    .order_by(AuditEvent.id)).scalars().all()
        assert viewed[0] == {"due": 2, "minors": 1}


def test_an_answer_is_saved_once_with_a_confirmation_even_on_a_double_submit(app):
    adult, minor = _page_setup(app)
    client = _signed_in(app, "recruiter-a@care.example")
    first = client.post(f"/providers/hires/{adult}/still-employed", data={"still_employed": "no"},
                        follow_redirects=True)
    assert "We have noted that Sam is no longer working with you" in first.get_data(as_text=True)
    again = client.post(f"/providers/hires/{adult}/still-employed", data={"still_employed": "yes"},
                        follow_redirects=True)
    assert again.status_code == 200
    assert "You have already told us Sam is no longer working with you" in again.get_data(as_text=True)
    with app.app_context():
        assert _checks() == [("3m", False)]
    html = client.get("/providers/hires").get_data(as_text=True)
    due_part, recent = html.split("Your answers in the last 90 days")
    assert "Is Sam still" not in due_part and "Is Mia still working with you?" in due_part
    assert "Sam Tester" in recent and "Left" in recent and "Raj" in recent


def test_bad_input_gets_a_message_beside_the_question_not_a_500(app):
    adult, minor = _page_setup(app)
    client = _signed_in(app, "recruiter-a@care.example")
    for data in ({}, {"still_employed": "maybe"}):
        response = client.post(f"/providers/hires/{adult}/still-employed", data=data)
        doc = parse(response)
        assert response.status_code == 400 and "Choose yes or no" in text(doc)
        assert doc.select_one(f'a[href="#still-employed-{adult}"]') and doc.select(".field-error")
    clock.freeze(AT_3M - timedelta(days=1))  # not due yet: a message, not an error page
    client = _signed_in(app, "recruiter-a@care.example")
    early = client.post(f"/providers/hires/{adult}/still-employed", data={"still_employed": "yes"})
    assert early.status_code == 400 and "too early to ask about Sam" in early.get_data(as_text=True)
    assert client.post("/providers/hires/not-a-hire/still-employed", data={"still_employed": "yes"}).status_code == 404
    with app.app_context():
        assert _checks() == []


def test_the_forms_carry_a_csrf_token_and_need_it(app):
    adult, _ = _page_setup(app)
    client = _signed_in(app, "recruiter-a@care.example")
    tokens = parse(client.get("/providers/hires")).select('form input[name="csrf_token"]')
    assert len(tokens) >= 3  # sign out, and one per hire
    response = client.post(f"/providers/hires/{adult}/still-employed", data={"still_employed": "yes"}, csrf=False)
    assert response.status_code == 400
    with app.app_context():
        assert _checks() == []


def test_an_empty_page_and_the_link_from_the_dashboard(app):
    with app.app_context():
        _setup()
    client = _signed_in(app, "recruiter-a@care.example")
    assert "/providers/hires" in client.get("/dashboard").get_data(as_text=True)
    html = client.get("/providers/hires").get_data(as_text=True)
    assert "Nothing to answer just now" in html and "No answers in the last 90 days" in html


# --- deleting an account --------------------------------------------------------------------------

def test_a_deleted_hires_checks_stay_with_the_anonymised_application_and_they_are_not_asked_about(app):
    with app.app_context():
        organisation, recruiter, _, details, _, _ = _setup()
        application = _hire(organisation, recruiter, details, "sam@example.com")
        clock.freeze(AT_3M)
        employment_checks.record(organisation, recruiter, application, True)
        clock.freeze(AT_6M - timedelta(days=1))
        user = db.session.get(User, application.user_id)
        assert privacy.delete_account(user) == "anonymised"
        assert _checks(application.id) == [("3m", True)]
        clock.freeze(AT_6M + timedelta(hours=1))
        assert employment_checks.due_for(organisation) == []
        run_job("employment_checks")
        assert _emails("hire_employment_check") == []


# --- for the impact dashboard ---------------------------------------------------------------------

def test_retention_columns_count_hires_still_employed_at_3_and_6_months(app):
    with app.app_context():
        organisation, recruiter, _, details, _, _ = _setup()
        kept = _hire(organisation, recruiter, details, "kept@example.com")
        gone = _hire(organisation, recruiter, details, "gone@example.com")
        _hire(organisation, recruiter, details, "quiet@example.com")
        clock.freeze(AT_6M + timedelta(days=1))
        employment_checks.record(organisation, recruiter, kept, True)
        employment_checks.record(organisation, recruiter, gone, False)
        columns = employment_checks.retention_columns(clock.now())
        row = db.session.execute(select(*columns).select_from(Application)).one()
        assert row._asdict() == {"hired": 3, "reached_3m": 3, "reached_6m": 3, "answered_3m": 1,
                                 "answered_6m": 2, "employed_3m": 1, "employed_6m": 1}
        referred = db.session.execute(select(func.count()).select_from(Application)
                                      .where(employment_checks.referred_hire())).scalar()
        assert referred == 0


def test_the_hires_waiting_are_found_in_two_queries(app):
    with app.app_context():
        from outreach.vacancies.service import public_vacancy

        organisation, recruiter, staff, application, lead = _referred_hire()
        details = public_vacancy(application.opportunity.public_id)
        for i in range(4):
            _hire(organisation, recruiter, details, f"person{i}@example.com", first_name=f"Person{i}")
        organisation_id = organisation.id
        db.session.commit()
        db.session.expunge_all()
        organisation = db.session.get(type(organisation), organisation_id)  # loaded before counting
        statements = []

        def count(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            due = employment_checks.due_for(organisation, AT_3M + timedelta(days=1))
            names = [(hire.name, hire.title, hire.referred_by, hire.milestone, hire.settles_both) for hire in due]
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        assert len(names) == 5 and names[0][2] == "Sam"
        assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 2
