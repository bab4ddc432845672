"""Shared fixtures: one migrated database per test process, emptied after each test.

The database comes from TEST_DATABASE_URL (PostgreSQL in CI's second run) or a
temporary SQLite file. The schema is built by running the migrations, so a model
change without a migration fails the suite.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

ROOT = Path(__file__).resolve().parent.parent
_tmp = tempfile.mkdtemp(prefix="careways-test-")
if not os.environ.get("TEST_DATABASE_URL"):
    os.environ["TEST_DATABASE_URL"] = f"sqlite:///{_tmp}/test.db"


def reset_postgres_schema(engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))


@pytest.fixture(scope="session")
def _app():
    from flask_migrate import upgrade

    from outreach import create_app
    from outreach.config import TestConfig
    from outreach.extensions import db

    from tests.client import CsrfClient

    app = create_app(TestConfig)
    app.test_client_class = CsrfClient
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            reset_postgres_schema(db.engine)
        upgrade(directory=str(ROOT / "migrations"))
        db.session.remove()
    yield app


def empty_all_tables(app) -> None:
    from outreach.extensions import db

    with app.app_context():
        db.session.remove()
        existing = set(inspect(db.engine).get_table_names())
        tables = [t.name for t in db.metadata.sorted_tables if t.name in existing]
        with db.engine.begin() as connection:
            if db.engine.dialect.name == "postgresql":
                connection.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
            else:
                for table in reversed(tables):
                    connection.execute(text(f'DELETE FROM "{table}"'))


@pytest.fixture
def app(_app):
    from outreach import clock

    saved = dict(_app.config)
    yield _app
    clock.freeze(None)
    _app.config.clear()
    _app.config.update(saved)
    _app.extensions.pop("careways_redis", None)
    empty_all_tables(_app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def ctx(app):
    with app.test_request_context():
        yield app


@pytest.fixture
def smtp(app):
    """A real SMTP server on loopback; the app is pointed at it for this test."""
    from tests.smtp_server import SmtpSink

    sink = SmtpSink()
    sink.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=sink.port, MAIL_USE_TLS=False)
    yield sink
    sink.stop()
