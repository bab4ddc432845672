"""Shared fixtures: one migrated database per test process, emptied after each test.

The database comes from TEST_DATABASE_URL (PostgreSQL in CI's second run) or a
temporary SQLite file. Under pytest-xdist each worker process gets its own: a SQLite
file of its own, or a PostgreSQL database named after TEST_DATABASE_URL's with the
worker's id added (``test_gw0``), created when missing. The schema is built by running
the migrations, so a model change without a migration fails the suite.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, make_url, text

from tests.pages import parse

ROOT = Path(__file__).resolve().parent.parent
_tmp = tempfile.mkdtemp(prefix="careways-test-")


def database_for_this_process(url: str | None, worker: str | None) -> str:
    """TEST_DATABASE_URL as this process should use it (see the module's docstring)."""
    if not url:
        url = f"sqlite:///{_tmp}/test.db"
    if not url.startswith(("postgres://", "postgresql")):
        parsed = make_url(url)
        if worker and parsed.database and parsed.database != ":memory:":  # workers inherit the same URL
            file = Path(parsed.database)
            parsed = parsed.set(database=str(file.with_name(f"{file.stem}_{worker}{file.suffix}")))
        return parsed.render_as_string(hide_password=False)
    from outreach.config import normalise_database_url

    parsed = make_url(normalise_database_url(url))
    if worker:
        parsed = parsed.set(database=f"{parsed.database}_{worker}")
    create_postgres_database(parsed)
    return parsed.render_as_string(hide_password=False)


def create_postgres_database(url) -> None:
    engine = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                        {"name": url.database}).scalar()
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{url.database}"'))
    finally:
        engine.dispose()


os.environ["TEST_DATABASE_URL"] = database_for_this_process(os.environ.get("TEST_DATABASE_URL"),
                                                            os.environ.get("PYTEST_XDIST_WORKER"))


def reset_postgres_schema(engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Make ``--dist loadgroup`` honour ``xdist_group`` marks under pytest 9.

    pytest-xdist 3.8 tags a grouped test by setting ``item._nodeid``, which pytest 9 no longer
    reads (a node's id lives in ``item._id``), so grouped tests were spread over workers: the
    browser journeys, which share one site and depend on each other's steps, then skipped. This
    adds the same ``@group`` suffix where pytest 9 reads it; it does nothing without xdist."""
    if not config.getoption("loadgroup", default=False):  # set only inside an xdist worker
        return
    from _pytest.nodeid import coerce_node_id

    for item in items:
        names = sorted({str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
                        for mark in item.iter_markers("xdist_group")})
        if names and "@" not in item.nodeid.rsplit("]", 1)[-1]:
            item._id = coerce_node_id(f"{item.nodeid}@{'_'.join(names)}")


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


_refusing_deletes: list[str] = []


def refusing_deletes(connection) -> list[str]:
    """PostgreSQL tables with a trigger of ours that fires on DELETE (looked up once)."""
    if not _refusing_deletes:
        _refusing_deletes.extend(connection.execute(text(
            "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE NOT t.tgisinternal AND (t.tgtype & 8) <> 0")).scalars())  # 8: fires on DELETE
    return _refusing_deletes


def empty_all_tables(app) -> None:
    from outreach.extensions import db

    with app.app_context():
        db.session.remove()
        existing = set(inspect(db.engine).get_table_names())
        tables = [t.name for t in db.metadata.sorted_tables if t.name in existing]
        # DELETE, children first, not TRUNCATE: PostgreSQL's TRUNCATE makes new files for every
        # table (over a second per test); deleting the few rows a test made takes milliseconds.
        # Tables whose triggers refuse deletes (the append-only points ledger) are truncated.
        with db.engine.begin() as connection:
            if db.engine.dialect.name == "postgresql":
                for table in refusing_deletes(connection):
                    if connection.execute(text(f'SELECT 1 FROM "{table}" LIMIT 1')).first():
                        connection.execute(text(f'TRUNCATE "{table}"'))
            deletes = [f'DELETE FROM "{table}"' for table in reversed(tables)]
            if db.engine.dialect.name != "postgresql":
                for delete in deletes:
                    connection.execute(text(delete))
            else:  # one round trip; and ids start again from 1, as on SQLite
                connection.execute(text("; ".join(deletes)))
                sequences = connection.execute(text("SELECT sequence_schema || '.' || sequence_name"
                                                    " FROM information_schema.sequences")).scalars().all()
                if sequences:
                    connection.execute(text("SELECT " + ", ".join(f"setval('{s}', 1, false)" for s in sequences)))


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


@pytest.fixture
def page(client):
    """GET a page and return it parsed (BeautifulSoup), after checking its status.

    ``page("/careers/")`` fetches as this test's ``client``; ``page(path, other_client)`` as
    someone else; ``status=`` expects another status than 200. (The browser journeys in
    tests/e2e have their own ``page``: a Playwright tab.)
    """
    def get(path: str, as_client=None, status: int = 200):
        response = (as_client or client).get(path)
        assert response.status_code == status, f"GET {path} answered {response.status_code}, not {status}"
        return parse(response)

    return get
