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
pytestmark = pytest.mark.xdist_group("gunicorn")  # under pytest-xdist, one worker starts the module's server


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


def test_no_server_banner_under_gunicorn(server):
    for path in ("/healthz", "/careers/", "/nothing-here"):
        try:
            response = urllib.request.urlopen(server + path, timeout=5)
        except urllib.error.HTTPError as error:
            response = error
        assert response.headers.get("Server") is None, path


def test_flask_serve_prints_the_address_and_password_first_and_skips_static_requests(tmp_path):
    """What ./bin/run shows a newcomer: where to go and how to sign in, then page requests only."""
    if os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"):
        pytest.skip("runs against its own SQLite file")
    port = free_port()
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path}/site.db", SECRET_KEY="s" * 40,
               CAREWAYS_ENV="development", PORT=str(port))
    env.pop("MAIL_SERVER", None)
    flask = str(BIN / "flask")
    subprocess.run([flask, "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    loaded = subprocess.run([flask, "--app", "wsgi", "demo", "load"], cwd=ROOT, env=env, check=True,
                            capture_output=True, text=True)
    assert "Demo data ready" in loaded.stdout
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen([flask, "--app", "wsgi", "serve"], cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while "CareWays is running" not in log.read_text() and time.time() < deadline:
            time.sleep(0.2)
        urllib.request.urlopen(base + "/static/css/site.css", timeout=5).read()
        urllib.request.urlopen(base + "/careers/", timeout=5).read()
        time.sleep(1.5)
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=20)
    text = log.read_text()
    banner_at = text.index(f"CareWays is running: open {base}")
    assert "demo-careways-2026" in text[banner_at:banner_at + 400]
    assert "GET /careers/" in text[banner_at:]  # page requests are logged, after the banner
    assert "/static/" not in text and "GET /healthz" not in text
    # The demo's back-dated history (twelve "we have sent your application" emails) is not printed as new.
    assert "We have sent your application" not in text
    assert "CareWays stopped." in text


def test_development_emails_are_framed_apart_from_request_logs():
    from email.message import EmailMessage

    from outreach.mail.sender import console_email

    message = EmailMessage()
    message["To"], message["Subject"] = "sam@example.com", "Your taster is confirmed"
    message.set_content("Hello Sam,\n\nSee you on Monday.\n")
    box = console_email(message).splitlines()
    assert box[0] == "" and box[1].startswith("+--") and "EMAIL" in box[1]
    assert "| To:      sam@example.com" in box and "| Subject: Your taster is confirmed" in box
    assert "| Hello Sam," in box and "| See you on Monday." in box and box[-1].startswith("+--")
