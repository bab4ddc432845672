"""Scheduled jobs: plain functions ``run(now) -> JobResult`` listed in one registry.

APScheduler only decides when to call them, in its own process (``flask jobs run``),
never inside gunicorn workers. Every job is safe to run twice.
"""
