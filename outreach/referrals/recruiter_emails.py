"""The emails that keep recruiters on top of their leads and hires: a daily digest of friend leads
(and, through the applications hook, applications) waiting more than 3 days, and the "still with
you?" question 3 and 6 months after every hire (application or referred friend).

Every email is non-essential (it carries an unsubscribe link). Each is claimed with reminders.claim
in the transaction that queues it, so running a job twice, or two schedulers at once, never sends
anything twice. The ``recruiter_digest`` and ``employment_checks`` jobs call these in the daytime.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select

from outreach import clock, reminders
from outreach.applications import employment_checks as application_checks
from outreach.applications.queries import waiting_applications
from outreach.extensions import db
from outreach.mail import queue_email
from outreach.mail.links import path_for
from outreach.models.accounts import User
from outreach.models.organisations import Membership, Organisation
from outreach.models.referrals import WAITING_STAGES, Lead
from outreach.referrals import roles
from outreach.referrals.leads import employment_check_due


@dataclass
class Sent:
    """What one sweep did: rows looked at and emails queued."""
    processed: int = 0
    emails_queued: int = 0


DIGEST_JOB = "recruiter_digest"
CHECKS_JOB = "employment_checks"
WAITING_FOR = timedelta(days=3)
DIGEST_LIST = 10


def _recruiters(organisation_id: int) -> list[User]:
    return list(db.session.execute(
        select(User).join(Membership).where(Membership.organisation_id == organisation_id,
                                            Membership.role.in_(("owner", "recruiter")), User.is_disabled.is_(False))
        .order_by(User.id)
    ).scalars())


def _uk_day(moment: datetime) -> str:
    return clock.to_uk(moment).strftime("%-d %B")


def send_digest(now: datetime) -> Sent:
    """Once a day per recruiter: friend leads (and, through the applications hook, applications)
    waiting more than 3 days, and any hired friends due a "still with you?" check."""
    cutoff = now - WAITING_FOR
    today = clock.to_uk(now).date().isoformat()
    waiting = dict(db.session.execute(
        select(Lead.organisation_id, func.count()).where(
            Lead.stage.in_(WAITING_STAGES), Lead.confirmed_at.is_not(None), Lead.stage_changed_at <= cutoff)
        .group_by(Lead.organisation_id)
    ).all())
    checks = _checks_due_by_organisation(now)
    providers = db.session.execute(
        select(Organisation).where(Organisation.kind == "provider", Organisation.status == "approved")
        .order_by(Organisation.id)
    ).scalars().all()
    result = Sent()
    for organisation in providers:
        applications = waiting_applications(organisation, cutoff)
        lead_count = waiting.get(organisation.id, 0)
        check_count = len(checks.get(organisation.id, []))
        if not (lead_count or applications or check_count):
            continue
        result.processed += 1
        oldest = db.session.execute(
            select(Lead).where(Lead.organisation_id == organisation.id, Lead.stage.in_(WAITING_STAGES),
                               Lead.confirmed_at.is_not(None), Lead.stage_changed_at <= cutoff)
            .order_by(Lead.stage_changed_at).limit(DIGEST_LIST)
        ).scalars().all() if lead_count else []
        items = [{"label": f"{lead.first_name} ({roles.title_of(lead.role_slug)}, {lead.stage_label.lower()})",
                  "since": _uk_day(lead.stage_changed_at)} for lead in oldest]
        apps = [{"label": item.label, "since": _uk_day(item.waiting_since), "url": item.url} for item in applications]
        for user in _recruiters(organisation.id):
            if reminders.claim(DIGEST_JOB, f"user:{user.id}", today):
                message = queue_email(
                    to=user.email, user=user, template="referral_digest", essential=False,
                    for_organisation=organisation,
                    key=f"{DIGEST_JOB}:{user.id}:{today}", subject=f"Waiting for you at {organisation.name}",
                    user_name=user.first_name, organisation_name=organisation.name, leads=items, lead_count=lead_count,
                    applications=apps, checks=check_count, leads_url=path_for("referrals.lead_list"),
                )
                result.emails_queued += 1 if message is not None else 0
        db.session.commit()  # part-way on purpose: each provider's claims and digests, together
    return result


def _checks_due_by_organisation(now: datetime) -> dict[int, list[Lead]]:
    candidates = db.session.execute(
        select(Lead).where(Lead.stage.in_(("hired", "employed_3m")), Lead.hired_at.is_not(None),
                           Lead.hired_at <= now - relativedelta(months=3))
        .order_by(Lead.id)
    ).scalars()
    due: dict[int, list[Lead]] = {}
    for lead in candidates:
        if employment_check_due(lead, now):
            due.setdefault(lead.organisation_id, []).append(lead)
    return due


def ask_about_hires(now: datetime) -> Sent:
    """At 3 and 6 months after a hire, ask the provider's recruiters whether the person is still
    there: about applications (answered on the hires page) and about referred friends hired
    outside the site (answered on the lead's page, releasing the referrer's points). A lead moved
    by an application is skipped: its application's check asks instead, and the answer covers both."""
    result = Sent()
    recipients: dict[int, list[User]] = {}
    for organisation_id, due_leads in _checks_due_by_organisation(now).items():
        for lead in due_leads:
            if lead.application_id is not None:
                continue
            check = employment_check_due(lead, now)
            step = "3-months" if check == "3 months" else "6-months"
            result.processed += 1
            if not reminders.claim(CHECKS_JOB, f"lead:{lead.public_id}", step):
                continue
            _ask_recruiters(result, recipients, organisation_id, f"{CHECKS_JOB}:{lead.id}:{step}",
                            template="referral_employment_check", subject=f"Is {lead.first_name} still with you?",
                            friend_name=lead.first_name, organisation_name=lead.organisation.name, check=check,
                            referrer_name=lead.referrer.first_name if lead.referrer else "a colleague",
                            hired_on=clock.to_uk(lead.hired_at).strftime("%-d %B %Y"),
                            lead_url=path_for("referrals.lead_detail", public_id=lead.public_id))
    _ask_about_application_hires(now, result, recipients)
    return result


