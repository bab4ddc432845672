"""Insert many rows at once, skipping ones whose unique key already exists.

On PostgreSQL the rows are streamed with COPY into a temporary table and moved across with one
INSERT ... SELECT ... ON CONFLICT DO NOTHING (much faster than huge multi-row VALUES statements,
which psycopg has to parse client-side). Elsewhere (SQLite) it is an executemany of
INSERT ... ON CONFLICT DO NOTHING. Runs in the caller's transaction. Used by the outbox's bulk
queue and the referral sweeps' reminder claims.
"""
from __future__ import annotations

import itertools

from sqlalchemy import Table
from sqlalchemy.dialects import sqlite

from outreach.extensions import db

_names = itertools.count()


def insert_skipping_conflicts(table: Table, rows: list[dict], conflict: list[str],
                              returning: str | None = None) -> list:
    """Insert rows (dicts with the same keys); return the ``returning`` column of rows inserted."""
    if not rows:
        return []
    columns = list(rows[0])
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        statement = sqlite.insert(table).on_conflict_do_nothing(index_elements=conflict)
        if returning:
            return list(connection.execute(statement.returning(table.c[returning]), rows).scalars())
        connection.execute(statement, rows)
        return []
    # Bind values exactly as SQLAlchemy would (UTCDateTime and other type decorators).
    processors = {name: table.c[name].type.bind_processor(connection.dialect) for name in columns}
    staging = f"staging_{table.name}_{next(_names)}"
    column_list = ", ".join(f'"{name}"' for name in columns)
    cursor = connection.connection.driver_connection.cursor()
    cursor.execute(f'CREATE TEMP TABLE "{staging}" ON COMMIT DROP AS '
                   f'SELECT {column_list} FROM "{table.name}" WITH NO DATA')
    with cursor.copy(f'COPY "{staging}" ({column_list}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([processors[name](row[name]) if processors[name] else row[name] for name in columns])
    conflict_list = ", ".join(f'"{name}"' for name in conflict)
    tail = f' RETURNING "{returning}"' if returning else ""
    cursor.execute(f'INSERT INTO "{table.name}" ({column_list}) SELECT {column_list} FROM "{staging}" '
                   f'ON CONFLICT ({conflict_list}) DO NOTHING{tail}')
    result = [row[0] for row in cursor.fetchall()] if returning else []
    cursor.execute(f'DROP TABLE "{staging}"')
    return result
