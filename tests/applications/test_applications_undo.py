"""Mistakes can be undone: a recruiter's own notes can be edited or deleted (never a colleague's),
and a hire check answered by mistake can be changed for 14 days, then is locked. Audited.
SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from dateutil.relativedelta import relativedelta
from sqlalchemy import select

from outreach import clock
from outreach.applications import employment_checks, hire_changes, notes, pipeline
from outreach.applications.errors import ApplicationError, NotAllowed, NotFound
from outreach.extensions import db
from outreach.models.applications import Application, ApplicationNote, EmploymentCheck
from outreach.models.audit import AuditEvent
from outreach.organisations.standing import OrganisationNotActive
from tests.applications.factories import apply_for, make_applicant
from tests.factories import make_member, sign_in
from tests.referrals.factories import make_lead, provider_team
from tests.vacancies.factories import make_vacancy

HIRED = datetime(2026, 1, 5, 10, 0, tzinfo=timezone.utc)
AT_3M = HIRED + relativedelta(months=3)
AT_6M = HIRED + relativedelta(months=6)


def _world():
    clock.freeze(HIRED - timedelta(days=7))
    organisation, owner, recruiter, staff = provider_team()
    other, _, other_recruiter, _ = provider_team("Trent Valley", "ST16 2AB", prefix="b")
    details = make_vacancy(organisation, recruiter)
    clock.freeze(HIRED - timedelta(days=2))
    person = make_applicant("alex@example.com", first_name="Alex")
    application = apply_for(person, details)
    return organisation, owner, recruiter, staff, other, other_recruiter, details, application


def _hire(organisation, recruiter, details, application) -> Application:
    clock.freeze(HIRED)
    pipeline.move(organisation, recruiter, details.opportunity, [application.public_id], "hired")
    db.session.expire_all()
    return db.session.get(Application, application.id)


def _actions(action: str) -> list[AuditEvent]:
    return list(db.session.execute(select(AuditEvent).where(AuditEvent.action == action)).scalars())


def _checks(application_id) -> list[tuple[str, bool]]:
    return [tuple(row) for row in db.session.execute(
        select(EmploymentCheck.milestone, EmploymentCheck.still_employed)
        .where(EmploymentCheck.application_id == application_id).order_by(EmploymentCheck.milestone)).all()]


# --- notes ------------------------------------------------------------------------------------

def test_the_author_edits_and_deletes_their_own_note_and_both_are_audited(app):
    with app.app_context():
        organisation, _, recruiter, _, _, _, _, application = _world()
        note = notes.add(organisation, recruiter, application, "Asked about nights")
        clock.freeze(HIRED + timedelta(hours=1))
        notes.edit(organisation, recruiter, application.public_id, note.public_id, "  Asked about weekend nights ")
        db.session.expire_all()
        saved = db.session.get(ApplicationNote, note.id)
        assert saved.body == "Asked about weekend nights" and saved.edited_at == HIRED + timedelta(hours=1)
        edited = _actions("application.note_edited")
        assert len(edited) == 1 and edited[0].actor_id == recruiter.id
        assert "weekend" not in str(edited[0].detail)  # the note's words never reach the audit log
        notes.delete(organisation, recruiter, application.public_id, note.public_id)
        assert db.session.get(ApplicationNote, note.id) is None
        assert len(_actions("application.note_deleted")) == 1


@pytest.mark.parametrize("who", ["owner", "colleague"])
def test_nobody_but_the_author_may_change_a_note(app, who):
    with app.app_context():
        organisation, owner, recruiter, _, _, _, _, application = _world()
        note = notes.add(organisation, recruiter, application, "Asked about nights")
        colleague = owner if who == "owner" else make_member(organisation, "recruiter", "second@care.example")
        with pytest.raises(notes.NotYourNote):
            notes.edit(organisation, colleague, application.public_id, note.public_id, "Changed")
        with pytest.raises(notes.NotYourNote):
            notes.delete(organisation, colleague, application.public_id, note.public_id)
        db.session.rollback()
        assert db.session.get(ApplicationNote, note.id).body == "Asked about nights"
        assert not _actions("application.note_edited") and not _actions("application.note_deleted")


def test_another_providers_recruiter_cannot_find_the_note(app):
    with app.app_context():
        organisation, _, recruiter, _, other, other_recruiter, _, application = _world()
        note = notes.add(organisation, recruiter, application, "Asked about nights")
        with pytest.raises(NotFound):
            notes.edit(other, other_recruiter, application.public_id, note.public_id, "Mine now")
        with pytest.raises(NotFound):  # the right note id under another application is not found either
            notes.delete(organisation, recruiter, "not-the-application", note.public_id)


def test_a_suspended_provider_cannot_add_edit_or_delete_notes(app):
    with app.app_context():
        organisation, _, recruiter, _, _, _, _, application = _world()
        note = notes.add(organisation, recruiter, application, "Asked about nights")
        organisation.status = "suspended"
        db.session.commit()
        with pytest.raises(OrganisationNotActive):
            notes.add(organisation, recruiter, application, "Another")
        with pytest.raises(OrganisationNotActive):
            notes.edit(organisation, recruiter, application.public_id, note.public_id, "Changed")
        with pytest.raises(OrganisationNotActive):
            notes.delete(organisation, recruiter, application.public_id, note.public_id)


def test_an_edit_must_keep_some_words_and_stay_short(app):
    with app.app_context():
        organisation, _, recruiter, _, _, _, _, application = _world()
        note = notes.add(organisation, recruiter, application, "Asked about nights")
        with pytest.raises(ApplicationError) as empty:
            notes.edit(organisation, recruiter, application.public_id, note.public_id, "   ")
        assert empty.value.field == "body"
        with pytest.raises(ApplicationError):
            notes.edit(organisation, recruiter, application.public_id, note.public_id, "x" * (notes.MAX_NOTE + 1))


def test_note_pages_edit_with_prg_and_delete_after_confirming(app, client):
    with app.app_context():
        organisation, owner, recruiter, _, _, _, _, application = _world()
        note = notes.add(organisation, recruiter, application, "Asked about nights")
        app_id, note_id = application.public_id, note.public_id
    clock.freeze(HIRED)
    sign_in(client, "recruiter-a@care.example")
    review = client.get(f"/shortlists/applications/{app_id}").get_data(as_text=True)
    edit_url = f"/shortlists/applications/{app_id}/notes/{note_id}/edit"
    assert edit_url in review
    page = client.get(edit_url)
    assert page.status_code == 200 and "Asked about nights" in page.get_data(as_text=True)
    empty = client.post(edit_url, data={"body": ""})
    assert empty.status_code == 400 and "Write the note, or delete it instead" in empty.get_data(as_text=True)
    saved = client.post(edit_url, data={"body": "Asked about weekend nights"})
    assert saved.status_code == 302
    assert saved.headers["Location"].endswith(f"/shortlists/applications/{app_id}#note-{note_id}")
    delete_url = f"/shortlists/applications/{app_id}/notes/{note_id}/delete"
    confirm = client.get(delete_url)
    assert confirm.status_code == 200 and "Delete your note?" in confirm.get_data(as_text=True)
    with app.app_context():
        assert db.session.execute(select(ApplicationNote)).scalar_one().body == "Asked about weekend nights"
    assert client.post(delete_url).status_code == 302
    with app.app_context():
        assert db.session.execute(select(ApplicationNote)).scalar_one_or_none() is None


def test_a_colleague_sees_no_edit_link_and_is_turned_back_from_the_pages(app, client):
    with app.app_context():
        organisation, _, recruiter, _, _, _, _, application = _world()
        note = notes.add(organisation, recruiter, application, "Asked about nights")
        app_id, note_id = application.public_id, note.public_id
    clock.freeze(HIRED)
    sign_in(client, "owner-a@care.example")
    edit_url = f"/shortlists/applications/{app_id}/notes/{note_id}/edit"
    assert edit_url not in client.get(f"/shortlists/applications/{app_id}").get_data(as_text=True)
    refused = client.post(f"/shortlists/applications/{app_id}/notes/{note_id}/delete")
    assert refused.status_code == 302
    page = client.get(refused.headers["Location"]).get_data(as_text=True)
    assert "Only the person who wrote a note can change or delete it." in page
    with app.app_context():
        assert db.session.execute(select(ApplicationNote)).scalar_one().body == "Asked about nights"


def test_staff_cannot_reach_the_note_pages(app, client):
    with app.app_context():
        organisation, _, recruiter, _, _, _, _, application = _world()
        note = notes.add(organisation, recruiter, application, "Asked about nights")
        app_id, note_id = application.public_id, note.public_id
    clock.freeze(HIRED)
    sign_in(client, "staff-a@care.example")
    assert client.get(f"/shortlists/applications/{app_id}/notes/{note_id}/edit").status_code == 403


# --- hire checks --------------------------------------------------------------------------------

def test_a_mistaken_answer_can_be_changed_for_14_days_then_it_is_locked(app):
    with app.app_context():
        organisation, _, recruiter, _, _, _, details, application = _world()
        application = _hire(organisation, recruiter, details, application)
        clock.freeze(AT_3M)
        employment_checks.record(organisation, recruiter, application, False)
        assert _checks(application.id) == [("3m", False)]
        clock.freeze(AT_3M + timedelta(days=13, hours=23))
        hire_changes.change(organisation, recruiter, application, True)
        assert _checks(application.id) == [("3m", True)]
        changed = _actions("hire.employment_check_changed")
        assert len(changed) == 1 and changed[0].detail["still_employed"] is True and changed[0].detail["was"] is False
        # The time of the first answer is kept, so changing again does not stretch the 14 days.
        clock.freeze(AT_3M + timedelta(days=14))
        with pytest.raises(hire_changes.AnswerLocked) as locked:
            hire_changes.change(organisation, recruiter, application, False)
        assert "now locked" in locked.value.message and "5 April 2026" in locked.value.message
        assert _checks(application.id) == [("3m", True)]


def test_changing_a_no_to_yes_brings_the_6_month_check_back(app):
    with app.app_context():
        organisation, _, recruiter, _, _, _, details, application = _world()
        application = _hire(organisation, recruiter, details, application)
        clock.freeze(AT_3M)
        employment_checks.record(organisation, recruiter, application, False)
        hire_changes.change(organisation, recruiter, application, True)
        assert employment_checks.check_due(db.session.get(Application, application.id), AT_6M) == "6m"


def test_a_late_yes_that_settled_both_checks_changes_to_a_single_no(app):
    with app.app_context():
        organisation, _, recruiter, _, _, _, details, application = _world()
        application = _hire(organisation, recruiter, details, application)
        clock.freeze(AT_6M)
        employment_checks.record(organisation, recruiter, application, True)
        assert _checks(application.id) == [("3m", True), ("6m", True)]
        hire_changes.change(organisation, recruiter, application, False)
        assert _checks(application.id) == [("6m", False)]
        hire_changes.change(organisation, recruiter, application, True)
        assert _checks(application.id) == [("3m", True), ("6m", True)]


def test_only_the_latest_answer_changes_and_the_same_answer_changes_nothing(app):
    with app.app_context():
        organisation, _, recruiter, _, _, _, details, application = _world()
        application = _hire(organisation, recruiter, details, application)
        clock.freeze(AT_3M)
        employment_checks.record(organisation, recruiter, application, True)
        clock.freeze(AT_6M)
        employment_checks.record(organisation, recruiter, application, True)
        with pytest.raises(employment_checks.AlreadyAnswered):
            hire_changes.change(organisation, recruiter, application, True)
        hire_changes.change(organisation, recruiter, application, False)
        assert _checks(application.id) == [("3m", True), ("6m", False)]


def test_hire_answers_cannot_be_changed_by_another_provider_or_when_suspended_or_before_any_answer(app):
    with app.app_context():
        organisation, _, recruiter, _, other, other_recruiter, details, application = _world()
        application = _hire(organisation, recruiter, details, application)
        clock.freeze(AT_3M)
        with pytest.raises(NotAllowed):
            hire_changes.change(organisation, recruiter, application, True)
        employment_checks.record(organisation, recruiter, application, True)
        with pytest.raises(NotFound):
            hire_changes.change(other, other_recruiter, application, False)
        organisation.status = "suspended"
        db.session.commit()
        with pytest.raises(OrganisationNotActive):
            hire_changes.change(organisation, recruiter, application, False)
        assert _checks(application.id) == [("3m", True)]


def test_an_answer_that_settled_a_referral_is_not_changed_here(app):
    with app.app_context():
        organisation, _, recruiter, staff, _, _, details, application = _world()
        clock.freeze(HIRED - timedelta(days=3))
        make_lead(organisation, staff, email="alex@example.com", confirmed=True)
        application = _hire(organisation, recruiter, details, application)
        clock.freeze(AT_3M)
        employment_checks.record(organisation, recruiter, application, True)
        with pytest.raises(NotAllowed) as refused:
            hire_changes.change(organisation, recruiter, application, False)
        assert "referral" in refused.value.message
        assert _checks(application.id) == [("3m", True)]


def test_the_hires_page_offers_the_change_then_says_it_is_locked(app, client):
    with app.app_context():
        organisation, _, recruiter, _, _, _, details, application = _world()
        application = _hire(organisation, recruiter, details, application)
        clock.freeze(AT_3M)
        employment_checks.record(organisation, recruiter, application, True)
        app_id = application.public_id
    clock.freeze(AT_3M + timedelta(days=1))
    sign_in(client, "recruiter-a@care.example")
    page = client.get("/providers/hires").get_data(as_text=True)
    assert f"/providers/hires/{app_id}/change" in page and "Change to left" in page
    changed = client.post(f"/providers/hires/{app_id}/change", data={"still_employed": "no"})
    assert changed.status_code == 302
    assert "Answer changed" in client.get(changed.headers["Location"]).get_data(as_text=True)
    clock.freeze(AT_3M + timedelta(days=15))
    sign_in(client, "recruiter-a@care.example")  # a fresh sign-in, two weeks on
    page = client.get("/providers/hires").get_data(as_text=True)
    assert f"/providers/hires/{app_id}/change" not in page and "Locked" in page
    late = client.post(f"/providers/hires/{app_id}/change", data={"still_employed": "yes"})
    assert late.status_code == 400 and "now locked" in late.get_data(as_text=True)
    with app.app_context():
        assert _checks(db.session.execute(select(Application.id)).scalar_one()) == [("3m", False)]
