"""Run real attack tools against the site served by gunicorn on loopback (a script, not a test).

    python tests/security/scan.py [--json] [--minutes 4]

Each tool lives in its own virtual environment under .scan-venvs/ (they conflict with each
other and with the app), created on first use from PyPI:
  - wapiti (crawler and injection modules, capped with --max-scan-time),
  - sqlmap --batch against the search forms and API parameters,
  - schemathesis against /api/v1/openapi.json (every documented operation).
The site runs with demo data, signed out. Exits non-zero on any high or critical finding,
any injectable parameter, any schemathesis failure, or any HTTP 5xx the server logged.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tests.benchmarks._server import gunicorn  # noqa: E402

VENVS = ROOT / ".scan-venvs"
TOOLS = {"wapiti3": "wapiti", "sqlmap": "sqlmap", "schemathesis": "schemathesis"}


def tool(package: str) -> Path:
    home = VENVS / package
    exe = home / "bin" / TOOLS[package]
    if not exe.exists():
        print(f"installing {package} into {home} ...", file=sys.stderr)
        venv.create(home, with_pip=True)
        subprocess.run([str(home / "bin" / "pip"), "install", "-q", package], check=True)
    return exe


def run_wapiti(base: str, minutes: float, out: Path) -> dict:
    report = out / "wapiti.json"
    subprocess.run([str(tool("wapiti3")), "-u", base + "/", "--scope", "domain", "-m",
                    "exec,file,sql,xss,crlf,redirect,ssrf,permanentxss,csp,http_headers,cookieflags",
                    "--max-scan-time", str(int(minutes * 60)), "--max-attack-time", str(int(minutes * 20)),
                    "-f", "json", "-o", str(report), "--flush-session", "--verify-ssl", "0",
                    "-x", base + "/account/sign-out", "-x", base + "/report-a-concern"],
                   capture_output=True, text=True, timeout=minutes * 60 + 300)
    data = json.loads(report.read_text())
    findings = []
    for category, items in (data.get("vulnerabilities") or {}).items():
        for item in items:
            findings.append({"category": category, "level": item.get("level"), "path": item.get("path"),
                             "info": (item.get("info") or "")[:200]})
    anomalies = [{"category": c, "path": i.get("path")} for c, items in (data.get("anomalies") or {}).items()
                 for i in items]
    high = [f for f in findings if (f["level"] or 0) >= 3]
    return {"findings": len(findings), "high_or_critical": high, "anomalies": anomalies,
            "by_category": {c: len(v) for c, v in (data.get("vulnerabilities") or {}).items() if v}}


SQLMAP_TARGETS = [
    "/careers/search?q=carer",
    "/careers/?setting=home-care&start=16",
    "/careers/care-worker?postcode=DT1+1AA",
    "/careers/quiz/result?a=aaaaaaaa&postcode=DT1",
    "/tasters/?postcode=DT1+1AA&radius=10&unit=km",
    "/api/v1/opportunities?postcode=DT1+1AA&radius_km=10&kind=buddy",
]


def run_sqlmap(base: str, out: Path) -> dict:
    injectable = []
    for target in SQLMAP_TARGETS:
        result = subprocess.run([str(tool("sqlmap")), "-u", base + target, "--batch", "--level", "2", "--risk", "1",
                                 "--output-dir", str(out / "sqlmap"), "--disable-coloring", "--smart"],
                                capture_output=True, text=True, timeout=900)
        text = result.stdout
        if re.search(r"is vulnerable|injectable\b(?!.*not)",
                     text) and "all tested parameters do not appear" not in text:
            if "might be injectable" not in text or "is vulnerable" in text:
                injectable.append(target)
    return {"targets": len(SQLMAP_TARGETS), "injectable": injectable}


def run_schemathesis(base: str) -> dict:
    result = subprocess.run([str(tool("schemathesis")), "run", base + "/api/v1/openapi.json", "--checks", "all",
                             "--max-examples", "40", "--url", base + "/api/v1"],
                            capture_output=True, text=True, timeout=900)
    tail = "\n".join(result.stdout.strip().splitlines()[-12:])
    return {"exit_code": result.returncode, "summary": tail}


def server_errors(log: Path) -> list[str]:
    return [line for line in log.read_text().splitlines() if re.search(r'" 5\d\d ', line)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--minutes", type=float, default=4.0, help="wapiti's time budget")
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="careways-scan-"))
    access_log = out / "access.log"
    with gunicorn(workers=2, access_log=access_log) as base:
        results = {"wapiti": run_wapiti(base, args.minutes, out), "sqlmap": run_sqlmap(base, out),
                   "schemathesis": run_schemathesis(base)}
    results["server_errors"] = server_errors(access_log)[:20]
    failed = bool(results["wapiti"]["high_or_critical"] or results["sqlmap"]["injectable"]
                  or results["schemathesis"]["exit_code"] != 0 or results["server_errors"])
    results["passed"] = not failed
    results["artifacts"] = str(out)
    print(json.dumps(results, indent=None if args.json else 2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
