"""What needs doing: the counts on the provider's and the admin's dashboards, each with the page
where it is done. Counts about people (sign-ups, hires, applicants) are only given to an approved
organisation: a pending, rejected or suspended one sees no people data at all."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from outreach import clock
from outreach.applications import employment_checks
from outreach.extensions import db
from outreach.models.applications import Application
from outreach.models.opportunities import TASTER_KINDS, Opportunity, TasterSession
from outreach.models.organisations import Organisation
from outreach.models.signups import SignUp
from outreach.models.vacancies import VACANCY_KINDS
from outreach.title_learning import review as title_review

DOERS = ("owner", "recruiter")  # staff members refer friends; they do not run tasters or vacancies


@dataclass(frozen=True)
class Task:
    key: str
    count: int
    text: str  # e.g. "3 sign-ups to accept"
    endpoint: str
    args: tuple[tuple[str, str], ...] = ()


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _count(query) -> int:
    return db.session.execute(query).scalar_one()


def provider_tasks(organisation: Organisation | None, org_role: str | None) -> list[Task] | None:
    """The provider's to-do list (only things with a count above 0), or None for staff and people
    without an organisation."""
    if organisation is None or org_role not in DOERS:
        return None
    tasks = []
    for kinds, key, noun, endpoint in ((TASTER_KINDS, "taster_posts", "taster", "tasters.manage_list"),
                                       (VACANCY_KINDS, "vacancy_posts", "vacancy", "vacancies.manage_list")):
        posts = _count(select(func.count(Opportunity.id)).where(
            Opportunity.organisation_id == organisation.id, Opportunity.status == "pending",
            Opportunity.kind.in_(kinds)))
        if posts:
            many = "vacancies" if noun == "vacancy" else f"{noun}s"
            tasks.append(Task(key, posts, _plural(posts, f"{noun} waiting for approval by CareWays",
                                                   f"{many} waiting for approval by CareWays"), endpoint))
    if not organisation.is_approved:
        return tasks
    now = clock.now()
    signups = _count(
        select(func.count(SignUp.id)).join(TasterSession, SignUp.session_id == TasterSession.id)
        .join(Opportunity, TasterSession.opportunity_id == Opportunity.id)
        .where(Opportunity.organisation_id == organisation.id, Opportunity.kind.in_(TASTER_KINDS),
               SignUp.status.in_(("pending_consent", "pending_provider")), SignUp.provider_accepted_at.is_(None),
               TasterSession.status == "open", TasterSession.starts_at > now))
    if signups:
        tasks.append(Task("signups", signups, _plural(signups, "taster sign-up to accept", "taster sign-ups to accept"),
                          "tasters.manage_list"))
    applications = _count(
        select(func.count(Application.id)).join(Opportunity, Application.opportunity_id == Opportunity.id)
        .where(Opportunity.organisation_id == organisation.id, Opportunity.kind.in_(VACANCY_KINDS),
               Application.stage == "applied"))
    if applications:
        tasks.append(Task("applications", applications,
                          _plural(applications, "new application to look at", "new applications to look at"),
                          "vacancies.manage_list"))
    checks = len(employment_checks.due_for(organisation, now))
    if checks:
        tasks.append(Task("hire_checks", checks, _plural(checks, "hire check due", "hire checks due"),
                          "applications.hires"))
    return tasks


def admin_tasks() -> list[Task]:
    """Everything waiting for an admin's decision, including counts of 0 (so the admin sees the queue is clear)."""
    organisations = _count(select(func.count(Organisation.id)).where(Organisation.status == "pending"))
    tasters = _count(select(func.count(Opportunity.id)).where(Opportunity.status == "pending",
                                                              Opportunity.kind.in_(TASTER_KINDS)))
    vacancies = _count(select(func.count(Opportunity.id)).where(Opportunity.status == "pending",
                                                                Opportunity.kind.in_(VACANCY_KINDS)))
    titles = title_review.pending_count()
    return [
        Task("organisations", organisations, _plural(organisations, "organisation waiting for approval",
                                                     "organisations waiting for approval"),
             "admin.organisations_list", (("status", "pending"),)),
        Task("tasters", tasters, _plural(tasters, "taster waiting for approval", "tasters waiting for approval"),
             "tasters.admin_pending"),
        Task("vacancies", vacancies, _plural(vacancies, "vacancy waiting for approval",
                                             "vacancies waiting for approval"), "vacancies.admin_pending"),
        Task("titles", titles, _plural(titles, "job title to review", "job titles to review"), "titles.queue"),
    ]
