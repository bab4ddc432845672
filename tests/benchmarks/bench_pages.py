"""Role page speed against a trivial route, same app, same load (a script, not a test).

    python tests/benchmarks/bench_pages.py --json

Serves the site with gunicorn (2 workers) on loopback and drives it with wrk
(32 connections, 20 s each by default), first the health check (trivial: one
SELECT 1) then a role explainer page. Prints one JSON object.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.benchmarks._server import gunicorn  # noqa: E402


def parse_ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(url: str, seconds: int, connections: int) -> dict:
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = parse_ms(re.search(r"50%\s+(\S+)", out).group(1))
    p99 = parse_ms(re.search(r"99%\s+(\S+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99, "non_2xx": int(errors.group(1)) if errors else 0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    with gunicorn(workers=2) as base:
        run_wrk(base + "/careers/care-worker", 2, 4)  # warm both workers
        trivial = run_wrk(base + "/healthz", args.seconds, args.connections)
        role = run_wrk(base + "/careers/care-worker", args.seconds, args.connections)
    result = {
        "role_page_rps": round(role["rps"], 1), "trivial_rps": round(trivial["rps"], 1),
        "ratio": round(role["rps"] / trivial["rps"], 3),
        "role_page_p50_ms": round(role["p50_ms"], 2), "role_page_p99_ms": round(role["p99_ms"], 2),
        "trivial_p50_ms": round(trivial["p50_ms"], 2), "non_2xx": role["non_2xx"] + trivial["non_2xx"],
        "workers": 2, "connections": args.connections, "seconds": args.seconds,
    }
    print(json.dumps(result) if args.json else "\n".join(f"{k}: {v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
