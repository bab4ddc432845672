"""Time one chase sweep (the chase_leads job) over 100,000 friend leads on SQLite and PostgreSQL.

    python tests/benchmarks/bench_jobs.py --json

SQLite uses a temporary file; PostgreSQL uses the dedicated database ``careways_bench`` (created
if missing) on BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432), emptied first.
The leads' last progress is spread evenly over the past 20 days and 70% are waiting on the
friend, so one sweep marks about 21,000 cold and queues about 42,000 chase emails: far more
than any real hourly run, which only meets the leads that crossed a step since the last one.
Not collected by pytest (no test_ prefix). Aim: under 10 s each.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

LEADS = 100_000
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)  # 10:00 UK time: not quiet hours
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
BENCH_DB = "careways_bench"


def ensure_postgres_database() -> str:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (BENCH_DB,)).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{BENCH_DB}"')
    return f"{POSTGRES_SERVER}/{BENCH_DB}"


def build_app(url: str):
    os.environ["TEST_DATABASE_URL"] = url
    from outreach import create_app
    from outreach.config import TestConfig

    return create_app(TestConfig)


def seed(app, count: int = LEADS) -> None:
    from sqlalchemy import insert, text

    from outreach import clock
    from outreach.extensions import db
    from outreach.models.accounts import User
    from outreach.models.organisations import Membership, Organisation
    from outreach.models.referrals import Lead, ReferralLink
    from outreach.models.types import new_public_id

    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        db.create_all()
        clock.freeze(NOW)
        organisation = Organisation(kind="provider", name="Bench Care Home", provider_type="care_home",
                                    postcode="DT1 1HR", postcode_sector="DT1 1", postcode_district="DT1",
                                    latitude=50.71, longitude=-2.44, status="approved", created_at=NOW)
        staff = User(email="staff@bench.example", password_hash="!", account_type="provider", first_name="Sam",
                     created_at=NOW)
        db.session.add_all([organisation, staff])
        db.session.flush()
        db.session.add(Membership(user_id=staff.id, organisation_id=organisation.id, role="staff", created_at=NOW))
        link = ReferralLink(code="benchlink", organisation_id=organisation.id, user_id=staff.id,
                            target_kind="provider", created_at=NOW)
        db.session.add(link)
        db.session.commit()
        rng = random.Random(8)
        rows = []
        for i in range(count):
            waiting = rng.random() < 0.7
            stage = rng.choice(("new", "contacted")) if waiting else rng.choice(
                ("applied", "interviewed", "hired", "declined", "cold"))
            at = NOW - timedelta(seconds=rng.randrange(0, 20 * 86400))
            rows.append({
                "public_id": new_public_id(), "organisation_id": organisation.id, "link_id": link.id,
                "referrer_id": staff.id, "source": "link", "friend_name": f"Friend {i} Bench",
                "email": f"friend{i}@bench.example", "phone": None, "email_digest": f"{i:064x}",
                "phone_digest": None, "role_slug": "care-worker", "consent_at": at, "confirmed_at": at,
                "stage": stage, "stage_changed_at": at, "new_to_care": False, "created_at": at,
            })
        for start in range(0, count, 10_000):
            db.session.execute(insert(Lead), rows[start:start + 10_000])
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        db.session.remove()


def sweep(app) -> dict:
    from sqlalchemy import func, select

    from outreach import clock
    from outreach.extensions import db
    from outreach.jobs.referrals import chase_leads
    from outreach.models.outbox import OutboxMessage
    from outreach.models.referrals import Lead

    with app.app_context():
        clock.freeze(NOW)
        started = time.perf_counter()
        result = chase_leads(NOW)
        seconds = time.perf_counter() - started
        queued = db.session.execute(select(func.count()).select_from(OutboxMessage)).scalar()
        cold = db.session.execute(select(func.count()).select_from(Lead).where(Lead.cold_at == NOW)).scalar()
        again_started = time.perf_counter()
        second = chase_leads(NOW)  # a second run finds nothing new to send
        again = time.perf_counter() - again_started
        db.session.remove()
        clock.freeze(None)
    return {"seconds": round(seconds, 2), "emails_queued": queued, "marked_cold": cold,
            "processed": result.processed, "second_run_s": round(again, 2), "second_run_emails": second.emails_queued}


def run(engine: str) -> dict:
    if engine == "sqlite":
        folder = tempfile.mkdtemp(prefix="careways-bench-")
        app = build_app(f"sqlite:///{folder}/bench.db")
    else:
        app = build_app(ensure_postgres_database())
    seed(app)
    return sweep(app)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    args = parser.parse_args()
    results = {}
    for engine in ("sqlite", "postgres"):
        if args.only and engine != args.only:
            continue
        detail = run(engine)
        results[f"sweep_100000_{engine}_s"] = detail["seconds"]
        results[f"{engine}_detail"] = detail
    if args.json:
        print(json.dumps(results))
    else:
        for key, value in results.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
