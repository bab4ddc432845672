"""A form with several mistakes reports every one of them in one answer, with a summary at the
top that links to each field, instead of one error per round trip."""
from __future__ import annotations

import re

from tests.factories import sign_in
from tests.tasters.factories import make_provider, make_taster, make_visitor


def summary_links(page: str) -> list[str]:
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    assert summary, "no error summary at the top of the page"
    return re.findall(r'<a href="#([^"]+)"', summary.group(0))


def test_taster_sign_up_reports_every_missing_detail_at_once(app, client):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        taster = make_taster(organisation, recruiter)
        taster_id, session_id = taster.public_id, taster.sessions[0].public_id
        make_visitor(15, "maya@pupil.example")
    sign_in(client, "maya@pupil.example")
    response = client.post(f"/tasters/{taster_id}/sessions/{session_id}/sign-up",
                           data={"guardian_name": "", "guardian_email": "", "copy_school": "y", "school": "",
                                 "access_needs": "x" * 501})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert summary_links(page) == ["guardian_name", "guardian_email", "school", "access_needs"]
    assert "Enter your parent or guardian&#39;s full name" in page
    assert "Enter your parent or guardian&#39;s email address" in page
    assert "Choose your school" in page and "Keep this under 500 characters" in page
    assert 'value="y"' in page or "checked" in page  # what was ticked is kept


def test_sign_up_shows_own_address_and_bad_format_problems_together(app, client):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        taster = make_taster(organisation, recruiter)
        taster_id, session_id = taster.public_id, taster.sessions[0].public_id
        make_visitor(15, "maya@pupil.example")
    sign_in(client, "maya@pupil.example")
    page = client.post(f"/tasters/{taster_id}/sessions/{session_id}/sign-up",
                       data={"guardian_name": "", "guardian_email": "maya@pupil.example"}).get_data(as_text=True)
    assert summary_links(page) == ["guardian_name", "guardian_email"]
    assert "not your own" in page


def test_risk_assessment_reports_every_problem_at_once(app, client):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        taster = make_taster(organisation, recruiter, status="draft", risk=False)
        taster_id = taster.public_id
    sign_in(client, "recruiter@fordingtonhouse.example")
    response = client.post(f"/tasters/manage/{taster_id}/risk-assessment", data={
        "activities": "", "hazard_0": "Wet floors", "control_0": "", "hazard_1": "", "control_1": "Stay out",
        "hazard_2": "h" * 301, "control_2": "Fine", "findings": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert summary_links(page) == ["activities", "control_0", "hazard_1", "hazard_2", "findings"]
    assert "Say how you control hazard 1" in page and "Name the hazard that control 2 is for" in page
    assert "Wet floors" in page  # what was typed is kept


def test_risk_assessment_with_nothing_typed_asks_for_a_hazard_too(app, client):
    with app.test_request_context():
        organisation, recruiter = make_provider()
        taster_id = make_taster(organisation, recruiter, status="draft", risk=False).public_id
    sign_in(client, "recruiter@fordingtonhouse.example")
    page = client.post(f"/tasters/manage/{taster_id}/risk-assessment", data={}).get_data(as_text=True)
    assert summary_links(page) == ["activities", "hazard_0", "findings"]
