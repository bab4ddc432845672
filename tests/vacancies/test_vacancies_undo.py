"""A draft vacancy can be deleted after a confirming page; a published one, or one with
applications or invitations, is closed instead. SQLite and PostgreSQL."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from outreach.extensions import db
from outreach.models.applications import ApplicationInvitation
from outreach.models.audit import AuditEvent
from outreach.models.opportunities import Opportunity
from outreach.models.vacancies import VacancyDetails
from outreach.organisations.standing import OrganisationNotActive
from outreach.vacancies import service
from outreach.vacancies.errors import NotAllowed
from tests.applications.factories import make_applicant
from tests.factories import make_member, make_organisation, sign_in
from tests.vacancies.factories import make_vacancy


def _count(model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar()


def _provider(prefix="a", name="Fordington House", postcode="DT1 1HR"):
    organisation = make_organisation(name, postcode=postcode)
    return organisation, make_member(organisation, "recruiter", f"rec@{prefix}.example")


def test_a_draft_vacancy_is_deleted_with_its_details_and_audited(app):
    with app.app_context():
        organisation, recruiter = _provider()
        draft = make_vacancy(organisation, recruiter, status="draft")
        assert service.delete_draft(draft.opportunity, recruiter)
        assert _count(Opportunity) == _count(VacancyDetails) == 0
        event = db.session.execute(select(AuditEvent).where(AuditEvent.action == "vacancy.draft_deleted")
                                   ).scalar_one()
        assert event.actor_id == recruiter.id


def test_published_vacancies_and_drafts_with_people_are_kept(app):
    with app.app_context():
        organisation, recruiter = _provider()
        published = make_vacancy(organisation, recruiter)
        with pytest.raises(NotAllowed) as refused:
            service.delete_draft(published.opportunity, recruiter)
        assert "closed instead" in refused.value.message
        draft = make_vacancy(organisation, recruiter, status="draft", title="Night care assistant")
        person = make_applicant("alex@example.com")
        db.session.add(ApplicationInvitation(opportunity_id=draft.opportunity.id, user_id=person.id))
        db.session.commit()
        with pytest.raises(NotAllowed):
            service.delete_draft(draft.opportunity, recruiter)
        db.session.rollback()
        assert _count(Opportunity) == 2


def test_a_suspended_provider_cannot_delete_a_draft(app):
    with app.app_context():
        organisation, recruiter = _provider()
        draft = make_vacancy(organisation, recruiter, status="draft")
        organisation.status = "suspended"
        db.session.commit()
        with pytest.raises(OrganisationNotActive):
            service.delete_draft(draft.opportunity, recruiter)


def test_the_delete_page_confirms_and_guards_other_providers_and_staff(app, client):
    with app.app_context():
        organisation, recruiter = _provider()
        make_member(organisation, "staff", "staff@a.example")
        _provider("b", "Trent Valley", "ST16 2AB")
        draft_id = make_vacancy(organisation, recruiter, status="draft").opportunity.public_id
    sign_in(client, "rec@b.example")
    assert client.post(f"/vacancies/manage/{draft_id}/delete").status_code == 404
    client.post("/account/sign-out")
    sign_in(client, "staff@a.example")
    assert client.post(f"/vacancies/manage/{draft_id}/delete").status_code == 403
    client.post("/account/sign-out")
    sign_in(client, "rec@a.example")
    assert f"/vacancies/manage/{draft_id}/delete" in client.get(f"/vacancies/manage/{draft_id}").get_data(as_text=True)
    confirm = client.get(f"/vacancies/manage/{draft_id}/delete")
    assert confirm.status_code == 200 and "Yes, delete the draft" in confirm.get_data(as_text=True)
    deleted = client.post(f"/vacancies/manage/{draft_id}/delete")
    assert deleted.status_code == 302 and deleted.headers["Location"].endswith("/vacancies/manage/")
    assert "Draft deleted" in client.get("/vacancies/manage/").get_data(as_text=True)
    with app.app_context():
        assert _count(Opportunity) == 0


def test_a_published_vacancy_page_offers_no_delete(app, client):
    with app.app_context():
        organisation, recruiter = _provider()
        vacancy_id = make_vacancy(organisation, recruiter).opportunity.public_id
    sign_in(client, "rec@a.example")
    assert f"/vacancies/manage/{vacancy_id}/delete" not in client.get(
        f"/vacancies/manage/{vacancy_id}").get_data(as_text=True)
    page = client.get(f"/vacancies/manage/{vacancy_id}/delete").get_data(as_text=True)
    assert "Yes, delete the draft" not in page and "Close it instead" in page
    assert client.post(f"/vacancies/manage/{vacancy_id}/delete").status_code == 302
    with app.app_context():
        assert _count(Opportunity) == 1
