"""Deliver the outbox: claim, record the attempt, talk to SMTP, record the result.

Several senders may run at once: a message is claimed by moving it to
"sending" in a short transaction (FOR UPDATE SKIP LOCKED on PostgreSQL; on
SQLite the IMMEDIATE transaction already serialises writers), so no message is
sent twice. A sweep returns messages stuck in "sending" after a crash.
"""
from __future__ import annotations

import smtplib
import sys
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app
from sqlalchemy import select, update

from outreach import clock
from outreach.extensions import db
from outreach.mail.unsubscribe import is_unsubscribed
from outreach.models.outbox import OutboxMessage

MAX_ATTEMPTS = 6
STUCK_AFTER = timedelta(minutes=10)


def backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(2 ** attempts, 240))


def claim(batch: int = 20) -> list[int]:
    now = clock.now()
    query = (
        select(OutboxMessage.id)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(batch)
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ids = list(db.session.execute(query).scalars())
    if ids:
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.status == "pending")
            .values(status="sending", claimed_at=now, attempts=OutboxMessage.attempts + 1)
        )
    db.session.commit()
    return ids


def build_message(row: OutboxMessage) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = row.subject
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = row.to_address
    message["Message-ID"] = make_msgid(domain="careways.example")
    if not row.essential:
        # RFC 2369 and RFC 8058 one-click unsubscribe for mail clients.
        from outreach.mail.outbox import absolute_url
        from outreach.mail.unsubscribe import path_for_address

        message["List-Unsubscribe"] = f"<{absolute_url(path_for_address(row.to_address))}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(row.body_text)
    message.add_alternative(row.body_html, subtype="html")
    return message


def console_email(message: EmailMessage) -> str:
    """An email framed as a box, so it stands out from request logs in development."""
    body = message.get_body(("plain",)).get_content().rstrip("\n")
    lines = ["", "+" + "-" * 8 + " EMAIL (not sent: no MAIL_SERVER) " + "-" * 29,
             f"| To:      {message['To']}", f"| Subject: {message['Subject']}", "|"]
    lines += [f"| {line}".rstrip() for line in body.splitlines()]
    lines += ["+" + "-" * 71, ""]
    return "\n".join(lines)


def transmit(message: EmailMessage) -> None:
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        print(console_email(message), file=sys.stdout, flush=True)
        return
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)


def send_pending(batch: int = 20, max_batches: int = 50) -> tuple[int, int]:
    """Send what is due. Returns (sent, failed attempts)."""
    sent = failed = 0
    for _ in range(max_batches):
        ids = claim(batch)
        if not ids:
            break
        for message_id in ids:
            row = db.session.get(OutboxMessage, message_id)
            if not row.essential and is_unsubscribed(row.to_address, user_id=row.user_id):
                row.status = "skipped"  # unsubscribed after the message was queued
                row.last_error = "Unsubscribed before sending"
                db.session.commit()
                continue
            try:
                transmit(build_message(row))
            except (OSError, smtplib.SMTPException) as error:
                failed += 1
                row.last_error = f"{type(error).__name__}: {error}"[:500]
                if row.attempts >= MAX_ATTEMPTS:
                    row.status = "failed"
                else:
                    row.status = "pending"
                    row.next_attempt_at = clock.now() + backoff(row.attempts)
            else:
                sent += 1
                row.status = "sent"
                row.sent_at = clock.now()
            db.session.commit()
    return sent, failed


def sweep_stuck() -> int:
    """Return messages left in "sending" by a crashed sender to the queue."""
    cutoff = clock.now() - STUCK_AFTER
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == "sending", OutboxMessage.claimed_at < cutoff)
        .values(status="pending", next_attempt_at=clock.now())
    )
    db.session.commit()
    return result.rowcount or 0
