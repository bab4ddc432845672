"""What a pending, suspended or rejected organisation may do (see outreach/organisations/standing.py).

The route matrix (test_routes.py) checks every organisation route against every status; these
tests cover the services behind the pages, held invitations and the explanation page.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from outreach import clock
from outreach.extensions import db
from outreach.jobs.runner import run_job
from outreach.models.organisations import Invitation, Organisation
from outreach.models.outbox import OutboxMessage
from outreach.organisations import service as organisations
from outreach.organisations.standing import OrganisationNotActive
from tests.factories import make_member, make_organisation, make_user, sign_in

NOT_APPROVED = ("pending", "suspended", "rejected")


def outbox_to(address: str) -> list[OutboxMessage]:
    return list(db.session.execute(select(OutboxMessage).where(OutboxMessage.to_address == address)).scalars())


def organisation(public_id: str) -> Organisation:
    return db.session.execute(select(Organisation).where(Organisation.public_id == public_id)).scalar_one()


# --- invitations from a pending organisation wait for approval -----------------------------------

def test_pending_owner_invitation_is_held_and_sent_when_the_organisation_is_approved(app, client, smtp):
    with app.app_context():
        org = make_organisation("Waiting Care", status="pending")
        make_member(org, "owner", "owner@waiting.example")
        make_user("admin", "admin@example.com")
        org_id = org.public_id
    sign_in(client, "owner@waiting.example")
    response = client.post("/organisation/team", data={"email": "new@waiting.example", "role": "recruiter"})
    assert response.status_code == 302
    page = client.get("/organisation/team").get_data(as_text=True)
    assert "new@waiting.example" in page
    assert "as soon as CareWays approves" in page  # the owner is told the email waits
    with app.app_context():
        assert outbox_to("new@waiting.example") == []
        [invitation] = db.session.execute(select(Invitation)).scalars().all()
        assert invitation.sent_at is None
    # Three weeks later (past the 14-day link lifetime) an admin approves: the invitation goes out then.
    clock.freeze(clock.now() + timedelta(days=21))
    admin = app.test_client()
    sign_in(admin, "admin@example.com")
    assert admin.post(f"/admin/organisations/{org_id}", data={"decision": "approved"}).status_code == 302
    with app.app_context():
        assert len(outbox_to("new@waiting.example")) == 1
        run_job("send_outbox")
    [invite] = smtp.wait_for("new@waiting.example")
    link = smtp.link_in(invite, "/join/")
    newcomer = app.test_client()
    joined = newcomer.post(link, data={"first_name": "Nia", "last_name": "Jones", "password": "joining the care team"})
    assert joined.status_code == 302
    with app.app_context():
        assert db.session.execute(select(Invitation)).scalar_one().sent_at is not None
        # Approving again (for example after a suspension) never sends it twice.
        organisations.decide(organisation(org_id), make_user("admin", "admin2@example.com"), "approved", None)
        assert len(outbox_to("new@waiting.example")) == 1


def test_withdrawn_held_invitation_is_never_sent(app, client):
    with app.app_context():
        org = make_organisation("Waiting Care", status="pending")
        owner = make_member(org, "owner", "owner@waiting.example")
        invitation = organisations.invite(org, owner, "gone@waiting.example", "staff")
        organisations.revoke_invitation(org, owner, invitation.public_id)
        organisations.decide(org, make_user("admin", "admin@example.com"), "approved", None)
        assert outbox_to("gone@waiting.example") == []


def test_approved_organisation_invitation_is_sent_at_once(app):
    with app.app_context():
        org = make_organisation("Open Care")
        owner = make_member(org, "owner", "owner@open.example")
        invitation = organisations.invite(org, owner, "new@open.example", "staff")
        assert invitation.sent_at is not None and len(outbox_to("new@open.example")) == 1


@pytest.mark.parametrize("status", ["suspended", "rejected"])
def test_suspended_or_rejected_organisation_cannot_invite_at_all(app, status):
    with app.app_context():
        org = make_organisation("Closed Care", status=status)
        owner = make_member(org, "owner", "owner@closed.example")
        with pytest.raises(OrganisationNotActive):
            organisations.invite(org, owner, "new@closed.example", "staff")
        db.session.rollback()
        assert db.session.execute(select(func.count()).select_from(Invitation)).scalar_one() == 0
        assert outbox_to("new@closed.example") == []


# --- the page that explains the status ----------------------------------------------------------

@pytest.mark.parametrize("kind", ["provider", "school"])
@pytest.mark.parametrize("status, words", [
    ("suspended", "suspended"), ("rejected", "did not approve"),
])
def test_blocked_member_is_told_why_and_what_they_can_still_do(app, client, kind, status, words):
    with app.app_context():
        org = make_organisation("Closed Org", kind=kind, status=status)
        org.status_reason = "Your CQC registration has lapsed."
        db.session.commit()
        make_member(org, "owner", "owner@closed.example")
    sign_in(client, "owner@closed.example")
    url = "/impact/provider" if kind == "provider" else "/impact/school"
    response = client.get(url)
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert words in html and "Your CQC registration has lapsed." in html
    assert "/account/your-data" in html and "Delete your account" in html
    assert app.config["SUPPORT_EMAIL"] in html
    # What they can still do works.
    assert client.get("/account/your-data").status_code == 200
    assert client.get("/account/your-data/download").status_code == 200
    assert client.get("/dashboard").status_code == 200


def test_pending_member_is_told_the_page_opens_on_approval(app, client):
    with app.app_context():
        org = make_organisation("Waiting Care", status="pending")
        make_member(org, "recruiter", "rec@waiting.example")
    sign_in(client, "rec@waiting.example")
    response = client.get("/providers/hires")
    assert response.status_code == 403
    assert "waiting for a CareWays admin to approve" in response.get_data(as_text=True)
    # Setting up still works.
    assert client.get("/vacancies/manage/new").status_code == 200
    assert client.get("/tasters/manage/new").status_code == 200
    assert client.get("/organisation/team").status_code == 200
