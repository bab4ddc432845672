"""Engine settings that make SQLite safe under several gunicorn workers.

pysqlite defers BEGIN until the first write, so read-then-write code loses
updates under concurrency. We take over transaction control and begin every
transaction IMMEDIATE, with WAL, synchronous=NORMAL, foreign keys on and a
busy timeout, as measured in shared/guides/security-and-reliability.md §4.
"""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine

SQLITE_BUSY_TIMEOUT_MS = 15000


def configure_engine(engine: Engine) -> None:
    if engine.dialect.name == "postgresql":
        event.listen(engine, "handle_error", _drop_row_values)
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # let SQLAlchemy (below) emit BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def sqlite_engine_options(uri: str) -> dict:
    if uri.startswith("sqlite"):
        return {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}}
    return {"pool_pre_ping": True}


def _drop_row_values(context) -> None:
    """Keep PostgreSQL's error line but drop its DETAIL, which quotes the row ("Key (email)=(...)").

    With hide_parameters this keeps personal data out of every logged database error.
    """
    original = context.original_exception
    text = str(original)
    if "\n" not in text:
        return
    original.args = (text.split("\n", 1)[0],)
    wrapped = context.sqlalchemy_exception
    if wrapped is not None:
        wrapped.args = (f"({type(original).__module__}.{type(original).__name__}) {original.args[0]}",)
