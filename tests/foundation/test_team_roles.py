"""An owner changes a colleague's role; the organisation always keeps an owner. Audited."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from outreach.accounts.errors import AccountError, TokenInvalid
from outreach.extensions import db
from outreach.models.audit import AuditEvent
from outreach.models.organisations import Invitation, Membership
from outreach.organisations import service
from outreach.organisations.standing import OrganisationNotActive
from tests.factories import make_member, make_organisation, sign_in


def _team():
    organisation = make_organisation("Fordington House")
    owner = make_member(organisation, "owner", "owner@care.example", first_name="Olive")
    recruiter = make_member(organisation, "recruiter", "rec@care.example", first_name="Raj")
    staff = make_member(organisation, "staff", "staff@care.example", first_name="Sam")
    return organisation, owner, recruiter, staff


def _role(user) -> str:
    return db.session.execute(select(Membership.role).where(Membership.user_id == user.id)).scalar_one()


def test_an_owner_changes_a_role_and_it_is_audited(app):
    with app.app_context():
        organisation, owner, recruiter, staff = _team()
        service.change_role(organisation, owner, staff.public_id, "recruiter")
        assert _role(staff) == "recruiter"
        event = db.session.execute(select(AuditEvent).where(AuditEvent.action == "organisation.role_changed")
                                   ).scalar_one()
        assert event.actor_id == owner.id
        assert event.detail == {"member": staff.public_id, "role": "recruiter", "previous": "staff"}


def test_the_last_owner_cannot_step_down_but_can_once_there_is_another(app):
    with app.app_context():
        organisation, owner, recruiter, _ = _team()
        with pytest.raises(AccountError) as refused:
            service.change_role(organisation, owner, owner.public_id, "recruiter")
        assert "at least one owner" in refused.value.message
        db.session.rollback()
        assert _role(owner) == "owner"
        service.change_role(organisation, owner, recruiter.public_id, "owner")
        service.change_role(organisation, owner, owner.public_id, "staff")
        assert (_role(owner), _role(recruiter)) == ("staff", "owner")
        with pytest.raises(AccountError):  # no longer an owner, so no longer allowed
            service.change_role(organisation, owner, recruiter.public_id, "staff")


@pytest.mark.parametrize("role", ["recruiter", "staff"])
def test_only_owners_change_roles(app, role):
    with app.app_context():
        organisation, owner, recruiter, staff = _team()
        actor = recruiter if role == "recruiter" else staff
        with pytest.raises(AccountError):
            service.change_role(organisation, actor, actor.public_id, "owner")
        db.session.rollback()
        assert _role(actor) == role


def test_roles_must_exist_for_the_kind_of_organisation_and_the_member_must_belong(app):
    with app.app_context():
        organisation, owner, _, staff = _team()
        school = make_organisation("Dorchester School", kind="school", postcode="DT1 2EH")
        lead = make_member(school, "owner", "lead@school.example")
        teacher = make_member(school, "staff", "teacher@school.example")
        with pytest.raises(AccountError):
            service.change_role(school, lead, teacher.public_id, "recruiter")  # schools have no recruiters
        db.session.rollback()
        with pytest.raises(AccountError):
            service.change_role(organisation, owner, staff.public_id, "admin")
        db.session.rollback()
        with pytest.raises(TokenInvalid):  # another organisation's member
            service.change_role(organisation, owner, teacher.public_id, "staff")
        db.session.rollback()
        service.change_role(school, lead, teacher.public_id, "owner")
        assert _role(teacher) == "owner"


def test_a_suspended_organisation_cannot_change_roles(app):
    with app.app_context():
        organisation, owner, _, staff = _team()
        organisation.status = "suspended"
        db.session.commit()
        with pytest.raises(OrganisationNotActive):
            service.change_role(organisation, owner, staff.public_id, "recruiter")


def test_the_role_page_confirms_then_redirects(app, client):
    with app.app_context():
        _, _, _, staff = _team()
        staff_id = staff.public_id
    sign_in(client, "owner@care.example")
    team = client.get("/organisation/team").get_data(as_text=True)
    assert f"/organisation/members/{staff_id}/role" in team
    page = client.get(f"/organisation/members/{staff_id}/role")
    assert page.status_code == 200 and "Confirm the new role" in page.get_data(as_text=True)
    empty = client.post(f"/organisation/members/{staff_id}/role", data={})
    assert empty.status_code == 400 and "Choose their new role" in empty.get_data(as_text=True)
    changed = client.post(f"/organisation/members/{staff_id}/role", data={"role": "recruiter"})
    assert changed.status_code == 302 and changed.headers["Location"].endswith("/organisation/team")
    assert "Sam" in client.get("/organisation/team").get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(Membership.role).join(Membership.user)
                                  .where(Membership.role == "recruiter")).all()


def test_the_role_page_says_why_the_last_owner_cannot_step_down(app, client):
    with app.app_context():
        _, owner, _, _ = _team()
        owner_id = owner.public_id
    sign_in(client, "owner@care.example")
    refused = client.post(f"/organisation/members/{owner_id}/role", data={"role": "staff"})
    assert refused.status_code == 400 and "needs at least one owner" in refused.get_data(as_text=True)


def test_a_recruiter_cannot_open_the_role_page(app, client):
    with app.app_context():
        _, _, _, staff = _team()
        staff_id = staff.public_id
    sign_in(client, "rec@care.example")
    assert client.get(f"/organisation/members/{staff_id}/role").status_code == 403
    assert client.post(f"/organisation/members/{staff_id}/role", data={"role": "owner"}).status_code == 403


def test_a_double_submitted_invitation_is_made_once(app, client):
    with app.app_context():
        _team()
    sign_in(client, "owner@care.example")
    page = client.get("/organisation/team").get_data(as_text=True)
    import re
    nonce = re.search(r'name="submission" type="hidden" value="([^"]+)"', page) or \
        re.search(r'value="([^"]+)"[^>]*name="submission"', page)
    data = {"email": "new@care.example", "role": "staff", "submission": nonce.group(1)}
    first, second = client.post("/organisation/team", data=data), client.post("/organisation/team", data=data)
    assert first.status_code == second.status_code == 302
    with app.app_context():
        assert len(db.session.execute(select(Invitation)).scalars().all()) == 1
