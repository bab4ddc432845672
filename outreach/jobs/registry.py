"""Every job and its cadence, in one place.

Prompt work runs at a fixed interval (email delivery every 20 seconds; held taster places every 15
minutes; housekeeping hourly). Emails people should not wait a day for go out hourly in the daytime.
Everything counted in days runs once a day at a set UK time: deadlines just after midnight, clearing
old data in the small hours, reminders and digests in the morning, and the "see you tomorrow"
reminder late in the afternoon, when the next day's places are settled. Every job is safe to run
again (each email is claimed once), so a restarted scheduler, which runs each job once at start,
never sends anything twice."""
from __future__ import annotations

from outreach.jobs import applications as application_jobs
from outreach.jobs import data_retention, housekeeping
from outreach.jobs import questionnaire as questionnaire_jobs
from outreach.jobs import referrals as referral_jobs
from outreach.jobs import talks as talk_jobs
from outreach.jobs import tasters as taster_jobs
from outreach.jobs.base import Job, daily, every, hourly_in_the_day

JOBS: dict[str, Job] = {
    job.name: job
    for job in (
        Job("send_outbox", "Send queued email, retrying failures with backoff", housekeeping.send_outbox,
            every(seconds=20)),
        Job("purge_expired", "Delete expired sessions, used tokens and old rate-limit counters",
            housekeeping.purge_expired, every(hours=1)),
        Job("questionnaire_nudge", "Nudge applicants with an unfinished values questionnaire after 1 and 4 days",
            questionnaire_jobs.nudge_unfinished, hourly_in_the_day(minute=30)),
        Job("chase_leads", "Chase friend leads after 2 and 7 days; mark them cold after 14",
            referral_jobs.chase_leads, daily(10, 0)),
        Job("recruiter_digest", "Daily digest to recruiters of leads and applications waiting over 3 days",
            referral_jobs.recruiter_digest, daily(8, 30)),
        Job("employment_checks", "Ask providers at 3 and 6 months if each hire (from an application or a "
            "referral) is still employed", referral_jobs.employment_checks, daily(9, 0)),
        Job("close_vacancies", "Close published vacancies whose closing date has passed",
            application_jobs.close_expired_vacancies, daily(0, 5)),
        Job("retention_purge", "Delete or anonymise leads, inactive pupil accounts and old email past retention",
            data_retention.purge, daily(3, 30)),
        Job("taster_guardian_reminders", "Remind guardians who have not answered a consent request after 2 days",
            taster_jobs.remind_guardians, hourly_in_the_day(minute=15)),
        Job("taster_expire_signups", "Release taster places whose consent link ran out or the provider never "
            "confirmed, and promote the waiting list", taster_jobs.expire_signups, every(minutes=15)),
        Job("taster_day_before", "Remind confirmed taster visitors (and guardians) the day before",
            taster_jobs.remind_day_before, daily(17, 0)),
        Job("taster_feedback", "Ask visitors for feedback, and providers for attendance, the day after a taster",
            taster_jobs.ask_feedback, daily(10, 30)),
        Job("taster_invite_to_apply", "Invite visitors of 16+ with positive feedback to apply to the provider",
            taster_jobs.invite_to_apply, daily(11, 0)),
        Job("taster_purge_guardians", "Remove guardians' names and emails 30 days after their consent decision",
            taster_jobs.purge_guardian_details, daily(3, 45)),
        Job("talk_offer_requests", "Offer open school talk requests to care ambassadors now in reach who have "
            "not heard of them", talk_jobs.offer_talk_requests, hourly_in_the_day(minute=0)),
        Job("talk_chase_requests", "Remind providers once about talk requests still open after 5 days; ask the "
            "school once after 7 days whether to search further", talk_jobs.chase_talk_requests,
            daily(10, 15)),
        Job("talk_expire_requests", "Close talk requests whose dates have passed or with no taker for 6 weeks, "
            "and tell the school what else it can do", talk_jobs.expire_talk_requests,
            daily(9, 15)),
    )
}
