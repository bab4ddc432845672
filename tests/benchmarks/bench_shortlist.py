"""Shortlist page speed with 5,000 candidates for one vacancy (a script, not a test).

    python tests/benchmarks/bench_shortlist.py --json              # temporary SQLite database
    python tests/benchmarks/bench_shortlist.py --json --postgres   # also PostgreSQL database careways_bench

Builds a vacancy in Dorchester with 5,000 applicants spread over the postcode sectors within
about 30 km (typed roles with typos, availability, questionnaire scores, a few under-18s) and 200
discoverable people near by, then renders the recruiter's shortlist page through the Flask test
client ``--runs`` times (after one warm-up) and prints one JSON object: the median time as
``shortlist_5000_ms``, the 90th percentile, ``cold_ms`` (the median of three renders with the
matching adapter's reuse caches emptied, as in a freshly started worker) and the number of SQL
queries one page load makes. The goal is under 300 ms on the project's 2-core machine.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

CANDIDATES = 5000
NEARBY = 200
POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/careways_bench"


def sectors_near(centre: str, km: float = 30.0) -> list[str]:
    from outreach import geo

    here = geo.coordinates_of(centre)
    return sorted(s for s, where in geo._sectors().items() if geo.distance_km(here, where) <= km)


def build(app) -> str:
    from flask_migrate import upgrade
    from sqlalchemy import text

    from outreach.extensions import db
    from tests.applications.factories import bulk_candidates
    from tests.factories import make_member, make_organisation
    from tests.vacancies.factories import make_vacancy

    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        upgrade(directory=str(ROOT / "migrations"))
        organisation = make_organisation("Fordington House", postcode="DT1 1HR")
        recruiter = make_member(organisation, "recruiter", "bench-recruiter@example.com")
        details = make_vacancy(organisation, recruiter, desired_values={
            "dignity_respect": 5, "compassion_empathy": 4, "reliability": 4, "teamwork": 2})
        opportunity = details.opportunity
        sectors = sectors_near("DT1 1")
        bulk_candidates(opportunity, CANDIDATES, minors=150, sectors=sectors)
        bulk_candidates(opportunity, NEARBY, start=CANDIDATES + 1000, discoverable=True, apply=False,
                        sectors=sectors)
        return opportunity.public_id


def measure(app, public_id: str, runs: int) -> dict:
    from sqlalchemy import event

    from outreach import matching_adapter
    from outreach.extensions import db
    from tests.factories import sign_in

    client = app.test_client()
    assert sign_in(client, "bench-recruiter@example.com").status_code == 302
    url = f"/shortlists/{public_id}"
    first = client.get(url)
    assert first.status_code == 200 and f"Applied ({CANDIDATES})" in first.get_data(as_text=True)
    statements = []
    with app.app_context():
        engine = db.engine

    def count(*_args):
        statements.append(1)

    event.listen(engine, "before_cursor_execute", count)
    client.get(url)
    event.remove(engine, "before_cursor_execute", count)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    timings.sort()
    cold = []
    for _ in range(3):  # as if the worker had just started: no engine profiles or arrays to reuse
        matching_adapter._PEOPLE.items.clear()
        matching_adapter._INDEXES.items.clear()
        started = time.perf_counter()
        client.get(url)
        cold.append((time.perf_counter() - started) * 1000)
    return {"shortlist_5000_ms": round(statistics.median(timings), 1),
            "p90_ms": round(timings[min(len(timings) - 1, int(len(timings) * 0.9))], 1),
            "min_ms": round(timings[0], 1), "cold_ms": round(statistics.median(cold), 1),
            "queries": len(statements), "runs": runs, "candidates": CANDIDATES, "discoverable_nearby": NEARBY}


def run(database_url: str, runs: int) -> dict:
    os.environ["TEST_DATABASE_URL"] = database_url
    from outreach import create_app
    from outreach.config import TestConfig

    app = create_app(TestConfig)
    result = measure(app, build(app), runs)
    with app.app_context():
        from outreach.extensions import db

        result["database"] = db.engine.dialect.name
        db.session.remove()
        db.engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--postgres", action="store_true", help=f"also measure on {POSTGRES_URL}")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="careways-bench-shortlist-")
    result = run(f"sqlite:///{folder}/bench.db", args.runs)
    if args.postgres:
        postgres = run(POSTGRES_URL, args.runs)
        result["postgres"] = {k: postgres[k] for k in ("shortlist_5000_ms", "p90_ms", "min_ms", "cold_ms", "queries")}
    print(json.dumps(result) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
