"""The real thing: gunicorn with two workers, as ./bin/run serves it."""
from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"):
        pytest.skip("runs against its own SQLite file; the PostgreSQL run covers the rest")
    folder = tmp_path_factory.mktemp("server")
    port = free_port()
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{folder}/site.db", SECRET_KEY="s" * 40,
               CAREWAYS_ENV="development", PORT=str(port))
    env.pop("MAIL_SERVER", None)
    subprocess.run([str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    subprocess.run([str(BIN / "flask"), "--app", "wsgi", "demo", "load"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    process = subprocess.Popen([str(BIN / "gunicorn"), "wsgi:app", "-w", "2", "-b", f"127.0.0.1:{port}"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(timeout=10)


def browser():
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", "careways-test")]
    return opener


def post_form(opener, url, fields):
    page = opener.open(url, timeout=10).read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({**fields, "csrf_token": token}).encode()
    try:
        response = opener.open(urllib.request.Request(url, data=data, headers={"Referer": url}), timeout=10)
        return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_health_and_headers_under_gunicorn(server):
    response = urllib.request.urlopen(server + "/healthz", timeout=5)
    assert response.status == 200
    assert "object-src 'none'" in response.headers["Content-Security-Policy"]


def test_demo_account_signs_in_with_csrf(server):
    opener = browser()
    status, html = post_form(opener, server + "/account/sign-in",
                             {"email": "pupil@careways.example", "password": "demo-careways-2026"})
    assert status == 200 and "Hello Maya" in html


def test_sign_in_limit_is_shared_by_every_worker(server):
    statuses = []
    for i in range(12):
        status, _ = post_form(browser(), server + "/account/sign-in",
                              {"email": "applicant@careways.example", "password": f"wrong guess {i}"})
        statuses.append(status)
    # 10 failures are allowed in the window whichever worker answers; then 429, not 20 tries.
    assert statuses[:10] == [200] * 10 and statuses[10:] == [429, 429], statuses
