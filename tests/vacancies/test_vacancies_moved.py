"""Moving a vacancy that people have applied for: the move is audited (districts only) and
everyone whose application is still open or has been accepted is emailed the old and new place."""
from __future__ import annotations

from sqlalchemy import select

from outreach import geo
from outreach.applications import pipeline
from outreach.extensions import db
from outreach.models.audit import AuditEvent
from outreach.models.outbox import OutboxMessage
from outreach.vacancies import service
from tests.applications.factories import apply_for, make_applicant
from tests.factories import make_member, make_organisation
from tests.vacancies.factories import make_vacancy, vacancy_input


def _emails(template="application_place_changed"):
    return db.session.execute(select(OutboxMessage).where(OutboxMessage.template == template)
                              .order_by(OutboxMessage.id)).scalars().all()


def test_moving_a_vacancy_is_audited_and_every_applicant_is_told(app):
    with app.test_request_context():
        organisation = make_organisation("Fordington House")
        recruiter = make_member(organisation, "recruiter", "rec@fordington.example")
        details = make_vacancy(organisation, recruiter, kind="apprenticeship")
        public = service.public_vacancy(details.opportunity.public_id)
        apply_for(make_applicant("adult@x.example", age=30), public)
        apply_for(make_applicant("young@x.example", age=16, first_name="Mia"), public)
        gone = apply_for(make_applicant("gone@x.example", age=22), public)
        pipeline.withdraw(gone.user, gone.public_id)
        opportunity = details.opportunity
        service.update(opportunity, recruiter, vacancy_input(kind="apprenticeship", place=geo.resolve("BH1 1AA")))
        service.update(opportunity, recruiter, vacancy_input(kind="apprenticeship", place=geo.resolve("BH1 1AA")))
        [move] = db.session.execute(select(AuditEvent).where(AuditEvent.action == "vacancy.moved")).scalars().all()
        assert move.actor_id == recruiter.id and move.subject_id == opportunity.public_id
        assert move.detail == {"old_district": "DT1", "new_district": "BH1", "told": 2}
        told = {m.to_address: m for m in _emails()}
        assert set(told) == {"adult@x.example", "young@x.example"}
        young = told["young@x.example"]
        assert "Hello Mia" in young.body_text and "DT1 1HR" in young.body_text and "BH1 1AA" in young.body_text
        assert "BH1 1AA" in young.body_html
        service.update(opportunity, recruiter, vacancy_input(kind="apprenticeship", place=geo.resolve("DT1 1HR")))
        assert len(_emails()) == 4  # moving back is a new move, with new emails


def test_editing_a_vacancy_without_moving_it_tells_nobody(app):
    with app.test_request_context():
        organisation = make_organisation("Fordington House")
        recruiter = make_member(organisation, "recruiter", "rec@fordington.example")
        details = make_vacancy(organisation, recruiter)
        apply_for(make_applicant("adult@x.example", age=30), service.public_vacancy(details.opportunity.public_id))
        service.update(details.opportunity, recruiter, vacancy_input(place=geo.resolve("DT1 1HR"), title="New title"))
        assert not _emails()
        assert not db.session.execute(select(AuditEvent).where(AuditEvent.action == "vacancy.moved")).first()
