"""Scheduled work for vacancies: close those whose closing date has passed.

Safe to run twice or from two schedulers at once: closing is a state change on rows locked with
FOR UPDATE (PostgreSQL), and an already-closed vacancy is not picked up again.
"""
from __future__ import annotations

from datetime import datetime

from outreach.jobs.base import JobResult
from outreach.vacancies import service


def close_expired_vacancies(now: datetime) -> JobResult:
    return JobResult(processed=service.close_expired(now))
