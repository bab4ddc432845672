"""Which rows are *about* a person: the reviewed declaration the download and erasure read.

Every table is listed once, in ``ABOUT`` (how a row becomes about a person) or in ``NOT_ABOUT_PEOPLE``
(why it is not). Every column that refers to users is either a subject column (the row is about that
person) or an actor column in ``ACTOR_COLUMNS`` ("who did this": the row is someone else's, and a
download shows the actor's organisation, never the member of staff). A convention test fails when a
new table or users column is added without being classified here.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Own:
    """Rows whose ``column`` holds the person's user id."""
    column: str


@dataclass(frozen=True)
class Under:
    """Rows that belong to one of the person's rows in ``parent`` through ``column``."""
    parent: str
    column: str


@dataclass(frozen=True)
class Custom:
    """Rows found by a rule written out in the download (``outreach/privacy/download.py``);
    ``column`` is the users column, if any, that makes a row about the person."""
    rule: str
    column: str | None = None


# In download order: a parent before the rows under it.
ABOUT: dict[str, Own | Under | Custom] = {
    "memberships": Own("user_id"),
    "applicant_profiles": Own("user_id"),
    "questionnaire_responses": Own("user_id"),
    "values_shares": Own("user_id"),
    "equal_opportunities": Own("user_id"),
    "taster_signups": Own("user_id"),
    "taster_guardian_consents": Under("taster_signups", "signup_id"),
    "taster_observed_values": Under("taster_signups", "signup_id"),
    "taster_feedback": Under("taster_signups", "signup_id"),
    "applications": Own("user_id"),
    "application_stage_changes": Under("applications", "application_id"),
    "application_notes": Under("applications", "application_id"),
    "employment_checks": Under("applications", "application_id"),
    "application_invitations": Own("user_id"),
    "invitations": Custom("addressed to the person's email"),
    "leads": Custom("the person is the friend: their application moved it, or it has their email"),
    "lead_stage_changes": Under("leads", "lead_id"),
    "referral_links": Own("user_id"),
    "points_entries": Own("user_id"),
    "leaderboard_opt_ins": Own("user_id"),
    "concerns": Own("reporter_id"),
    "email_unsubscribes": Own("user_id"),
    "outbox_messages": Custom("emails to the person: which, to where and when, not the text", "user_id"),
    "user_sessions": Own("user_id"),
    "email_tokens": Own("user_id"),
    "audit_events": Custom("events whose subject is the person or one of their rows above"),
}

NOT_ABOUT_PEOPLE: dict[str, str] = {
    "users": "the account itself is written out separately",
    "form_submissions": "a form's double-submit key and the public id it made: nothing about a person",
    "organisations": "an organisation's record",
    "opportunities": "a provider's taster or vacancy",
    "vacancy_details": "a provider's vacancy",
    "taster_sessions": "a provider's session dates (its supervisor is staff)",
    "taster_risk_assessments": "a provider's risk assessment",
    "referral_settings": "a provider's reward settings",
    "ambassador_profiles": "a provider's ambassador settings",
    "talk_requests": "a school's request for a talk",
    "talk_request_notices": "which providers a school's request went to",
    "page_view_counts": "anonymous counters",
    "page_view_totals": "anonymous counters",
    "rate_limit_counters": "short-lived counters",
    "reminders_sent": "which reminder steps ran",
    "job_runs": "scheduled job runs",
    "title_choices": "job titles recruiters typed for their posts, and an admin's decision on them",
}

# "Who did this" columns: the row is about someone else, or about an organisation's work.
ACTOR_COLUMNS = frozenset({
    "audit_events.actor_id",
    "concerns.handled_by_id",
    "organisations.decided_by_id",
    "invitations.invited_by_id",
    "opportunities.created_by_id",
    "opportunities.reviewed_by_id",
    "referral_settings.updated_by_id",
    "talk_requests.requested_by_id",
    "talk_requests.accepted_by_id",
    "application_invitations.invited_by_id",
    "taster_risk_assessments.assessed_by_id",
    "application_notes.author_id",
    "application_stage_changes.changed_by_id",
    "employment_checks.answered_by_id",
    "leads.referrer_id",  # a lead is about the friend, not the colleague who referred them
    "taster_signups.provider_accepted_by_id",
    "taster_signups.cancelled_by_id",
    "taster_signups.attendance_marked_by_id",
    "lead_stage_changes.by_id",
    "taster_feedback.created_by_id",
    "taster_observed_values.rated_by_id",
    "title_choices.decided_by_id",
})

# Never written out: password and token hashes, keyed digests, random seeds.
SECRET_COLUMNS = frozenset({"password_hash", "token_hash", "email_digest", "phone_digest", "seed"})


def subject_columns() -> set[str]:
    """Every users column whose value is the person the row is about."""
    return {f"{table}.{how.column}" for table, how in ABOUT.items() if getattr(how, "column", None)
            and not isinstance(how, Under)}


def actor_columns(table: str) -> list[str]:
    return [name.split(".", 1)[1] for name in ACTOR_COLUMNS if name.split(".", 1)[0] == table]
