"""Time the admin impact dashboard over 100,000 applications and over 1,000,000 page-view counter rows.

    python tests/benchmarks/bench_impact.py --json        # prints {"dashboard_ms": ..., ...}

PostgreSQL only (the issue's target): the dedicated database ``careways_impact_bench`` (created if
missing) on BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432), emptied first.
The per-role counts are bulk-loaded and their across-roles totals rebuilt, as the counters keep them.
The timed figure is a whole GET /impact/ by a signed-in admin (every query plus the page), the
median of 3 after one warm-up. Not collected by pytest (no test_ prefix). Aim: under 1,000 ms.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

APPLICATIONS = 100_000
PROVIDERS = 20
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
BENCH_DB = "careways_impact_bench"
PASSWORD = "correct horse battery staple"
DISTRICTS = [f"{a}{n}" for a in ("DT", "BH", "LE", "M") for n in range(1, 8)]  # 28 districts
ROLES = [f"role-{i}" for i in range(50)]
DAYS = 365


def ensure_postgres_database() -> str:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (BENCH_DB,)).fetchone():
            connection.execute(f'CREATE DATABASE "{BENCH_DB}"')
    return f"{POSTGRES_SERVER}/{BENCH_DB}"


def build_app(url: str):
    os.environ["TEST_DATABASE_URL"] = url
    from outreach import create_app
    from outreach.config import TestConfig

    return create_app(TestConfig)


def seed(app) -> dict:
    from sqlalchemy import insert, text

    from outreach import clock
    from outreach.accounts import service as accounts
    from outreach.extensions import db
    from outreach.impact import counters
    from outreach.models.accounts import User
    from outreach.models.applications import Application, ApplicationStageChange
    from outreach.models.impact import EqualOpportunities
    from outreach.models.opportunities import Opportunity
    from outreach.models.organisations import Organisation
    from outreach.models.types import new_public_id

    rng = random.Random(11)
    with app.app_context():
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        db.create_all()
        clock.freeze(NOW)
        types = ("care_home", "nursing_home", "home_care", "supported_living")
        orgs = [Organisation(kind="provider", name=f"Provider {i}", provider_type=types[i % 4], postcode="DT1 1HR",
                             postcode_sector="DT1 1", postcode_district=DISTRICTS[i % len(DISTRICTS)],
                             latitude=50.7, longitude=-2.4, status="approved") for i in range(PROVIDERS)]
        db.session.add_all(orgs)
        db.session.flush()
        jobs = [Opportunity(organisation_id=o.id, kind="job", title="Care worker", description="d",
                            status="published") for o in orgs for _ in range(5)]
        db.session.add_all(jobs)
        accounts.create_user(account_type="admin", email="admin@bench.example", password=PASSWORD,
                             first_name="Ada", verified=True)
        db.session.commit()
        users = [{"public_id": new_public_id(), "email": f"a{i}@bench.example", "password_hash": "!",
                  "account_type": "applicant", "first_name": "A", "is_disabled": False, "created_at": NOW,
                  "date_of_birth": date(1950 + rng.randrange(0, 58), 1 + rng.randrange(12), 1)}
                 for i in range(APPLICATIONS)]
        for start in range(0, len(users), 10_000):
            db.session.execute(insert(User), users[start:start + 10_000])
        user_ids = [row[0] for row in db.session.execute(text("SELECT id FROM users WHERE account_type = 'applicant' "
                                                               "ORDER BY id"))]
        stages = ["applied"] * 40 + ["shortlisted"] * 20 + ["interviewed"] * 10 + ["offered"] * 5 + \
                 ["hired"] * 5 + ["rejected"] * 18 + ["withdrawn"] * 2
        apps = []
        for uid in user_ids:
            at = NOW - timedelta(seconds=rng.randrange(0, DAYS * 86400))
            apps.append({"public_id": new_public_id(), "opportunity_id": rng.choice(jobs).id, "user_id": uid,
                         "stage": rng.choice(stages), "answers": [], "share_raw_answers": False,
                         "created_at": at, "stage_changed_at": at + timedelta(days=rng.randrange(1, 40)),
                         "updated_at": at})
        for start in range(0, len(apps), 10_000):
            db.session.execute(insert(Application), apps[start:start + 10_000])
        app_rows = db.session.execute(text("SELECT id, stage FROM applications")).all()
        changes = [{"application_id": aid, "from_stage": "applied", "to_stage": "shortlisted", "changed_at": NOW}
                   for aid, stage in app_rows if stage != "applied"]
        for start in range(0, len(changes), 10_000):
            db.session.execute(insert(ApplicationStageChange), changes[start:start + 10_000])
        eo = [{"user_id": uid, "sex": rng.choice(("female", "male", "prefer_not_to_say")),
               "ethnicity": rng.choice(("white", "asian", "black", "mixed", "other")), "updated_at": NOW}
              for uid in user_ids if rng.random() < 0.6]
        for start in range(0, len(eo), 10_000):
            db.session.execute(insert(EqualOpportunities), eo[start:start + 10_000])
        db.session.commit()
        first_day = NOW.date() - timedelta(days=DAYS)
        raw = db.session.connection().connection.driver_connection
        with raw.cursor() as cursor:
            with cursor.copy("COPY page_view_counts (kind, role_slug, day, district, count) FROM STDIN") as copy:
                rows = 0
                for kind in ("role_view", "quiz"):
                    for role in ROLES:
                        for d in range(DAYS):
                            day = first_day + timedelta(days=d)
                            for district in DISTRICTS + [""]:
                                copy.write_row((kind, role, day, district, rng.randrange(1, 9)))
                                rows += 1
        db.session.commit()
        # A bulk load bypasses the counters, so add up the across-roles totals they would have kept.
        totals = counters.rebuild_totals()
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        db.session.remove()
        clock.freeze(None)
    return {"applications": len(apps), "page_view_rows": rows, "page_view_total_rows": totals,
            "stage_changes": len(changes),
            "equal_opportunities": len(eo)}


def measure(app) -> dict:
    from outreach import clock

    client = app.test_client()
    with app.app_context():
        clock.freeze(NOW)
    client.post("/account/sign-in", data={"email": "admin@bench.example", "password": PASSWORD})
    timings = {}
    for name, path in (("dashboard_ms", "/impact/"),
                       ("filtered_ms", "/impact/?area=DT&provider_type=care_home&start=2025-06-01&end=2026-02-28")):
        assert client.get(path).status_code == 200  # warm-up
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            response = client.get(path)
            runs.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200 and b"Applications" in response.data
        timings[name] = round(statistics.median(runs))
    clock.freeze(None)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    app = build_app(ensure_postgres_database())
    started = time.perf_counter()
    counts = seed(app)
    results = {**measure(app), "seed_s": round(time.perf_counter() - started, 1), **counts}
    if args.json:
        print(json.dumps(results))
    else:
        for key, value in results.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
