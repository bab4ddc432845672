"""Recruiters' notes on an application: add, and (for the note's author only) edit or delete.

Notes are people's data, so every service here needs an approved organisation and another
provider's application or note is NotFound. A colleague may read a note but never change it:
only its author may edit or delete it, and both are audited (never with the note's text).
"""
from __future__ import annotations

from sqlalchemy import select

from outreach import audit, clock, submissions
from outreach.applications.errors import ApplicationError, NotAllowed, NotFound
from outreach.applications.people import is_minor
from outreach.domain import transaction
from outreach.extensions import db
from outreach.models.applications import Application, ApplicationNote
from outreach.organisations import standing

MAX_NOTE = 2000
FORM_NAME = "application-note"


class NotYourNote(NotAllowed):
    """Only the person who wrote a note may change or delete it."""


def _clean(body: str | None) -> str:
    body = (body or "").strip()
    if not body:
        raise ApplicationError("Write the note first", field="body")
    if len(body) > MAX_NOTE:
        raise ApplicationError(f"Keep the note under {MAX_NOTE} characters", field="body")
    return body


@transaction
def add(organisation, actor, application: Application, body: str,
        submission: str | None = None) -> ApplicationNote:
    """Add a note. A repeat press of the same form raises submissions.AlreadySubmitted."""
    standing.require_approved(organisation)
    if application.opportunity.organisation_id != organisation.id:
        raise NotFound("not found")
    body = _clean(body)
    claimed = submissions.claim(FORM_NAME, submission)
    note = ApplicationNote(application_id=application.id, organisation_id=organisation.id, author_id=actor.id,
                           body=body, created_at=clock.now())
    db.session.add(note)
    db.session.flush()
    audit.record("application.note_added", actor=actor, subject=application, note=note.public_id,
                 minor=is_minor(application.user.date_of_birth) or None)
    submissions.settle(claimed, note.public_id)
    return note


def own_note(organisation, actor, application_public_id: str, note_public_id: str) -> ApplicationNote:
    """The note, if it is on this provider's application and the actor wrote it.

    NotFound for another provider's (or an unknown) note; NotYourNote for a colleague's."""
    standing.require_approved(organisation)
    note = db.session.execute(
        select(ApplicationNote).join(Application, Application.id == ApplicationNote.application_id)
        .where(ApplicationNote.public_id == (note_public_id or ""),
               Application.public_id == (application_public_id or ""),
               ApplicationNote.organisation_id == organisation.id)
    ).scalar_one_or_none()
    if note is None or note.application.opportunity.organisation_id != organisation.id:
        raise NotFound("not found")
    if note.author_id is None or note.author_id != actor.id:
        raise NotYourNote("Only the person who wrote a note can change or delete it.", field="body")
    return note


@transaction
def edit(organisation, actor, application_public_id: str, note_public_id: str, body: str) -> ApplicationNote:
    note = own_note(organisation, actor, application_public_id, note_public_id)
    body = _clean(body)
    if body == note.body:
        return note
    note.body = body
    note.edited_at = clock.now()
    audit.record("application.note_edited", actor=actor, subject=note.application, note=note.public_id,
                 minor=is_minor(note.application.user.date_of_birth) or None)
    return note


@transaction
def delete(organisation, actor, application_public_id: str, note_public_id: str) -> None:
    note = own_note(organisation, actor, application_public_id, note_public_id)
    application = note.application
    audit.record("application.note_deleted", actor=actor, subject=application, note=note.public_id,
                 minor=is_minor(application.user.date_of_birth) or None)
    db.session.delete(note)
