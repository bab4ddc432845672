"""Write to the append-only audit log. Call inside the service's transaction."""
from __future__ import annotations

from flask import has_request_context, request

from outreach.extensions import db
from outreach.models.audit import AuditEvent


def record(action: str, *, actor=None, subject=None, subject_type: str | None = None,
           subject_id: str | None = None, **detail) -> AuditEvent:
    if subject is not None:
        subject_type = subject_type or type(subject).__name__
        subject_id = subject_id or str(getattr(subject, "public_id", None) or getattr(subject, "id", ""))
    event = AuditEvent(
        actor_id=getattr(actor, "id", None),
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        ip_address=request.remote_addr if has_request_context() else None,
        detail={k: v for k, v in detail.items() if v is not None},
    )
    db.session.add(event)
    return event
