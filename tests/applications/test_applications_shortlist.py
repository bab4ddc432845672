"""The recruiter's shortlist: engine-ranked, never engine-decided; filters, sorting, pages,
under-18s' privacy, discoverable people near by, constant queries, and CSV export."""
from __future__ import annotations

import csv
import io
from contextlib import contextmanager

from sqlalchemy import event, select

from outreach.extensions import db
from outreach.models.applications import Application
from outreach.models.audit import AuditEvent
from tests.applications.factories import apply_for, bulk_candidates, make_applicant
from tests.factories import make_member, make_organisation, sign_in
from tests.pages import section, text
from tests.vacancies.factories import make_vacancy


def setup_provider(app, **vacancy):
    with app.app_context():
        organisation = make_organisation("Fordington House")
        recruiter = make_member(organisation, "recruiter", "rec@fordington.example")
        details = make_vacancy(organisation, recruiter, **vacancy)
        return organisation, recruiter, details.opportunity.public_id, details.opportunity.id


def recruiter_client(app, email="rec@fordington.example"):
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return client


def row_names(doc, heading: str = "applied") -> list[str]:
    """Names in the order shown, under one heading of the page ("applied" or "nearby")."""
    return [card["data-candidate"] for card in section(doc, heading).select("article.candidate")]


@contextmanager
def count_queries(app):
    counted = []
    with app.app_context():
        engine = db.engine

    def before(conn, cursor, statement, parameters, context, executemany):
        counted.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield counted
    finally:
        event.remove(engine, "before_cursor_execute", before)


def test_applicants_are_ranked_with_component_scores_and_reasons(app, page):
    organisation, recruiter, vacancy_id, _ = setup_provider(app)
    with app.app_context():
        from outreach.vacancies.service import public_vacancy

        details = public_vacancy(vacancy_id)
        near = make_applicant("near@example.com", first_name="Nadia", postcode="DT1 1AA",
                              profile={"desired_roles": ["care assistant"]})
        far = make_applicant("far@example.com", first_name="Farid", postcode="DT2 7AA",
                             profile={"desired_roles": ["care assistant"], "availability": []})
        apply_for(far, public_vacancy(vacancy_id))
        apply_for(near, details)
    doc = page(f"/shortlists/{vacancy_id}", recruiter_client(app))
    assert row_names(doc) == ["Nadia Tester", "Farid Tester"]
    nadia = text(doc.select_one('article[data-candidate="Nadia Tester"]'))
    assert "Role " in nadia and "values " in nadia and "availability " in nadia  # component scores
    assert 'matching "care assistant"' in nadia and "km away" in nadia
    assert "The engine ranks; you decide." in text(doc)


def test_people_the_engine_would_not_propose_are_still_listed_with_its_reason(app):
    organisation, recruiter, vacancy_id, _ = setup_provider(app)
    with app.app_context():
        from outreach.vacancies.service import public_vacancy

        stafford = make_applicant("stafford@example.com", first_name="Sam", postcode="ST16 2AB",
                                  profile={"desired_roles": ["care assistant"]})
        apply_for(stafford, public_vacancy(vacancy_id))
    html = recruiter_client(app).get(f"/shortlists/{vacancy_id}").get_data(as_text=True)
    assert "Sam Tester" in html and "Not ranked" in html
    assert "beyond the" in html and "travel limit" in html  # the engine's reason, in plain words
    assert "You decide." in html


