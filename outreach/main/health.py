"""The health check's look at the database: can it answer a query right now?"""
from __future__ import annotations

from sqlalchemy import text

from outreach.extensions import db


def database_status() -> dict:
    """``{"ok": True, "dialect": ...}``, or ``{"ok": False, "error": <exception name>}``.

    Ends its read-only transaction either way, so the check holds no lock and no connection."""
    try:
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
        return {"ok": True, "dialect": db.engine.dialect.name}
    except Exception as error:  # a health check reports failures rather than raising them
        db.session.rollback()
        return {"ok": False, "error": type(error).__name__}
