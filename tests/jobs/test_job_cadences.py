"""Each job runs at its real cadence: prompt work often, daily work once a day at a set UK time,
and nothing that emails people runs at night."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from apscheduler.triggers.cron import CronTrigger

from outreach.clock import UK
from outreach.jobs.base import Job, daily, every, hourly_in_the_day
from outreach.jobs.registry import JOBS
from outreach.jobs.timing import QUIET_FROM, QUIET_UNTIL

NIGHT_JOBS = {"close_vacancies", "retention_purge", "taster_purge_guardians"}  # they email nobody
PROMPT_JOBS = {"send_outbox", "purge_expired", "taster_expire_signups"}


def _trigger(job: Job) -> CronTrigger:
    return CronTrigger(**{key: value for key, value in job.schedule.items() if key != "trigger"})


def _next_run(job: Job, after: datetime) -> datetime:
    return _trigger(job).get_next_fire_time(None, after).astimezone(timezone.utc)


def test_the_schedules_read_as_their_cadence():
    text = {name: job.schedule_text for name, job in JOBS.items()}
    assert text["send_outbox"] == "every 20 seconds"
    assert text["taster_expire_signups"] == "every 15 minutes"
    assert text["purge_expired"] == "every hour"
    assert text["recruiter_digest"] == "daily at 08:30 UK time"
    assert text["taster_day_before"] == "daily at 17:00 UK time"
    assert text["questionnaire_nudge"] == "hourly from 08:30 to 20:30 UK time"
    assert Job("x", "", lambda now: None, every(hours=6)).schedule_text == "every 6 hours"


def test_only_prompt_work_runs_at_a_fixed_interval():
    assert {name for name, job in JOBS.items() if job.schedule["trigger"] == "interval"} == PROMPT_JOBS


def test_a_daily_job_keeps_its_uk_time_through_summer_time():
    digest = JOBS["recruiter_digest"]
    assert _next_run(digest, datetime(2026, 1, 12, tzinfo=timezone.utc)) == datetime(2026, 1, 12, 8, 30,
                                                                                      tzinfo=timezone.utc)
    assert _next_run(digest, datetime(2026, 7, 13, tzinfo=timezone.utc)) == datetime(2026, 7, 13, 7, 30,
                                                                                      tzinfo=timezone.utc)


@pytest.mark.parametrize("name", sorted(set(JOBS) - PROMPT_JOBS - NIGHT_JOBS))
def test_jobs_that_email_people_run_in_the_daytime_only(name):
    trigger, moment = _trigger(JOBS[name]), datetime(2026, 3, 20, tzinfo=timezone.utc)
    for _ in range(100):  # past the change to summer time on 29 March
        fire = trigger.get_next_fire_time(None, moment)
        assert QUIET_UNTIL <= fire.astimezone(UK).time() < QUIET_FROM, (name, fire)
        moment = fire + timedelta(seconds=1)


def test_the_cadence_helpers():
    assert daily(3, 30) == {"trigger": "cron", "hour": 3, "minute": 30, "timezone": "Europe/London"}
    assert hourly_in_the_day(15)["hour"] == "8-20"
    assert every(minutes=15) == {"trigger": "interval", "minutes": 15}
