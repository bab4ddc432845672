"""The "Your data" download: the rows about the person, as declared in ``records.py``.

A row is included because it is *about* the person (their account, sign-ups, applications, the
notes and decisions providers recorded about them), never because they acted on someone else's
row. "Who did this" columns are replaced by a label: "you", the organisation's name, or CareWays
for the platform team, so no member of staff is named.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select

from outreach import clock
from outreach.extensions import db
from outreach.models.accounts import User
from outreach.models.organisations import Membership, Organisation
from outreach.privacy.records import ABOUT, SECRET_COLUMNS, Custom, Own, Under, actor_columns

PLATFORM_TEAM = "CareWays"
OUTBOX_COLUMNS = ("template", "to_address", "status", "created_at", "sent_at")  # not the text: it names others


def _plain(value):
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return value


def _custom_query(table_name: str, table, user: User, found: dict[str, list[dict]]):
    email = user.email.lower()
    if table_name == "invitations":
        return select(table).where(func.lower(table.c.email) == email)
    if table_name == "leads":
        application_ids = [row["id"] for row in found.get("applications", [])]
        return select(table).where(or_(func.lower(table.c.email) == email, table.c.application_id.in_(application_ids)))
    if table_name == "outbox_messages":
        return select(table).where(table.c.user_id == user.id)
    if table_name == "audit_events":
        subjects = {user.public_id} | {row["public_id"] for rows in found.values() for row in rows
                                       if row.get("public_id")}
        return select(table).where(table.c.subject_id.in_(sorted(subjects)))
    raise LookupError(f"no download rule for {table_name}")


def _rows(user: User) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for table_name, how in ABOUT.items():
        table = db.metadata.tables[table_name]
        if isinstance(how, Own):
            query = select(table).where(table.c[how.column] == user.id)
        elif isinstance(how, Under):
            parent_ids = [row["id"] for row in found.get(how.parent, [])]
            if not parent_ids:
                continue
            query = select(table).where(table.c[how.column].in_(parent_ids))
        else:
            assert isinstance(how, Custom)
            query = _custom_query(table_name, table, user, found)
        rows = [dict(row) for row in db.session.execute(query.order_by(table.c.id)).mappings()]
        if rows:
            found[table_name] = rows
    return found


def _actor_labels(user: User, found: dict[str, list[dict]]) -> dict[int, str]:
    """Each acting account as the person should see it: themselves, an organisation, or the platform."""
    ids = {row[column] for table_name, rows in found.items() for column in actor_columns(table_name)
           for row in rows if row.get(column) is not None}
    labels = {actor_id: PLATFORM_TEAM for actor_id in ids}
    if ids:
        labels.update(db.session.execute(
            select(Membership.user_id, Organisation.name)
            .join(Organisation, Organisation.id == Membership.organisation_id)
            .where(Membership.user_id.in_(ids))).all())
    labels[user.id] = "you"
    return labels


def _shape(table_name: str, row: dict, user: User, labels: dict[int, str]) -> dict:
    if table_name == "outbox_messages":
        return {column: _plain(row[column]) for column in OUTBOX_COLUMNS}
    if table_name == "audit_events" and row.get("actor_id") != user.id:
        row = {k: v for k, v in row.items() if k != "ip_address"}  # another person's address
    actors = actor_columns(table_name)
    shaped = {}
    for column, value in row.items():
        if column in SECRET_COLUMNS:
            continue
        if column in actors:
            shaped[column.removesuffix("_id")] = labels.get(value) if value is not None else None
        else:
            shaped[column] = _plain(value)
    return shaped


def export(user: User) -> dict:
    """Everything about this person, table by table, as JSON-ready data."""
    account = {c.name: _plain(getattr(user, c.key)) for c in User.__table__.columns
               if c.name not in SECRET_COLUMNS | {"id"}}
    found = _rows(user)
    labels = _actor_labels(user, found)
    data: dict = {"exported_at": clock.now().isoformat(), "account": account}
    for table_name, rows in found.items():
        data[table_name] = [_shape(table_name, row, user, labels) for row in rows]
    return data
