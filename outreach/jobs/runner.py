"""Run a job once, recording what it did, and the long-running scheduler process."""
from __future__ import annotations

import logging
import signal

from flask import Flask
from sqlalchemy import func, select

from outreach import clock
from outreach.extensions import db
from outreach.jobs.base import JobResult
from outreach.jobs.registry import JOBS
from outreach.models.outbox import JobRun

log = logging.getLogger("careways.jobs")


def run_job(name: str) -> JobResult:
    """Run one job now and record the run. Expects an app context."""
    job = JOBS[name]
    run = JobRun(job=name, started_at=clock.now())
    db.session.add(run)
    db.session.commit()
    run_id = run.id
    try:
        result = job.func(clock.now())
    except Exception as error:  # record and carry on: one failing job must not stop the rest
        db.session.rollback()
        log.exception("job %s failed", name)
        run = db.session.get(JobRun, run_id)
        run.finished_at = clock.now()
        run.failures = 1
        run.error = f"{type(error).__name__}: {error}"[:500]
        db.session.commit()
        return JobResult(failures=1)
    run = db.session.get(JobRun, run_id)
    run.finished_at = clock.now()
    run.processed, run.emails_queued, run.failures = result.processed, result.emails_queued, result.failures
    db.session.commit()
    return result


def last_runs() -> dict[str, JobRun]:
    latest = select(JobRun.job, func.max(JobRun.id).label("id")).group_by(JobRun.job).subquery()
    rows = db.session.execute(select(JobRun).join(latest, JobRun.id == latest.c.id)).scalars()
    return {row.job: row for row in rows}


def run_scheduler(app: Flask) -> None:
    """Block, calling each job on its schedule, until SIGINT or SIGTERM."""
    from apscheduler.schedulers.blocking import BlockingScheduler

    scheduler = BlockingScheduler(timezone="UTC")

    def call(name: str) -> None:
        with app.app_context():
            try:
                run_job(name)
            finally:
                db.session.remove()

    for job in JOBS.values():
        scheduler.add_job(call, args=[job.name], id=job.name, max_instances=1, coalesce=True,
                          misfire_grace_time=60, next_run_time=clock.now(), **job.schedule)

    def stop(signum, frame):
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("scheduler started with %d jobs", len(JOBS))
    scheduler.start()
