"""Configuration, headers, health, database settings, migrations, postcodes, outbox and jobs."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from outreach import clock, geo
from outreach.config import DEV_SECRET_FILE, ProductionConfig
from outreach.extensions import db
from outreach.jobs.runner import run_job
from outreach.mail import queue_email, sender
from outreach.models.outbox import JobRun, OutboxMessage
from tests.factories import make_user, sign_in

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok" and body["database"]["ok"] is True


def test_security_headers_on_every_response(client):
    for path in ("/", "/account/sign-in", "/does-not-exist"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "unsafe-inline" not in csp
        for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "default-src 'self'"):
            assert directive in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"]


def test_signed_in_pages_are_not_cached(app, client):
    with app.app_context():
        make_user("applicant", "cache@example.com")
    sign_in(client, "cache@example.com")
    assert client.get("/dashboard").headers["Cache-Control"] == "no-store"


def test_templates_have_no_inline_script_or_style():
    for template in (ROOT / "templates").rglob("*.html"):
        if "email" in template.parts:
            continue
        source = template.read_text()
        assert "<script>" not in source and "<style" not in source and "style=" not in source, template


def test_error_pages_are_friendly_and_never_show_a_traceback(app, client):
    from outreach import create_app
    from outreach.config import TestConfig

    fresh = create_app(TestConfig)

    @fresh.route("/boom-for-test")
    def boom():
        raise RuntimeError("secret internals")

    fresh.config["PROPAGATE_EXCEPTIONS"] = False
    response = fresh.test_client().get("/boom-for-test")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Sorry, something went wrong" in html and "secret internals" not in html and "Traceback" not in html
    assert "Page not found" in client.get("/nothing-here").get_data(as_text=True)


def test_forms_need_a_csrf_token_and_tests_run_with_protection_on(app, client):
    assert app.config.get("WTF_CSRF_ENABLED", True) is True
    response = client.post("/account/sign-in", data={"email": "a@b.example", "password": "x"}, csrf=False)
    assert response.status_code == 400
    assert "This form had expired" in response.get_data(as_text=True)
    page = client.get("/account/sign-in").get_data(as_text=True)
    assert 'name="csrf_token"' in page


def test_production_config_refuses_a_missing_or_development_secret(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError):
        ProductionConfig()
    monkeypatch.setenv("SECRET_KEY", "short")
    with pytest.raises(RuntimeError):
        ProductionConfig()
    if DEV_SECRET_FILE.exists():
        monkeypatch.setenv("SECRET_KEY", DEV_SECRET_FILE.read_text().strip())
        with pytest.raises(RuntimeError):
            ProductionConfig()


def test_production_cookies_and_headers(monkeypatch):
    from outreach import create_app

    monkeypatch.setenv("SECRET_KEY", "p" * 48)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    app = create_app(ProductionConfig)
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-session"
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    with app.test_client() as c:
        response = c.get("/", base_url="https://localhost")
        assert "max-age=31536000" in response.headers["Strict-Transport-Security"]


def test_sqlite_runs_in_wal_with_foreign_keys_and_busy_timeout(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite settings")
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        assert db.session.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL


def test_concurrent_read_then_write_loses_no_update(app):
    """Several threads bump a counter by read-modify-write; IMMEDIATE transactions keep every bump."""
    with app.app_context():
        make_user("applicant", "counter@example.com")

    def bump():
        with app.app_context():
            for _ in range(10):
                from outreach.models.outbox import JobRun as Run  # any table with an integer column

                row = db.session.execute(select(Run).where(Run.job == "counter")).scalar_one()
                row.processed = row.processed + 1
                db.session.commit()
            db.session.remove()

    with app.app_context():
        db.session.add(JobRun(job="counter", started_at=clock.now(), processed=0))
        db.session.commit()
    threads = [threading.Thread(target=bump) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            pytest.skip("PostgreSQL's READ COMMITTED needs row locks for this; services use them there")
        assert db.session.execute(select(JobRun.processed).where(JobRun.job == "counter")).scalar() == 40


def test_migrations_have_one_head_and_match_the_models(app):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from flask_migrate import Migrate  # noqa: F401

    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config(str(ROOT / "migrations"))
        assert len(ScriptDirectory.from_config(config).get_heads()) == 1
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations differ: {diff}"


@pytest.mark.parametrize("typed, sector, precision", [
    ("dt1 1hr", "DT1 1", "sector"), ("DT11HR", "DT1 1", "sector"), (" st16 2ab ", "ST16 2", "sector"),
    ("LE11 1", "LE11 1", "sector"), ("LE11", "LE11", "district"),
])
def test_postcodes_resolve_to_sector_or_district(typed, sector, precision):
    place = geo.resolve(typed)
    assert place.sector == sector and place.precision == precision
    assert 49 < place.latitude < 61 and -9 < place.longitude < 2


@pytest.mark.parametrize("bad", ["", "hello", "12345", "DT1 1HRX", "ZZ99 9ZZ", "<script>"])
def test_bad_postcodes_are_refused(bad):
    with pytest.raises(geo.PostcodeError):
        geo.resolve(bad)


def test_distance_between_dorchester_and_stafford_is_about_234_km():
    a = geo.coordinates_of("DT1 1")
    b = geo.coordinates_of("ST16 2")
    assert 225 < geo.distance_km(a, b) < 245  # about 234 km as the crow flies


def _queue(app, n=3, key="k"):
    with app.test_request_context():
        for i in range(n):
            queue_email(to=f"person{i}@example.com", template="account_exists", subject="Hello\r\nBcc: evil@x",
                        key=f"{key}:{i}", user_name="Sam", sign_in_url="/account/sign-in",
                        reset_url="/account/forgot-password")
        queue_email(to="person0@example.com", template="account_exists", subject="dup", key=f"{key}:0",
                    user_name="Sam", sign_in_url="/", reset_url="/")
        db.session.commit()


def test_outbox_queues_idempotently_and_delivers_over_smtp(app, smtp):
    _queue(app)
    with app.app_context():
        assert db.session.execute(select(OutboxMessage)).scalars().all().__len__() == 3
        run_job("send_outbox")
        run_job("send_outbox")
    messages = smtp.wait_for("person", 3)
    assert len(smtp.messages) == 3
    assert all("\n" not in m["Subject"] and m["Bcc"] is None for m in messages)  # no header injection
    assert all(m.get_body(("plain",)) and m.get_body(("html",)) for m in messages)


def test_outbox_retries_with_backoff_when_smtp_is_down(app):
    _queue(app, n=1)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1)  # nothing listens there
    with app.app_context():
        sent, failed = sender.send_pending()
        assert (sent, failed) == (0, 1)
        row = db.session.execute(select(OutboxMessage)).scalar_one()
        assert row.status == "pending" and row.attempts == 1 and row.last_error
        assert row.next_attempt_at > clock.now()
        assert sender.send_pending() == (0, 0)  # not due yet


def test_sweep_returns_messages_stuck_in_sending(app):
    _queue(app, n=1)
    with app.app_context():
        sender.claim()
        assert db.session.execute(select(OutboxMessage.status)).scalar() == "sending"
        assert sender.sweep_stuck() == 0
        clock.freeze(clock.now() + timedelta(minutes=11))
        assert sender.sweep_stuck() == 1
        assert db.session.execute(select(OutboxMessage.status)).scalar() == "pending"


def test_two_senders_at_once_never_send_a_message_twice(app, smtp):
    _queue(app, n=30, key="race")
    barrier = threading.Barrier(2)

    def send():
        with app.app_context():
            barrier.wait()
            sender.send_pending(batch=3)
            db.session.remove()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    smtp.wait_for("person", 30)
    recipients = [m["To"] for m in smtp.messages]
    assert len(recipients) == 30 == len(set(recipients))


def test_job_runs_are_recorded_and_listed(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["jobs", "run-once", "all"])
    assert result.exit_code == 0 and "send_outbox" in result.output
    listed = runner.invoke(args=["jobs", "list"])
    assert "purge_expired" in listed.output and "last run" in listed.output
    assert runner.invoke(args=["jobs", "run-once", "no_such_job"]).exit_code != 0


def test_demo_load_is_idempotent_and_every_demo_account_can_sign_in(app):
    from outreach.demo_data.accounts import ACCOUNTS, DEMO_PASSWORD

    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    again = runner.invoke(args=["demo", "load"])
    assert "0 organisations, 0 accounts, 0 tasters and 0 taster sessions added" in again.output
    for email, _kind, *_ in ACCOUNTS:
        client = app.test_client()
        assert sign_in(client, email, DEMO_PASSWORD).status_code == 302, email
        assert client.get("/dashboard").status_code == 200, email
