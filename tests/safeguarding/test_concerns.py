"""Report a concern: on every page, no account needed, reaches the safeguarding lead."""
from __future__ import annotations

from sqlalchemy import select

from outreach.extensions import db
from outreach.jobs.runner import run_job
from outreach.models.audit import AuditEvent
from outreach.models.concerns import Concern
from tests.factories import make_user, sign_in


def test_every_page_links_to_report_a_concern(client):
    for path in ("/", "/careers/", "/account/sign-in", "/careers/quiz"):
        html = client.get(path).get_data(as_text=True)
        assert 'href="/report-a-concern?from=' in html, path


def test_anyone_can_report_and_the_lead_is_emailed(app, client, smtp):
    app.config["SAFEGUARDING_EMAIL"] = "lead@careways.example"
    response = client.post("/report-a-concern", data={
        "about": "placement", "details": "Someone asked for my phone number at a taster.", "page": "/careers/",
        "contact_ok": "", "contact": ""}, follow_redirects=True)
    assert response.status_code == 200 and "Thank you for telling us" in response.get_data(as_text=True)
    with app.app_context():
        concern = db.session.execute(select(Concern)).scalar_one()
        assert concern.about == "placement" and concern.contact is None and concern.page == "/careers/"
        assert db.session.execute(select(AuditEvent).where(AuditEvent.action == "concern.reported")).first()
        run_job("send_outbox")
    [message] = smtp.wait_for("lead@careways.example")
    assert "phone number" in smtp.text_of(message)


def test_report_needs_details_and_a_contact_address_only_if_wanted(client):
    html = client.post("/report-a-concern", data={"about": "", "details": "", "contact_ok": "y",
                                                  "contact": "not-an-email"}).get_data(as_text=True)
    assert "Choose what your concern is about" in html and "Tell us what happened" in html
    assert "Enter an email address like name@example.com" in html and 'value="not-an-email"' in html


def test_the_from_page_cannot_be_an_outside_address(app, client):
    client.post("/report-a-concern", data={"about": "other", "details": "x", "page": "https://evil.example/"})
    with app.app_context():
        assert db.session.execute(select(Concern.page)).scalar_one() is None


def test_admin_sees_and_handles_concerns(app, client):
    with app.app_context():
        make_user("admin", "admin@x.example")
    client.post("/report-a-concern", data={"about": "website", "details": "A broken page worried me."})
    sign_in(client, "admin@x.example")
    page = client.get("/admin/concerns").get_data(as_text=True)
    assert "A broken page worried me." in page
    with app.app_context():
        public_id = db.session.execute(select(Concern.public_id)).scalar_one()
    assert client.post(f"/admin/concerns/{public_id}/handled").status_code == 302
    assert "A broken page worried me." in client.get("/admin/concerns?status=handled").get_data(as_text=True)


def test_reports_are_rate_limited(app, client):
    for _ in range(10):
        client.post("/report-a-concern", data={"about": "other", "details": "spam"})
    assert client.post("/report-a-concern", data={"about": "other", "details": "spam"}).status_code == 429
