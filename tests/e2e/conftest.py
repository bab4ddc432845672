"""Browser journeys: Debian's Chromium driven by Playwright against the site under gunicorn.

The site gets a fresh SQLite database with the demo data and a loopback SMTP server for
reading emails. On a machine without /usr/bin/chromium these tests skip with a reason
(.ci/run installs it). When a test fails, a screenshot and the page HTML are saved under
test-artifacts/.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.smtp_server import SmtpSink

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update"]
MOBILE = {"width": 360, "height": 740}

HERE = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's own hook reads the xdist_group marks
def pytest_collection_modifyitems(config, items):
    """Mark every browser journey ``e2e`` (so ``-m "not e2e"`` leaves them out: a conftest's
    pytestmark would not), and skip them with a reason where Chromium is missing. Under
    pytest-xdist (``--dist loadgroup``) they all run on one worker, which starts the site and
    Chromium once, while the other workers share everything else."""
    skip = None if Path(CHROMIUM).exists() else \
        pytest.mark.skip(reason=f"Chromium not installed at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.xdist_group("browser"))
            if skip:
                item.add_marker(skip)


class LiveSite:
    def __init__(self, base_url: str, env: dict, smtp: SmtpSink):
        self.base_url, self.env, self.smtp = base_url, env, smtp

    def flask(self, *args: str) -> str:
        result = subprocess.run([str(BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=self.env,
                                capture_output=True, text=True, check=True)
        return result.stdout

    def deliver_email(self) -> None:
        """What the scheduler does every few seconds, done now."""
        self.flask("jobs", "run-once", "send_outbox")

    def link_in_latest(self, address: str, fragment: str, count: int = 1) -> str:
        self.deliver_email()
        message = self.smtp.wait_for(address, count)[-1]
        return self.smtp.link_in(message, fragment)


@pytest.fixture(scope="session")
def live_site():
    if os.environ.get("TEST_DATABASE_URL", "").startswith("postgres"):
        pytest.skip("browser journeys run once, in the SQLite pass")
    smtp = SmtpSink()
    smtp.start()
    folder = tempfile.mkdtemp(prefix="careways-e2e-")
    with __import__("socket").socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    content = Path(folder) / "content"  # admins' approved job titles are written here, not into the repository
    shutil.copytree(ROOT / "content", content)
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{folder}/e2e.db", SECRET_KEY="e" * 40, CAREWAYS_ENV="development",
               MAIL_SERVER="127.0.0.1", MAIL_PORT=str(smtp.port), BASE_URL=base, PORT=str(port),
               CONTENT_DIR=str(content))
    env.pop("TEST_DATABASE_URL", None)
    site = LiveSite(base, env, smtp)
    site.flask("db", "upgrade")
    site.flask("demo", "load")
    process = subprocess.Popen([str(BIN / "gunicorn"), "wsgi:app", "-w", "2", "-b", f"127.0.0.1:{port}",
                                "--log-level", "warning"], cwd=ROOT, env=env)
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.05)
    yield site
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:  # a busy machine: gunicorn's workers were slow to finish
        process.kill()
        process.wait(timeout=10)
    smtp.stop()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport=MOBILE)
    page = context.new_page()
    page.set_default_timeout(10000)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        try:
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            (ARTIFACTS / f"{name}.html").write_text(page.content())
        except Exception as error:  # the page may be gone; the failure itself matters more
            print(f"could not save artifacts: {error}")
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


_CHECKERS: list = []


def pytest_terminal_summary(terminalreporter):
    """Lists the moderate and minor axe findings seen on the journeys, for people to judge."""
    lesser: dict[str, set[str]] = {}
    for checker in _CHECKERS:
        for rule, urls in checker.lesser.items():
            lesser.setdefault(rule, set()).update(urls)
    if lesser:
        terminalreporter.section("axe-core: moderate and minor findings (not failures)")
        for rule, urls in sorted(lesser.items()):
            terminalreporter.write_line(f"{rule}: {len(urls)} page(s), e.g. {sorted(urls)[0]}")


class Checker:
    """Runs axe-core and the 360 px overflow check on every page a journey visits."""

    def __init__(self):
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.seen: set[str] = set()
        self.lesser: dict[str, set[str]] = {}  # moderate/minor findings: reported, never failed on
        _CHECKERS.append(self)

    def __call__(self, page) -> None:
        page.wait_for_load_state("load")
        key = re.sub(r"[?#].*$", "", page.url)
        width = page.evaluate("document.documentElement.scrollWidth")
        viewport = page.viewport_size["width"]
        assert width <= viewport, f"{page.url} scrolls sideways at {viewport}px (content is {width}px wide)"
        if key in self.seen:
            return
        self.seen.add(key)
        results = self.axe.run(page)
        serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        for v in results.response["violations"]:
            if v not in serious:
                self.lesser.setdefault(f"{v['id']} ({v['impact']}): {v['help']}", set()).add(key)
        assert not serious, f"{page.url}: " + "; ".join(
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in serious)


@pytest.fixture(scope="session")
def check():
    return Checker()
