"""Who may use each vacancy route (see tests/access.py)."""
from __future__ import annotations

from sqlalchemy import select

from outreach.extensions import db
from outreach.models.organisations import Organisation
from tests.access import PROVIDERS, RECRUITERS, SETUP, everyone, only, override
from tests.vacancies.factories import make_vacancy

ADMIN = ("admin",)

ROUTES = {
    "vacancies.manage_list": ("GET", "/vacancies/manage/", only(PROVIDERS)),
    "vacancies.new": ("GET", "/vacancies/manage/new", only(RECRUITERS)),
    # Provider B's recruiter asks for provider A's vacancy: 404, never 403.
    "vacancies.manage": ("GET", "/vacancies/manage/{vacancy_a}", override(only(PROVIDERS), recruiter_b=404)),
    "vacancies.edit": ("GET", "/vacancies/manage/{vacancy_a}/edit", override(only(RECRUITERS), recruiter_b=404)),
    "vacancies.submit": ("POST", "/vacancies/manage/{vacancy_a}/submit",
                         override(only(RECRUITERS, ok=302), recruiter_b=404)),
    "vacancies.close": ("POST", "/vacancies/manage/{vacancy_a}/close",
                        override(only(RECRUITERS, ok=302), recruiter_b=404)),
    "vacancies.delete_draft": ("GET", "/vacancies/manage/{vacancy_a}/delete",
                               override(only(RECRUITERS), recruiter_b=404)),
    "vacancies.detail": ("GET", "/vacancies/{vacancy_a}", everyone(200)),
    "job_search.search_page": ("GET", "/jobs?what=care+worker&postcode=DT1+1AA", everyone(200)),
    "vacancies.admin_pending": ("GET", "/admin/vacancies", only(ADMIN)),
    "vacancies.admin_review": ("GET", "/admin/vacancies/{vacancy_a}", only(ADMIN)),
}


def make_objects(ids):
    organisation = db.session.execute(select(Organisation).where(Organisation.public_id == ids["org_a"])).scalar_one()
    details = make_vacancy(organisation, ids["user:recruiter_a"])
    return {"vacancy_a": details.opportunity.public_id}

# Drafting and submitting vacancies is setting up; their shortlists are in applications/access_routes.py.
ORG_STATUS = {endpoint: SETUP for endpoint in (
    "vacancies.manage_list", "vacancies.new", "vacancies.manage", "vacancies.edit", "vacancies.submit",
    "vacancies.close", "vacancies.delete_draft",
)}
