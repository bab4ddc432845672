"""Submission tokens: a double click on a form that creates something creates it once.

Each such form carries a hidden random nonce (``submission_field()``, rendered by the
``csrf(form)`` macro beside the CSRF token). The service claims it with ``claim(...)`` inside
its own transaction, after its checks and just before it creates anything. The key is
unique: a second press with the same nonce, at the same moment (it waits for the first
transaction on PostgreSQL; SQLite's IMMEDIATE transactions queue) or later, raises
``AlreadySubmitted`` carrying what the first press made, so the view can give the same answer.
A rejected submission is rolled back with its claim, so the corrected form can be sent again.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from wtforms import HiddenField

from outreach import clock
from outreach.extensions import db
from outreach.models.submissions import FormSubmission

KEEP_FOR = timedelta(days=2)  # longer than a form page stays usable (the CSRF token lasts 4 hours)


class AlreadySubmitted(Exception):
    """This form was sent before; ``outcome`` is what the first press recorded (or None)."""

    def __init__(self, outcome: str | None):
        super().__init__("This form has already been sent")
        self.outcome = outcome


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


def submission_field():
    """The hidden nonce for a form class: ``submission = submission_field()``."""
    return HiddenField(default=new_nonce)


def _key(form_name: str, nonce: str) -> str:
    return hashlib.sha256(f"{form_name}\0{nonce}".encode()).hexdigest()


def claim(form_name: str, nonce: str | None) -> FormSubmission | None:
    """Record this submission, or raise AlreadySubmitted if it was acted on before.

    Returns the new row (set ``.outcome`` on it to let a repeat press find the result),
    or None when the form carried no nonce (an old page), which is then not deduplicated.
    """
    if not nonce:
        return None
    key = _key(form_name, nonce[:100])
    table = FormSubmission.__table__
    insert = (postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert)(table)
    inserted = db.session.execute(  # nothing comes back when the key is already there
        insert.values(key=key, created_at=clock.now()).on_conflict_do_nothing(index_elements=["key"])
        .returning(table.c.id)
    ).first()
    row = db.session.execute(select(FormSubmission).where(FormSubmission.key == key)).scalar_one()
    if inserted is None:
        raise AlreadySubmitted(row.outcome)
    return row


def settle(claimed: FormSubmission | None, outcome: str) -> None:
    """Remember what this submission made (in the same transaction), for a repeat press's answer."""
    if claimed is not None:
        claimed.outcome = outcome


def purge_old(now) -> int:
    result = db.session.execute(delete(FormSubmission).where(FormSubmission.created_at < now - KEEP_FOR))
    db.session.commit()
    return result.rowcount or 0