def test_filters_sorting_and_pages(app, page):
    organisation, recruiter, vacancy_id, opportunity_id = setup_provider(app)
    with app.app_context():
        from outreach.models.opportunities import Opportunity

        opportunity = db.session.get(Opportunity, opportunity_id)
        bulk_candidates(opportunity, 30)
    client = recruiter_client(app)
    first = page(f"/shortlists/{vacancy_id}", client)
    assert text(first.find(id="applied")) == "Applied (30)" and "Page 1 of 2" in text(first)
    assert len(row_names(first)) == 25
    second = page(f"/shortlists/{vacancy_id}?page=2", client)
    assert len(row_names(second)) == 5
    assert not set(row_names(first)) & set(row_names(second))
    strict = page(f"/shortlists/{vacancy_id}?min_values=90", client)
    shown = len(row_names(strict))
    assert 0 <= shown < 30 and text(strict.find(id="applied")) == f"Applied ({shown})"
    newest = page(f"/shortlists/{vacancy_id}?sort=newest&min_availability=50", client)
    assert text(newest.find(id="applied")).startswith("Applied (")
    bad = client.get(f"/shortlists/{vacancy_id}?max_km=lots&min_values=x&sort=nonsense")
    assert bad.status_code == 200 and "Enter a distance in km" in bad.get_data(as_text=True)


def test_stage_filter_and_bulk_move_with_history(app, smtp):
    organisation, recruiter, vacancy_id, _ = setup_provider(app)
    with app.app_context():
        from outreach.vacancies.service import public_vacancy

        people = [make_applicant(f"p{i}@example.com", first_name=f"Pat{i}") for i in range(3)]
        applications = [apply_for(p, public_vacancy(vacancy_id)).public_id for p in people]
    client = recruiter_client(app)
    response = client.post(f"/shortlists/{vacancy_id}/stage", data={
        "selected": applications[:2], "to_stage": "shortlisted", "reason": "Strong answers"})
    assert response.status_code == 302
    assert "Moved 2 people." in client.get(response.headers["Location"]).get_data(as_text=True)
    html = client.get(f"/shortlists/{vacancy_id}?stage=shortlisted").get_data(as_text=True)
    assert "Applied (2)" in html and "Pat2" not in html
    with app.app_context():
        application = db.session.execute(
            select(Application).where(Application.public_id == applications[0])).scalar_one()
        last = application.changes[-1]
        assert (last.from_stage, last.to_stage, last.reason, last.changed_by.email) == (
            "applied", "shortlisted", "Strong answers", "rec@fordington.example")
        from outreach.jobs.runner import run_job

        run_job("send_outbox")
    subjects = [m["Subject"] for m in smtp.messages]
    assert subjects.count("Shortlisted: Care assistant, days") == 2


def test_bulk_move_needs_a_stage_and_a_person(app):
    organisation, recruiter, vacancy_id, _ = setup_provider(app)
    with app.app_context():
        from outreach.vacancies.service import public_vacancy

        applicant = make_applicant("one@example.com")
        application = apply_for(applicant, public_vacancy(vacancy_id)).public_id
    client = recruiter_client(app)
    no_stage = client.post(f"/shortlists/{vacancy_id}/stage", data={"selected": [application]})
    assert no_stage.status_code == 400 and "Choose a stage to move them to" in no_stage.get_data(as_text=True)
    assert f'value="{application}" checked' in no_stage.get_data(as_text=True)  # the ticks are kept
    nobody = client.post(f"/shortlists/{vacancy_id}/stage", data={"to_stage": "rejected"})
    assert nobody.status_code == 400 and "Tick at least one person first" in nobody.get_data(as_text=True)


def test_minors_show_first_name_and_age_band_only_and_views_are_audited(app):
    organisation, recruiter, vacancy_id, _ = setup_provider(app, kind="apprenticeship")
    with app.app_context():
        from outreach.vacancies.service import public_vacancy

        minor = make_applicant("young@example.com", first_name="Mia", age=16, postcode="DT1 1AA",
                               profile={"desired_roles": ["care assistant"]})
        application = apply_for(minor, public_vacancy(vacancy_id)).public_id
    client = recruiter_client(app)
    html = client.get(f"/shortlists/{vacancy_id}").get_data(as_text=True)
    assert "Mia" in html and "Mia Tester" not in html and "16 to 17" in html
    assert "Scored without distance (under 18)" in html and " km" not in html.split("<main")[1]
    review = client.get(f"/shortlists/applications/{application}").get_data(as_text=True)
    assert "young@example.com" not in review and "DT1" not in review.split("<main")[1].split("Their answers")[0]
    with app.app_context():
        actions = db.session.execute(select(AuditEvent.action, AuditEvent.detail)).all()
    assert ("shortlist.viewed", {"minors": 1, "page": 1, "nearby_page": 1}) in [(a, d) for a, d in actions]
    assert any(a == "application.viewed" and d.get("minor") for a, d in actions)


