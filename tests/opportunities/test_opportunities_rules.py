"""The rules tasters and vacancies share, each written once in outreach.opportunities: trust earned by
any kind of post, one review queue per kind, an admin's decision, and which drafts can be deleted."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from outreach.extensions import db
from outreach.models.opportunities import TASTER_KINDS
from outreach.models.outbox import OutboxMessage
from outreach.models.vacancies import VACANCY_KINDS
from outreach.opportunities import review
from outreach.tasters import posting
from outreach.tasters.errors import NotAllowed as TasterNotAllowed
from outreach.tasters.errors import TasterError
from outreach.vacancies import service as vacancies
from outreach.vacancies.errors import NotAllowed as VacancyNotAllowed
from tests.factories import make_user
from tests.tasters.factories import make_provider, make_taster
from tests.vacancies.factories import make_vacancy


def test_a_first_post_of_either_kind_waits_and_an_approved_taster_trusts_the_provider_for_vacancies(app):
    with app.app_context():
        organisation, recruiter = make_provider()
        admin = make_user("admin", "admin@x.example")
        taster = make_taster(organisation, recruiter, status="draft")
        vacancy = make_vacancy(organisation, recruiter, status="draft").opportunity
        assert not review.is_trusted(organisation)
        assert posting.submit(taster, recruiter) == "pending"
        assert vacancies.submit(vacancy, recruiter) == "pending"
        assert [o.id for o in review.pending_review(TASTER_KINDS).items] == [taster.id]
        assert [o.id for o in review.pending_review(VACANCY_KINDS).items] == [vacancy.id]

        posting.review(taster, admin, "approve", None)
        assert taster.status == "published" and review.is_trusted(organisation)
        second = make_vacancy(organisation, recruiter, status="draft", title="Night carer").opportunity
        assert vacancies.submit(second, recruiter) == "published"  # trusted by the taster's approval
        with pytest.raises(VacancyNotAllowed, match="This vacancy is already published"):
            vacancies.submit(second, recruiter)


def test_sending_back_needs_a_note_and_the_provider_is_told_either_way(app):
    with app.app_context():
        organisation, recruiter = make_provider()
        admin = make_user("admin", "admin@x.example")
        taster = make_taster(organisation, recruiter, status="pending")
        with pytest.raises(TasterError, match="Say what the provider needs to change") as refused:
            posting.review(taster, admin, "send_back", "  ")
        assert refused.value.field == "note" and taster.status == "pending"  # rolled back, nothing changed
        posting.review(taster, admin, "send_back", "Add the nearest bus stop")
        assert taster.status == "draft" and taster.review_note == "Add the nearest bus stop"
        with pytest.raises(TasterNotAllowed, match="This taster is not waiting for approval"):
            posting.review(taster, admin, "approve", None)
        subjects = db.session.execute(select(OutboxMessage.subject)).scalars().all()
        assert f"Your taster needs a change: {taster.title}" in subjects


def test_a_draft_is_deleted_only_if_never_published_and_nobody_was_on_it(app):
    with app.app_context():
        organisation, recruiter = make_provider()
        draft_taster = make_taster(organisation, recruiter, status="draft", title="Never shown")
        draft_vacancy = make_vacancy(organisation, recruiter, status="draft", title="Never shown either")
        assert posting.delete_draft(draft_taster, recruiter) == "Never shown"
        assert vacancies.delete_draft(draft_vacancy.opportunity, recruiter) == "Never shown either"

        published = make_vacancy(organisation, recruiter).opportunity
        with pytest.raises(VacancyNotAllowed, match="A published vacancy can be closed instead"):
            vacancies.delete_draft(published, recruiter)
        vacancies.close(published, recruiter)
        with pytest.raises(VacancyNotAllowed, match="Only a published vacancy can be closed"):
            vacancies.close(published, recruiter)
        published.status = "draft"  # sent back after it was once public: still kept for its history
        db.session.commit()
        with pytest.raises(VacancyNotAllowed, match="has been published"):
            vacancies.delete_draft(published, recruiter)
