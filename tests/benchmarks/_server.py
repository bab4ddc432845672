"""Start the site under gunicorn on a free loopback port with its own SQLite database (benchmarks only)."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def gunicorn(workers: int = 2, database_url: str | None = None, demo: bool = True, access_log=None):
    folder = tempfile.mkdtemp(prefix="careways-bench-")
    port = free_port()
    env = dict(os.environ, DATABASE_URL=database_url or f"sqlite:///{folder}/bench.db", SECRET_KEY="b" * 40,
               CAREWAYS_ENV="development")
    env.pop("MAIL_SERVER", None)
    run = dict(cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"], **run)
    if demo:
        subprocess.run([str(BIN / "flask"), "--app", "wsgi", "demo", "load"], **run)
    process = subprocess.Popen([str(BIN / "gunicorn"), "wsgi:app", "-w", str(workers), "-b", f"127.0.0.1:{port}",
                                "--log-level", "warning", *(["--access-logfile", str(access_log)]
                                                            if access_log else [])],
                               cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