def test_discoverable_adults_near_by_are_suggested_and_can_be_invited(app, smtp, page):
    organisation, recruiter, vacancy_id, _ = setup_provider(app)
    with app.app_context():
        adult = make_applicant("findme@example.com", first_name="Dana", questionnaire=False,
                               profile={"discoverable": True, "desired_roles": ["care assistant"]})
        make_applicant("young@example.com", first_name="Young", age=17, questionnaire=False,
                       profile={"desired_roles": ["care assistant"]})
        make_applicant("hidden@example.com", first_name="Hidden", questionnaire=False,
                       profile={"desired_roles": ["care assistant"]})
        adult_id = adult.public_id
    client = recruiter_client(app)
    assert row_names(page(f"/shortlists/{vacancy_id}", client), "nearby") == ["Dana"]
    response = client.post(f"/shortlists/{vacancy_id}/invite", data={"invite": [adult_id]})
    assert response.status_code == 302
    assert "Invited 1 person" in client.get(response.headers["Location"]).get_data(as_text=True)
    again = client.post(f"/shortlists/{vacancy_id}/invite", data={"invite": [adult_id]}, follow_redirects=True)
    assert "already been invited" in again.get_data(as_text=True)
    with app.app_context():
        from outreach.jobs.runner import run_job

        run_job("send_outbox")
    assert [m["To"] for m in smtp.messages] == ["findme@example.com"]
    assert "invites you to apply" in smtp.messages[0]["Subject"]


def test_minors_cannot_be_invited_by_tampering(app):
    organisation, recruiter, vacancy_id, _ = setup_provider(app)
    with app.app_context():
        young = make_applicant("young@example.com", age=17, questionnaire=False, profile={})
        young_id = young.public_id
    client = recruiter_client(app)
    response = client.post(f"/shortlists/{vacancy_id}/invite", data={"invite": [young_id]}, follow_redirects=True)
    assert "can no longer be invited" in response.get_data(as_text=True)


def test_did_a_taster_with_you_is_shown(app):
    organisation, recruiter, vacancy_id, _ = setup_provider(app)
    with app.app_context():
        from outreach.vacancies.service import public_vacancy
        from tests.applications.factories import make_attended_taster

        person = make_applicant("taster@example.com", first_name="Tia")
        make_attended_taster(organisation, person)
        apply_for(person, public_vacancy(vacancy_id))
    html = recruiter_client(app).get(f"/shortlists/{vacancy_id}").get_data(as_text=True)
    assert "Did a taster with you" in html


def test_query_count_stays_the_same_as_candidates_grow(app):
    organisation, recruiter, vacancy_id, opportunity_id = setup_provider(app)
    with app.app_context():
        from outreach.models.opportunities import Opportunity

        opportunity = db.session.get(Opportunity, opportunity_id)
        bulk_candidates(opportunity, 10, minors=2)
        bulk_candidates(opportunity, 5, start=5000, discoverable=True, apply=False, minors=1)
    client = recruiter_client(app)
    client.get(f"/shortlists/{vacancy_id}")  # warm caches (content, taxonomy)
    with count_queries(app) as small:
        assert client.get(f"/shortlists/{vacancy_id}").status_code == 200
    with app.app_context():
        opportunity = db.session.get(Opportunity, opportunity_id)
        bulk_candidates(opportunity, 190, start=100, minors=20)
        bulk_candidates(opportunity, 60, start=6000, discoverable=True, apply=False)
    with count_queries(app) as large:
        html = client.get(f"/shortlists/{vacancy_id}").get_data(as_text=True)
    assert "Applied (200)" in html
    assert len(large) == len(small), (len(small), len(large))


