"""Registering providers and schools, approval by an admin, and inviting colleagues."""
from __future__ import annotations

from sqlalchemy import select

from outreach.extensions import db
from outreach.jobs.runner import run_job
from outreach.models.audit import AuditEvent
from outreach.models.organisations import Membership, Organisation
from tests.factories import make_member, make_organisation, make_user, sign_in


def provider_data(**overrides):
    data = {"name": "Sunny Meadows", "provider_type": "care_home", "cqc_location_id": "1-123456789",
            "postcode": "ST16 2AB", "first_name": "Priya", "last_name": "Shah", "email": "priya@sunny.example",
            "password": "sunny meadows recruitment lead"}
    data.update(overrides)
    return data


def test_provider_registers_and_waits_for_approval_then_is_told(app, client, smtp):
    response = client.post("/providers/register", data=provider_data())
    assert response.status_code == 302
    with app.app_context():
        org = db.session.execute(select(Organisation)).scalar_one()
        assert org.status == "pending" and org.postcode == "ST16 2AB" and org.postcode_sector == "ST16 2"
        owner = db.session.execute(select(Membership)).scalar_one()
        assert owner.role == "owner" and owner.user.account_type == "provider"
        make_user("admin", "admin@example.com")
        public_id = org.public_id
    sign_in(client, "priya@sunny.example", "sunny meadows recruitment lead")
    assert "waiting for approval" in client.get("/dashboard").get_data(as_text=True)
    client.post("/account/sign-out")
    sign_in(client, "admin@example.com")
    assert "Sunny Meadows" in client.get("/admin/organisations?status=pending").get_data(as_text=True)
    no_reason = client.post(f"/admin/organisations/{public_id}", data={"decision": "rejected", "reason": ""})
    assert "Give a reason" in no_reason.get_data(as_text=True)
    assert client.post(f"/admin/organisations/{public_id}", data={"decision": "approved"}).status_code == 302
    with app.app_context():
        assert db.session.execute(select(Organisation)).scalar_one().status == "approved"
        assert db.session.execute(select(AuditEvent).where(AuditEvent.action == "admin.organisation_decided")).first()
        run_job("send_outbox")
    messages = smtp.wait_for("priya@sunny.example", 2)
    assert any("approved" in m["Subject"] for m in messages)


def test_registration_errors_keep_the_input(client):
    html = client.post("/providers/register", data=provider_data(
        cqc_location_id="ABC", postcode="DT1", provider_type="", name="X")).get_data(as_text=True)
    assert "A CQC location ID looks like 1-123456789" in html
    assert "Enter a real UK postcode" in html  # organisations need a full postcode
    assert "Choose the type of care service" in html
    assert "Name must be between 2 and 120 characters" in html
    assert 'value="priya@sunny.example"' in html


def test_unknown_postcode_gets_a_clear_message(client):
    html = client.post("/providers/register", data=provider_data(postcode="ZZ99 9ZZ")).get_data(as_text=True)
    assert "We could not find that postcode" in html


def test_school_registers_without_provider_fields(app, client):
    response = client.post("/schools/register", data=provider_data(name="Stafford High", provider_type="",
                                                                   cqc_location_id="", email="head@school.example"))
    assert response.status_code == 302
    with app.app_context():
        org = db.session.execute(select(Organisation)).scalar_one()
        assert org.kind == "school" and org.provider_type is None


def test_owner_invites_a_colleague_who_joins_by_email(app, client, smtp):
    with app.app_context():
        org = make_organisation()
        make_member(org, "owner", "owner@home.example")
    sign_in(client, "owner@home.example")
    bad = client.post("/organisation/team", data={"email": "nope", "role": "recruiter"})
    assert "Enter an email address" in bad.get_data(as_text=True)
    assert client.post("/organisation/team", data={"email": "new@home.example", "role": "recruiter"}).status_code == 302
    with app.app_context():
        run_job("send_outbox")
    [invite] = smtp.wait_for("new@home.example")
    link = smtp.link_in(invite, "/join/")
    newcomer = app.test_client()
    assert "Join Test Care Home" in newcomer.get(link).get_data(as_text=True)
    response = newcomer.post(link, data={"first_name": "Nia", "last_name": "Jones",
                                         "password": "joining the care team"})
    assert response.status_code == 302
    assert "a recruiter" in newcomer.get("/dashboard").get_data(as_text=True)
    assert newcomer.get(link).status_code == 400  # single use
    with app.app_context():
        member = db.session.execute(select(Membership).where(Membership.role == "recruiter")).scalar_one()
        assert member.user.is_verified


def test_only_owners_invite_and_staff_see_the_team(app, client):
    with app.app_context():
        org = make_organisation()
        make_member(org, "staff", "staff@home.example")
    sign_in(client, "staff@home.example")
    page = client.get("/organisation/team").get_data(as_text=True)
    assert "Invite a colleague" not in page
    assert client.post("/organisation/team", data={"email": "x@example.com", "role": "staff"}).status_code == 403


def test_owner_cannot_touch_another_organisations_members(app, client):
    with app.app_context():
        a = make_organisation("A Home")
        b = make_organisation("B Home")
        make_member(a, "owner", "owner@a.example")
        victim = make_member(b, "staff", "staff@b.example")
        victim_id = victim.public_id
    sign_in(client, "owner@a.example")
    assert client.post(f"/organisation/members/{victim_id}/remove").status_code == 404
    with app.app_context():
        assert db.session.execute(select(Membership).join(Membership.user).where(
            Membership.organisation_id == b.id)).first() is not None


def test_removing_a_member_ends_their_session(app, client):
    with app.app_context():
        org = make_organisation()
        make_member(org, "owner", "owner@home.example")
        leaver_id = make_member(org, "staff", "leaver@home.example").public_id
    leaver = app.test_client()
    sign_in(leaver, "leaver@home.example")
    sign_in(client, "owner@home.example")
    assert client.post(f"/organisation/members/{leaver_id}/remove").status_code == 302
    assert leaver.get("/dashboard").status_code == 302
