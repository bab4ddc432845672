"""Who may use each application route (see tests/access.py)."""
from __future__ import annotations

from sqlalchemy import select

from outreach.applications import notes
from outreach.extensions import db
from outreach.models.organisations import Organisation
from tests.access import APPROVED_ONLY, RECRUITERS, only, override
from tests.applications.factories import apply_for
from tests.questionnaire.factories import complete_questionnaire
from tests.vacancies.factories import make_vacancy

TAKERS = ("pupil", "applicant")
A_RECRUITERS = override(only(RECRUITERS), recruiter_b=404)  # B asks for A's objects: 404, never 403

ROUTES = {
    "applications.profile": ("GET", "/profile", only(TAKERS)),
    "applications.matches": ("GET", "/matches", only(TAKERS)),
    # Pupils may apply from 16 (younger, or an 18+ post: a page saying why and what they can do instead).
    "applications.apply": ("GET", "/vacancies/{vacancy_apply}/apply", only(TAKERS)),
    "applications.mine": ("GET", "/applications", only(TAKERS)),
    # The application belongs to the applicant identity: the pupil asking for it gets 404.
    "applications.detail": ("GET", "/applications/{application_a}", override(only(TAKERS), pupil=404)),
    "applications.withdraw": ("POST", "/applications/{application_a}/withdraw",
                              override(only(TAKERS, ok=302), pupil=404)),
    "applications.shortlist": ("GET", "/shortlists/{vacancy_apply}", A_RECRUITERS),
    # No boxes ticked and no stage chosen: the page again with the problem (400).
    "applications.bulk_stage": ("POST", "/shortlists/{vacancy_apply}/stage",
                                override(only(RECRUITERS, ok=400), recruiter_b=404)),
    "applications.invite": ("POST", "/shortlists/{vacancy_apply}/invite",
                            override(only(RECRUITERS, ok=302), recruiter_b=404)),
    "applications.export_csv": ("GET", "/shortlists/{vacancy_apply}/export.csv", A_RECRUITERS),
    "applications.review": ("GET", "/shortlists/applications/{application_a}", A_RECRUITERS),
    "applications.change_stage": ("POST", "/shortlists/applications/{application_a}/stage",
                                  override(only(RECRUITERS, ok=400), recruiter_b=404)),
    # The application has a questionnaire result, so the provider is told there is nothing to ask (302).
    "applications.invite_to_questionnaire": ("POST", "/shortlists/applications/{application_a}/questionnaire-invite",
                                             override(only(RECRUITERS, ok=302), recruiter_b=404)),
    "applications.add_note": ("POST", "/shortlists/applications/{application_a}/notes",
                              override(only(RECRUITERS, ok=400), recruiter_b=404)),
    # Every provider's recruiters have a hires page (their own hires only).
    "applications.hires": ("GET", "/providers/hires", only(RECRUITERS)),
    # No answer chosen: the page again with the problem (400).
    "applications.hire_still_employed": ("POST", "/providers/hires/{application_a}/still-employed",
                                         override(only(RECRUITERS, ok=400), recruiter_b=404)),
    # No answer chosen: the hires page again with the problem (400).
    "applications.change_hire_answer": ("POST", "/providers/hires/{application_a}/change",
                                        override(only(RECRUITERS, ok=400), recruiter_b=404)),
    # recruiter_a wrote the note: a colleague (owner_a) is sent back to the application with a message.
    "applications.edit_note": ("GET", "/shortlists/applications/{application_a}/notes/{note_a}/edit",
                               override(only(RECRUITERS), owner_a=302, recruiter_b=404)),
    "applications.delete_note": ("GET", "/shortlists/applications/{application_a}/notes/{note_a}/delete",
                                 override(only(RECRUITERS), owner_a=302, recruiter_b=404)),
}


def make_objects(ids):
    organisation = db.session.execute(select(Organisation).where(Organisation.public_id == ids["org_a"])).scalar_one()
    details = make_vacancy(organisation, ids["user:recruiter_a"], title="Senior care assistant")
    applicant = ids["user:applicant"]
    complete_questionnaire(applicant)
    application = apply_for(applicant, details)
    note = notes.add(organisation, ids["user:recruiter_a"], application, "Friendly on the phone")
    return {"vacancy_apply": details.opportunity.public_id, "application_a": application.public_id,
            "note_a": note.public_id}

# Shortlists, applications and hires are people's data: approved providers only.
ORG_STATUS = {endpoint: APPROVED_ONLY for endpoint in (
    "applications.shortlist", "applications.bulk_stage", "applications.invite", "applications.export_csv",
    "applications.review", "applications.change_stage", "applications.add_note", "applications.hires",
    "applications.hire_still_employed", "applications.change_hire_answer", "applications.edit_note",
    "applications.delete_note",
    "applications.invite_to_questionnaire",
)}
