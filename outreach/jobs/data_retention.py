"""The daily ``retention_purge`` job: delete or anonymise data past its retention period (the periods
and rules live in outreach/privacy/data_retention.py)."""
from __future__ import annotations

from datetime import datetime

from outreach.jobs.base import JobResult
from outreach.privacy import data_retention


def purge(now: datetime) -> JobResult:
    return JobResult(processed=data_retention.purge(now))
