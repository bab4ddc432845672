"""The matching profile and /matches: ranked by the engine with reasons and distance, filterable
by kind; pupils' suggestions are off until they turn them on and show tasters only."""
from __future__ import annotations

import re

from sqlalchemy import select

from outreach.extensions import db
from outreach.models.applications import ApplicantProfile
from outreach.models.audit import AuditEvent
from tests.applications.factories import make_applicant, make_taster, save_profile
from tests.factories import make_organisation, make_user, sign_in
from tests.vacancies.factories import make_vacancy


def signed_in(app, email):
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return client


def titles(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/(?:vacancies|tasters)/[^"]+">([^<]+)</a></h2>', html)


def opportunities(app):
    with app.app_context():
        near = make_organisation("Fordington House", postcode="DT1 1HR")
        make_vacancy(near, title="Care assistant, days")
        make_vacancy(near, kind="apprenticeship", title="Care apprentice")
        make_vacancy(near, role_slug="registered-manager", title="Registered manager")  # not a role they want
        make_taster(near, title="Buddy shift")
        far = make_organisation("Trent Valley", postcode="ST16 2AB")
        make_vacancy(far, title="Home carer in Stafford")


def test_matches_are_ranked_with_reasons_distance_and_a_kind_filter(app):
    opportunities(app)
    with app.app_context():
        make_applicant("ann@example.com", profile={"desired_roles": ["care assistant"]})
    client = signed_in(app, "ann@example.com")
    html = client.get("/matches").get_data(as_text=True)
    shown = titles(html)
    assert set(shown) == {"Care assistant, days", "Care apprentice", "Buddy shift"}
    assert "Registered manager" not in shown and "Home carer in Stafford" not in shown
    assert "km away" in html and "Why we suggest it" in html and "Match " in html
    assert "Take the values questionnaire" not in html
    assert titles(client.get("/matches?kind=apprenticeship").get_data(as_text=True)) == ["Care apprentice"]
    assert titles(client.get("/matches?kind=tasters").get_data(as_text=True)) == ["Buddy shift"]
    assert set(titles(client.get("/matches?kind=nonsense").get_data(as_text=True))) == set(shown)


def test_a_missing_questionnaire_gets_a_clear_prompt(app):
    opportunities(app)
    with app.app_context():
        make_applicant("new@example.com", questionnaire=False)
    html = signed_in(app, "new@example.com").get("/matches").get_data(as_text=True)
    assert "Take the values questionnaire" in html and "/questionnaire/" in html
    assert "Tell us the roles you would like" in html


def test_pupils_see_tasters_only_and_only_once_they_turn_suggestions_on(app):
    opportunities(app)
    with app.app_context():
        make_user("pupil", "pupil@example.com", age=15)
    client = signed_in(app, "pupil@example.com")
    off = client.get("/matches").get_data(as_text=True)
    assert "Turn on suggestions" in off and titles(off) == []
    page = client.get("/profile").get_data(as_text=True)
    assert "Show me tasters picked for me" in page and "Let care providers near me find me" not in page
    assert client.post("/profile", data={"personalised_matches": "y", "postcode": "DT1 1AA"}).status_code == 302
    on = client.get("/matches").get_data(as_text=True)
    assert titles(on) == ["Buddy shift"]
    assert "Apprenticeships" not in on  # no kind filter for vacancies
    with app.app_context():
        assert db.session.execute(select(ApplicantProfile.discoverable)).scalar_one() is False


def test_under_18s_can_never_be_discoverable(app):
    with app.app_context():
        make_applicant("young@example.com", age=17, questionnaire=False)
    client = signed_in(app, "young@example.com")
    response = client.post("/profile", data={"discoverable": "y", "role_1": "carer"})
    assert response.status_code == 400
    assert "Only applicants aged 18 or over can let providers find them" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(ApplicantProfile)).first() is None


def test_the_profile_saves_roles_availability_travel_and_postcode_sector(app):
    with app.app_context():
        make_applicant("ann@example.com", questionnaire=False)
    client = signed_in(app, "ann@example.com")
    response = client.post("/profile", data={
        "role_1": "home carer", "role_2": "support worker", "interests": "football", "postcode": "st16 2ab",
        "max_travel_km": "12", "availability": ["1-morning", "6-evening", "9-never"], "driving_licence": "y",
        "discoverable": "y"})
    assert response.status_code == 400  # "9-never" is not a real time
    response = client.post("/profile", data={
        "role_1": "home carer", "role_2": "support worker", "interests": "football", "postcode": "st16 2ab",
        "max_travel_km": "12", "availability": ["1-morning", "6-evening"], "driving_licence": "y",
        "discoverable": "y"})
    assert response.status_code == 302
    with app.app_context():
        profile = db.session.execute(select(ApplicantProfile)).scalar_one()
        assert profile.desired_roles == ["home carer", "support worker"]
        assert profile.availability == [[1, "morning"], [6, "evening"]]
        assert (profile.max_travel_km, profile.driving_licence, profile.discoverable) == (12.0, True, True)
        assert profile.user.postcode_sector == "ST16 2" and profile.latitude is not None
        assert db.session.execute(select(AuditEvent).where(AuditEvent.action == "profile.saved")).first()
    bad = client.post("/profile", data={"max_travel_km": "500"})
    assert bad.status_code == 400 and "Enter a distance from 1 to 80 km" in bad.get_data(as_text=True)


def test_matches_respect_the_travel_limit_people_set(app):
    opportunities(app)
    with app.app_context():
        ann = make_applicant("ann@example.com", postcode="DT2 7AA", profile={"desired_roles": ["care assistant"]})
        save_profile(ann, desired_roles=["care assistant"], max_travel_km=1)
    html = signed_in(app, "ann@example.com").get("/matches").get_data(as_text=True)
    assert titles(html) == []
    assert "No matches yet" in html