def test_csv_export_is_an_attachment_and_escapes_formulas(app):
    organisation, recruiter, vacancy_id, _ = setup_provider(app, kind="apprenticeship")
    with app.app_context():
        from outreach.vacancies.service import public_vacancy

        sneaky = make_applicant("sneaky@example.com", first_name="=HYPERLINK(\"http://x\")")
        apply_for(sneaky, public_vacancy(vacancy_id))
        young = make_applicant("young@example.com", first_name="Mo", age=17)
        apply_for(young, public_vacancy(vacancy_id))
    response = recruiter_client(app).get(f"/shortlists/{vacancy_id}/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:3] == ["Rank", "Name", "Age band"]
    names = {row[1] for row in rows[1:]}
    assert "'=HYPERLINK(\"http://x\") Tester" in names
    assert "Mo" in names  # an under-18: first name only
    minor_row = next(row for row in rows[1:] if row[1] == "Mo")
    assert minor_row[2] == "16 to 17" and minor_row[11] == ""  # no distance


def test_another_providers_recruiter_cannot_see_or_change_anything(app):
    organisation, recruiter, vacancy_id, _ = setup_provider(app)
    with app.app_context():
        from outreach.vacancies.service import public_vacancy

        applicant = make_applicant("one@example.com")
        application = apply_for(applicant, public_vacancy(vacancy_id)).public_id
        other = make_organisation("Trent Valley", postcode="ST16 2AB")
        make_member(other, "recruiter", "rec@trent.example")
        own = make_vacancy(other, title="Home carer")
        own_id = own.opportunity.public_id
    client = recruiter_client(app, "rec@trent.example")
    assert client.get(f"/shortlists/{vacancy_id}").status_code == 404
    assert client.get(f"/shortlists/{vacancy_id}/export.csv").status_code == 404
    assert client.get(f"/shortlists/applications/{application}").status_code == 404
    assert client.post(f"/shortlists/applications/{application}/stage",
                       data={"to_stage": "rejected"}).status_code == 404
    assert client.post(f"/shortlists/applications/{application}/notes", data={"body": "Hmm"}).status_code == 404
    # Provider A's application posted to provider B's own vacancy: still not found.
    assert client.post(f"/shortlists/{own_id}/stage",
                       data={"selected": [application], "to_stage": "rejected"}).status_code == 404
    with app.app_context():
        found = db.session.execute(select(Application).where(Application.public_id == application)).scalar_one()
        assert found.stage == "applied" and found.notes == []


def test_notes_stay_inside_the_provider(app):
    organisation, recruiter, vacancy_id, _ = setup_provider(app)
    with app.app_context():
        from outreach.vacancies.service import public_vacancy

        applicant = make_applicant("one@example.com")
        application = apply_for(applicant, public_vacancy(vacancy_id)).public_id
    client = recruiter_client(app)
    empty = client.post(f"/shortlists/applications/{application}/notes", data={"body": "   "})
    assert empty.status_code == 400 and "Write the note first" in empty.get_data(as_text=True)
    assert client.post(f"/shortlists/applications/{application}/notes",
                       data={"body": "Lovely answer about her nan"}).status_code == 302
    assert "Lovely answer about her nan" in client.get(f"/shortlists/applications/{application}").get_data(as_text=True)
    applicant_client = app.test_client()
    sign_in(applicant_client, "one@example.com")
    assert "Lovely answer" not in applicant_client.get(f"/applications/{application}").get_data(as_text=True)


def test_a_tasters_shortlist_ranks_its_sign_ups_without_pipeline_actions(app, page):
    with app.app_context():
        from outreach.models.signups import SignUp
        from tests.applications.factories import make_taster

        organisation = make_organisation("Fordington House")
        make_member(organisation, "recruiter", "rec@fordington.example")
        taster = make_taster(organisation)
        adult = make_applicant("adult@example.com", first_name="Ada", profile={"desired_roles": ["carer"]})
        pupil = make_applicant("pupil@example.com", first_name="Pip", account_type="pupil", age=15,
                               questionnaire=False)
        session = taster.sessions[0]
        db.session.add_all([SignUp(session_id=session.id, user_id=adult.id, status="confirmed"),
                            SignUp(session_id=session.id, user_id=pupil.id, status="pending_consent",
                                   needs_consent=True)])
        db.session.commit()
        taster_id = taster.public_id
    doc = page(f"/shortlists/{taster_id}", recruiter_client(app))
    assert text(doc.find(id="applied")) == "Signed up (2)"
    assert set(row_names(doc)) == {"Ada Tester", "Pip"}
    pip = text(doc.select_one('article[data-candidate="Pip"]'))
    assert "14 to 15" in pip and "Waiting for a parent or guardian" in pip
    assert not doc.select('[name="selected"]') and "Download as CSV" not in text(doc)
    assert doc.find("a", string="taster's session registers")["href"] == f"/tasters/manage/{taster_id}"


def test_changes_to_a_profile_show_at_once_despite_reuse(app):
    organisation, recruiter, vacancy_id, _ = setup_provider(app)
    with app.app_context():
        from outreach.vacancies.service import public_vacancy

        person = make_applicant("p@example.com", first_name="Pat", profile={"desired_roles": ["care assistant"]})
        apply_for(person, public_vacancy(vacancy_id))
    client = recruiter_client(app)
    before = client.get(f"/shortlists/{vacancy_id}").get_data(as_text=True)
    assert "Not ranked" not in before
    with app.app_context():
        from outreach.models.accounts import User
        from tests.applications.factories import save_profile

        save_profile(db.session.execute(select(User).where(User.email == "p@example.com")).scalar_one(),
                     desired_roles=["software engineer"])
    after = client.get(f"/shortlists/{vacancy_id}").get_data(as_text=True)
    assert "Not ranked" in after and "not close to this role" in after


def test_an_under_18_beyond_their_travel_limit_is_ranked_without_distance_and_listed_after_adults(app, page):
    organisation, recruiter, vacancy_id, _ = setup_provider(app, kind="apprenticeship")
    with app.app_context():
        from outreach.vacancies.service import public_vacancy

        far_minor = make_applicant("farminor@example.com", first_name="Mo", age=17, postcode="ST16 2AB",
                                   profile={"desired_roles": ["care assistant"]})
        apply_for(far_minor, public_vacancy(vacancy_id))
        adult = make_applicant("adult@example.com", first_name="Ada", postcode="ST16 2AB",
                               profile={"desired_roles": ["care assistant"]})
        apply_for(adult, public_vacancy(vacancy_id))
    client = recruiter_client(app)
    doc = page(f"/shortlists/{vacancy_id}?sort=newest", client)
    assert row_names(doc) == ["Ada Tester", "Mo"]
    minor_row = text(doc.select_one('article[data-candidate="Mo"]'))
    assert "Not ranked" not in minor_row and "travel limit" not in minor_row and "km" not in minor_row
    assert "Scored without distance (under 18)" in minor_row and "distance " not in minor_row.lower().replace(
        "without distance", "")
    rows = list(csv.reader(io.StringIO(client.get(f"/shortlists/{vacancy_id}/export.csv").get_data(as_text=True))))
    minor = next(row for row in rows[1:] if row[1] == "Mo")
    assert minor[0] and minor[5] and minor[8] == "" and minor[11] == "" and minor[16] == "Yes" and minor[-1] == "Done"
    assert "travel limit" not in ",".join(minor)
