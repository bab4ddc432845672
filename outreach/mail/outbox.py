"""Queue an email: render it now, store it with an idempotency key, send later."""
from __future__ import annotations

from flask import current_app, render_template
from sqlalchemy import select

from outreach import clock
from outreach.extensions import db
from outreach.models.outbox import OutboxMessage


def absolute_url(path: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + path


def queue_email(*, to: str, template: str, subject: str, key: str, user=None, **context) -> OutboxMessage:
    """Add a message to the outbox in the caller's transaction.

    ``key`` makes queuing idempotent: the same key never queues twice.
    Headers are built from our own values only; the subject is stripped of line breaks
    so user text can never inject SMTP headers (ASVS 1.3.11).
    """
    existing = db.session.execute(select(OutboxMessage).where(OutboxMessage.key == key)).scalar_one_or_none()
    if existing is not None:
        return existing
    context.setdefault("site_name", current_app.config["SITE_NAME"])
    context.setdefault("base_url", current_app.config["BASE_URL"])
    context["subject"] = subject
    message = OutboxMessage(
        key=key,
        to_address=to.strip(),
        user_id=getattr(user, "id", None),
        template=template,
        subject=" ".join(subject.split())[:200],
        body_text=render_template(f"email/{template}.txt", **context),
        body_html=render_template(f"email/{template}.html", **context),
        status="pending",
        next_attempt_at=clock.now(),
    )
    db.session.add(message)
    db.session.flush()
    return message