def _ask_recruiters(result: Sent, recipients: dict[int, list[User]], organisation_id: int, key: str,
                    **email) -> None:
    """Email one "still with you?" question to each of the provider's recruiters, then commit (with
    the reminder claim made just before, so the question is never asked twice)."""
    if organisation_id not in recipients:
        recipients[organisation_id] = _recruiters(organisation_id)
    for user in recipients[organisation_id]:
        message = queue_email(to=user.email, user=user, essential=False, for_organisation=organisation_id,
                              key=f"{key}:{user.id}", user_name=user.first_name, **email)
        result.emails_queued += 1 if message is not None else 0
    db.session.commit()  # part-way on purpose: this question's claim and its emails, together


def _ask_about_application_hires(now: datetime, result: Sent, recipients: dict[int, list[User]]) -> None:
    """One email per hire, milestone and recruiter (first name only: under-18s are never named in full)."""
    hires_url = path_for("applications.hires")
    for organisation_id, hires in application_checks.due_by_organisation(now).items():
        organisation = db.session.get(Organisation, organisation_id)
        for hire in hires:
            step = "3-months" if hire.milestone == "3m" else "6-months"
            result.processed += 1
            if not reminders.claim(CHECKS_JOB, f"application:{hire.public_id}", step):
                continue
            _ask_recruiters(result, recipients, organisation_id,
                            f"{CHECKS_JOB}:application:{hire.application.id}:{step}",
                            template="hire_employment_check",
                            subject=f"Is {hire.first_name} still working with you?",
                            first_name=hire.first_name, organisation_name=organisation.name, title=hire.title,
                            check=hire.milestone_label, hired_on=clock.to_uk(hire.hired_at).strftime("%-d %B %Y"),
                            referrer_name=hire.referred_by, hires_url=hires_url)
