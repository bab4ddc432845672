"""Every job and its cadence, in one place."""
from __future__ import annotations

from outreach.jobs import applications as application_jobs
from outreach.jobs import housekeeping
from outreach.jobs import questionnaire as questionnaire_jobs
from outreach.jobs import referrals as referral_jobs
from outreach.jobs import data_retention
from outreach.jobs import talks as talk_jobs
from outreach.jobs import tasters as taster_jobs
from outreach.jobs.base import Job

JOBS: dict[str, Job] = {
    job.name: job
    for job in (
        Job("send_outbox", "Send queued email, retrying failures with backoff", housekeeping.send_outbox,
            {"trigger": "interval", "seconds": 20}),
        Job("purge_expired", "Delete expired sessions, used tokens and old rate-limit counters",
            housekeeping.purge_expired, {"trigger": "interval", "minutes": 60}),
        Job("questionnaire_nudge", "Nudge applicants with an unfinished values questionnaire after 1 and 4 days",
            questionnaire_jobs.nudge_unfinished, {"trigger": "interval", "minutes": 30}),
        Job("chase_leads", "Chase friend leads after 2 and 7 days; mark them cold after 14",
            referral_jobs.chase_leads, {"trigger": "interval", "minutes": 60}),
        Job("recruiter_digest", "Daily digest to recruiters of leads and applications waiting over 3 days",
            referral_jobs.recruiter_digest, {"trigger": "interval", "minutes": 60}),
        Job("employment_checks", "Ask providers at 3 and 6 months if each hire (from an application or a "
            "referral) is still employed", referral_jobs.employment_checks, {"trigger": "interval", "minutes": 60}),
        Job("close_vacancies", "Close published vacancies whose closing date has passed",
            application_jobs.close_expired_vacancies, {"trigger": "interval", "minutes": 60}),
        Job("retention_purge", "Delete or anonymise leads, inactive pupil accounts and old email past retention",
            data_retention.purge, {"trigger": "interval", "hours": 24}),
        Job("taster_guardian_reminders", "Remind guardians who have not answered a consent request after 2 days",
            taster_jobs.remind_guardians, {"trigger": "interval", "minutes": 60}),
        Job("taster_expire_signups", "Release taster places whose consent link ran out or the provider never "
            "confirmed, and promote the waiting list", taster_jobs.expire_signups, {"trigger": "interval", "minutes": 15}),
        Job("taster_day_before", "Remind confirmed taster visitors (and guardians) the day before",
            taster_jobs.remind_day_before, {"trigger": "interval", "minutes": 60}),
        Job("taster_feedback", "Ask visitors for feedback, and providers for attendance, the day after a taster",
            taster_jobs.ask_feedback, {"trigger": "interval", "minutes": 60}),
        Job("taster_invite_to_apply", "Invite visitors of 16+ with positive feedback to apply to the provider",
            taster_jobs.invite_to_apply, {"trigger": "interval", "minutes": 60}),
        Job("taster_purge_guardians", "Remove guardians' names and emails 30 days after their consent decision",
            taster_jobs.purge_guardian_details, {"trigger": "interval", "hours": 6}),
        Job("talk_offer_requests", "Offer open school talk requests to care ambassadors now in reach who have "
            "not heard of them", talk_jobs.offer_talk_requests, {"trigger": "interval", "minutes": 60}),
        Job("talk_chase_requests", "Remind providers once about talk requests still open after 5 days; ask the "
            "school once after 7 days whether to search further", talk_jobs.chase_talk_requests,
            {"trigger": "interval", "minutes": 60}),
        Job("talk_expire_requests", "Close talk requests whose dates have passed or with no taker for 6 weeks, "
            "and tell the school what else it can do", talk_jobs.expire_talk_requests,
            {"trigger": "interval", "minutes": 60}),
    )
}
