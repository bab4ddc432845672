"""Applying, following and withdrawing an application; emails on each stage that matters;
kind rejections with other matches; values sharing and referral leads moving with it."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from outreach import clock
from outreach.extensions import db
from outreach.models.applications import Application
from outreach.vacancies.service import public_vacancy
from tests.applications.factories import apply_for, make_applicant, make_taster
from tests.factories import make_member, make_organisation, make_user, sign_in
from tests.vacancies.factories import make_vacancy

ANSWERS = {"answer_why_care": "My nan was in a care home and the staff made her laugh every day.",
           "answer_helped_someone": "I helped my neighbour after his operation, doing his shopping each week."}


@pytest.fixture
def vacancy(app):
    with app.app_context():
        organisation = make_organisation("Fordington House")
        make_member(organisation, "recruiter", "rec@fordington.example")
        return make_vacancy(organisation).opportunity.public_id


def signed_in(app, email):
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return client


def deliver(app):
    with app.app_context():
        from outreach.jobs.runner import run_job

        run_job("send_outbox")


def test_an_applicant_applies_follows_and_withdraws(app, vacancy, smtp):
    with app.app_context():
        make_applicant("ann@example.com", first_name="Ann")
    client = signed_in(app, "ann@example.com")
    page = client.get(f"/vacancies/{vacancy}/apply").get_data(as_text=True)
    assert "Why would you like to work in care?" in page
    response = client.post(f"/vacancies/{vacancy}/apply", data={**ANSWERS, "share_raw_answers": "y"})
    assert response.status_code == 302
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Applied" in detail and "My nan was in a care home" in detail and "Shared with the provider" in detail
    again = client.get(f"/vacancies/{vacancy}/apply").get_data(as_text=True)
    assert "You have already applied" in again
    assert "Care assistant, days" in client.get("/applications").get_data(as_text=True)
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        public_id = application.public_id
        assert application.values_scores and application.share_raw_answers
    client.post(f"/applications/{public_id}/withdraw")
    assert "Withdrawn" in client.get(f"/applications/{public_id}").get_data(as_text=True)
    # Applying again reopens the same application.
    assert client.post(f"/vacancies/{vacancy}/apply", data=ANSWERS).status_code == 302
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one()
        assert application.stage == "applied" and [c.to_stage for c in application.changes] == [
            "applied", "withdrawn", "applied"]
    deliver(app)
    assert [m["Subject"] for m in smtp.messages].count("We have sent your application: Care assistant, days") == 2


def test_short_answers_are_explained_beside_the_field(app, vacancy):
    with app.app_context():
        make_applicant("ann@example.com")
    client = signed_in(app, "ann@example.com")
    response = client.post(f"/vacancies/{vacancy}/apply", data={**ANSWERS, "answer_why_care": "Money"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "at least 20 characters" in html
    assert "I helped my neighbour" in html  # the other answer is kept
    missing = client.post(f"/vacancies/{vacancy}/apply", data={"answer_why_care": ANSWERS["answer_why_care"]})
    assert missing.status_code == 400 and "Answer this question in a sentence or two" in missing.get_data(as_text=True)


def test_the_questionnaire_is_optional_but_the_minimum_age_comes_first(app, vacancy):
    with app.app_context():
        make_applicant("new@example.com", questionnaire=False)
        make_applicant("young@example.com", age=17)
    new = signed_in(app, "new@example.com")
    form = new.get(f"/vacancies/{vacancy}/apply").get_data(as_text=True)
    assert "There is a problem" not in form and "You can apply now without it" in form
    assert new.post(f"/vacancies/{vacancy}/apply", data=ANSWERS).status_code == 302
    young = signed_in(app, "young@example.com").get(f"/vacancies/{vacancy}/apply")
    page = young.get_data(as_text=True)
    assert young.status_code == 200 and "You cannot apply for this one yet" in page
    assert "is for people aged 18 and over. You are 17." in page and "Find a taster" in page
    with app.app_context():
        (application,) = db.session.execute(select(Application)).scalars().all()
        assert application.user.email == "new@example.com" and application.values_scores is None


def test_applicants_cannot_see_or_withdraw_each_others_applications(app, vacancy):
    with app.app_context():
        ann = make_applicant("ann@example.com")
        make_applicant("bob@example.com")
        application = apply_for(ann, public_vacancy(vacancy)).public_id
    bob = signed_in(app, "bob@example.com")
    assert bob.get(f"/applications/{application}").status_code == 404
    assert bob.post(f"/applications/{application}/withdraw").status_code == 404
    with app.app_context():
        assert db.session.execute(select(Application.stage)).scalar_one() == "applied"


def test_stage_changes_email_the_applicant_and_rejections_are_kind_with_other_matches(app, vacancy, smtp):
    with app.app_context():
        organisation = make_organisation("Purbeck Nursing Home", postcode="DT1 2EH")
        make_vacancy(organisation, title="Night care assistant")
        make_taster(organisation, title="Insight morning")
        ann = make_applicant("ann@example.com", first_name="Ann", profile={"desired_roles": ["care assistant"]})
        application = apply_for(ann, public_vacancy(vacancy)).public_id
    recruiter = signed_in(app, "rec@fordington.example")
    for stage in ("invited_to_interview", "interviewed", "rejected"):
        response = recruiter.post(f"/shortlists/applications/{application}/stage",
                                  data={"to_stage": stage, "reason": "Internal only"})
        assert response.status_code == 302
    deliver(app)
    to_ann = {m["Subject"]: m for m in smtp.messages if m["To"] == "ann@example.com"}
    interview = to_ann["Invited to interview: Care assistant, days"].get_body(("plain",)).get_content()
    assert "would like to interview you" in interview and "rec@fordington.example" in interview
    assert "Interviewed: Care assistant, days" not in to_ann  # nothing the applicant needs to act on
    rejection = to_ann["Your application for Care assistant, days"].get_body(("plain",)).get_content()
    assert "not a judgement on you" in rejection and "/matches" in rejection
    assert "Night care assistant" in rejection
    assert "Internal only" not in rejection
    applicant = signed_in(app, "ann@example.com")
    assert "Not taken forward" in applicant.get(f"/applications/{application}").get_data(as_text=True)


def test_a_withdrawn_application_is_left_alone_by_recruiters(app, vacancy):
    with app.app_context():
        ann = make_applicant("ann@example.com")
        application = apply_for(ann, public_vacancy(vacancy)).public_id
    signed_in(app, "ann@example.com").post(f"/applications/{application}/withdraw")
    response = signed_in(app, "rec@fordington.example").post(
        f"/shortlists/applications/{application}/stage", data={"to_stage": "shortlisted"}, follow_redirects=True)
    assert "has withdrawn" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(Application.stage)).scalar_one() == "withdrawn"


def test_applying_lets_the_provider_see_the_values_profile_and_raw_answers_only_with_consent(app, vacancy):
    with app.app_context():
        ann = make_applicant("ann@example.com", first_name="Ann")
        bob = make_applicant("bob@example.com", first_name="Bob")
        ann_id, bob_id = ann.public_id, bob.public_id
        apply_for(ann, public_vacancy(vacancy), share_raw_answers=False)
    recruiter = signed_in(app, "rec@fordington.example")
    assert recruiter.get(f"/providers/candidates/{ann_id}/values").status_code == 200
    assert recruiter.get(f"/providers/candidates/{bob_id}/values").status_code == 404
    with app.app_context():
        application = db.session.execute(select(Application)).scalar_one().public_id
    review = recruiter.get(f"/shortlists/applications/{application}").get_data(as_text=True)
    assert "chose not to share their answer to each question" in review
    signed_in(app, "ann@example.com").post(f"/applications/{application}/withdraw")
    assert recruiter.get(f"/providers/candidates/{ann_id}/values").status_code == 404


def test_a_referred_friends_lead_moves_with_their_application(app, vacancy):
    with app.app_context():
        from outreach.models.organisations import Organisation
        from outreach.models.referrals import Lead
        from outreach.referrals import leads

        organisation = db.session.execute(select(Organisation)).scalars().first()
        staff = make_member(organisation, "staff", "staff@fordington.example")
        lead = leads.enter_friend(staff, name="Fay Friend", email="fay@example.com", phone=None,
                                  role_slug="care-worker")
        leads.respond(leads.response_token(lead), "confirm")
        fay = make_applicant("fay@example.com", first_name="Fay")
        application = apply_for(fay, public_vacancy(vacancy)).public_id
        assert db.session.execute(select(Lead.stage)).scalar_one() == "applied"
    signed_in(app, "rec@fordington.example").post(f"/shortlists/applications/{application}/stage",
                                                  data={"to_stage": "hired"})
    with app.app_context():
        assert db.session.execute(select(Lead.stage)).scalar_one() == "hired"


def test_applications_waiting_over_three_days_reach_the_recruiter_digest(app, vacancy, smtp):
    with app.app_context():
        ann = make_applicant("ann@example.com", first_name="Ann")
        apply_for(ann, public_vacancy(vacancy))
    clock.freeze(clock.now().replace(hour=10) + timedelta(days=4))
    with app.app_context():
        from outreach.jobs.runner import run_job

        run_job("recruiter_digest")
        run_job("send_outbox")
    digest = [m for m in smtp.messages if m["To"] == "rec@fordington.example"]
    assert digest and "Ann applied for Care assistant, days" in digest[0].get_body(("plain",)).get_content()


def test_a_pupil_of_16_may_apply_but_the_vacancy_here_is_for_18_and_over(app, vacancy):
    with app.app_context():
        make_user("pupil", "pupil@example.com", age=16)
    pupil = signed_in(app, "pupil@example.com")
    response = pupil.get(f"/vacancies/{vacancy}/apply")
    assert response.status_code == 200 and "You cannot apply for this one yet" in response.get_data(as_text=True)
    assert 'class="button" href="/vacancies/' in pupil.get(f"/vacancies/{vacancy}").get_data(as_text=True)
