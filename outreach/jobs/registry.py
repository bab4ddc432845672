"""Every job and its cadence, in one place."""
from __future__ import annotations

from outreach.jobs import housekeeping
from outreach.jobs.base import Job

JOBS: dict[str, Job] = {
    job.name: job
    for job in (
        Job("send_outbox", "Send queued email, retrying failures with backoff", housekeeping.send_outbox,
            {"trigger": "interval", "seconds": 20}),
        Job("purge_expired", "Delete expired sessions, used tokens and old rate-limit counters",
            housekeeping.purge_expired, {"trigger": "interval", "minutes": 60}),
    )
}
