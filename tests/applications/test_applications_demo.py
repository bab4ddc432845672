"""Demo vacancies, applicants, applications and hires: loaded once, public, and feeding the shortlists,
matches, hire checks and impact figures a fresh demo shows."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from outreach import clock, geo
from outreach.accounts.service import find_user
from outreach.applications import employment_checks, matches
from outreach.applications.people import is_minor
from outreach.demo_data import accounts as demo_data
from outreach.demo_data.application_stories import DEMO_APPLICANTS, DEMO_VACANCIES, applicant_email
from outreach.demo_data.applications import load_demo_vacancies
from outreach.demo_data.tasters import load_demo_tasters
from outreach.extensions import db
from outreach.impact import figures
from outreach.impact.service import funnel_table
from outreach.models.accounts import User
from outreach.models.applications import ApplicantProfile, Application, ApplicationStageChange, EmploymentCheck
from outreach.models.impact import EqualOpportunities
from outreach.models.opportunities import Opportunity
from outreach.models.organisations import Organisation
from outreach.models.vacancies import VACANCY_KINDS
from outreach.opportunities.nearby import nearby_opportunities
from outreach.vacancies import service as vacancies
from tests.factories import sign_in

APPLICATIONS = sum(len(spec["applications"]) for spec in DEMO_APPLICANTS)
HISTORY_ROWS = sum(len(path["stages"]) for spec in DEMO_APPLICANTS for path in spec["applications"].values())


def load_everything():
    demo_data.load()
    load_demo_tasters()
    return load_demo_vacancies()


def count(model, *where) -> int:
    return db.session.execute(select(func.count()).select_from(model).where(*where)).scalar()


def organisation(name: str) -> Organisation:
    return db.session.execute(select(Organisation).where(Organisation.name == name)).scalar_one()


def demo_vacancies() -> list[Opportunity]:
    return list(db.session.execute(select(Opportunity).where(Opportunity.kind.in_(VACANCY_KINDS))
                                   .order_by(Opportunity.id)).scalars())


def test_demo_vacancies_load_once_with_their_history(ctx):
    first = load_everything()
    assert first == {"vacancies": 3, "applicants": 12, "applications": APPLICATIONS} and APPLICATIONS == 13
    assert load_demo_vacancies() == {"vacancies": 0, "applicants": 0, "applications": 0}
    assert load_everything() == {"vacancies": 0, "applicants": 0, "applications": 0}
    assert count(Opportunity, Opportunity.kind.in_(VACANCY_KINDS)) == 3
    assert count(User, User.email.like("demo-applicant-%")) == 12
    assert count(Application) == APPLICATIONS
    assert count(ApplicationStageChange) == HISTORY_ROWS
    assert count(EmploymentCheck) == 1
    assert count(EqualOpportunities) == sum(1 for spec in DEMO_APPLICANTS if spec["eo"])
    # The existing demo applicant keeps a clean slate for the journeys that apply as them.
    jordan = find_user("applicant@careways.example")
    assert count(Application, Application.user_id == jordan.id) == 0
    # Every application's history runs in order, and a hire's date is its last step.
    for application in db.session.execute(select(Application)).scalars():
        times = [change.changed_at for change in application.changes]
        assert times == sorted(times) and application.changes[0].to_stage == "applied"
        assert clock.as_utc(application.created_at) == clock.as_utc(times[0])
        assert application.changes[-1].to_stage == application.stage
        assert clock.as_utc(application.created_at) > clock.as_utc(application.opportunity.published_at)
        if application.stage == "hired":
            assert clock.as_utc(application.hired_at) == clock.as_utc(times[-1])


def test_demo_under_18s_are_never_discoverable(ctx):
    load_everything()
    minors = [user for user in db.session.execute(select(User).where(User.email.like("demo-applicant-%"))).scalars()
              if is_minor(user.date_of_birth)]
    assert {user.first_name for user in minors} == {"Tyler", "Leah"}
    profiles = db.session.execute(select(ApplicantProfile).where(
        ApplicantProfile.user_id.in_([user.id for user in minors]))).scalars().all()
    assert len(profiles) == 2 and not any(profile.discoverable for profile in profiles)
    assert count(ApplicantProfile, ApplicantProfile.discoverable.is_(True)) == 4  # adults who chose to be found


def test_demo_vacancies_are_published_fairly_paid_and_found(app, client):
    with app.test_request_context():
        load_everything()
        found = demo_vacancies()
        assert [o.title for o in found] == [spec["title"] for spec in DEMO_VACANCIES]
        for opportunity in found:
            details = vacancies.details_of(opportunity)
            assert opportunity.is_public and vacancies.public_vacancy(opportunity.public_id) is not None
            assert details.closing_date == clock.today_uk() + timedelta(days=42)
            assert vacancies.pay_problem(details) is None
        assert [o.role_slug for o in found] == ["care-worker", "care-apprenticeship", "home-care-worker"]
        near_dorchester = {n.opportunity.title for n in nearby_opportunities(
            geo.resolve("DT1 1HR"), kinds=VACANCY_KINDS, radius_km=50)}
        assert near_dorchester == {DEMO_VACANCIES[0]["title"], DEMO_VACANCIES[1]["title"]}
        near_stafford = {n.opportunity.title
                         for n in nearby_opportunities(geo.resolve("ST16 2AB"), kinds=VACANCY_KINDS)}
        assert near_stafford == {DEMO_VACANCIES[2]["title"]}
        jordan = find_user("applicant@careways.example")
        matched = {m.opportunity.title for m in matches.matches_for(jordan).items if m.is_vacancy}
        assert matched == {DEMO_VACANCIES[0]["title"]}  # Wareham is beyond his 8 km without a profile
        chloe = find_user(applicant_email(5))  # travels up to 30 km; has applied to both Dorset posts
        both = {m.opportunity.title: m.applied for m in matches.matches_for(chloe).items if m.is_vacancy}
        assert both == {DEMO_VACANCIES[0]["title"]: True, DEMO_VACANCIES[1]["title"]: True}
        public_ids = [o.public_id for o in found]
    for public_id, spec in zip(public_ids, DEMO_VACANCIES, strict=True):
        assert spec["title"] in client.get(f"/vacancies/{public_id}").get_data(as_text=True)
    assert sign_in(client, "applicant@careways.example", demo_data.DEMO_PASSWORD).status_code == 302
    html = client.get("/matches").get_data(as_text=True)
    assert DEMO_VACANCIES[0]["title"] in html


def test_fordington_recruiter_has_a_3_and_a_6_month_check_due(app, client):
    with app.test_request_context():
        load_everything()
        due = employment_checks.due_for(organisation("Fordington House"))
        assert [(hire.name, hire.milestone) for hire in due] == [("Ellie Hughes", "6m"), ("Marcus Bell", "3m")]
        assert not due[0].settles_both  # Ellie's 3-month answer is already in
        assert employment_checks.due_for(organisation("Trent Valley Home Care")) == []
        assert employment_checks.due_for(organisation("Purbeck Nursing Home")) == []
        days = sorted((clock.now() - clock.as_utc(hire.hired_at)) / timedelta(days=1) for hire in due)
        assert 99 < days[0] < 101 and 199 < days[1] < 201
    assert sign_in(client, "recruiter@fordington.example", demo_data.DEMO_PASSWORD).status_code == 302
    html = client.get("/providers/hires").get_data(as_text=True)
    assert "Ellie Hughes" in html and "Marcus Bell" in html


def test_impact_funnel_counts_the_demo_applications_and_hires(ctx):
    load_everything()
    rows = {label: value for label, value, _ in funnel_table(figures.Filters(), True).rows}
    assert rows["Applications"] == 13
    assert rows["Interviews"] == 8  # furthest stage, so the person turned down after interview counts
    assert rows["Offers"] == 4
    assert rows["Hires"] == 2
    assert rows["Hires still employed at 3 months"] == 1
    assert rows["Hires still employed at 6 months"] == 0


def test_demo_load_reports_what_it_added(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "3 vacancies, 12 demo applicants and 13 applications added" in first.output
    again = runner.invoke(args=["demo", "load"])
    assert "0 vacancies, 0 demo applicants and 0 applications added" in again.output
    with app.app_context():
        assert applicant_email(1) == "demo-applicant-01@careways.example"
        assert count(Application) == 13


def test_demo_vacancies_without_demo_providers_do_nothing(ctx):
    assert load_demo_vacancies() == {"vacancies": 0, "applicants": 0, "applications": 0}
    assert count(User) == 0


def test_a_closed_demo_vacancy_is_reopened_on_the_next_load(ctx):
    load_everything()
    opportunity = demo_vacancies()[2]
    vacancies.close(opportunity, None)
    assert load_demo_vacancies() == {"vacancies": 0, "applicants": 0, "applications": 0}
    db.session.refresh(opportunity)
    assert opportunity.status == "published" and opportunity.is_public
    assert count(Application, Application.opportunity_id == opportunity.id) == 2
