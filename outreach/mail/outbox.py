"""Queue an email: render it now, store it with an idempotency key, send later."""
from __future__ import annotations

from flask import current_app, render_template
from markupsafe import escape
from sqlalchemy import select

from outreach import clock
from outreach.extensions import db
from outreach.models.outbox import OutboxMessage


def absolute_url(path: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + path


UNSUBSCRIBE_TEXT = "\n\n--\nYou can stop these emails at any time: {url}\n"
UNSUBSCRIBE_HTML = ('<p style="color: #555; font-size: 14px;">Do not want emails like this? '
                    '<a href="{url}">Unsubscribe</a>. We will still send you essential messages about your '
                    'account and anything you have agreed to.</p>')


def add_unsubscribe_footer(body_text: str, body_html: str, url: str) -> tuple[str, str]:
    """Append the unsubscribe link to both parts (before </body> in the HTML)."""
    html_footer = UNSUBSCRIBE_HTML.format(url=escape(url))
    marker = body_html.rfind("</body>")
    if marker == -1:
        body_html = body_html + html_footer
    else:
        body_html = body_html[:marker] + html_footer + body_html[marker:]
    return body_text.rstrip("\n") + UNSUBSCRIBE_TEXT.format(url=url), body_html


def _organisation_id(value) -> int | None:
    if value is None or isinstance(value, int):
        return value
    return getattr(value, "id", None)


def queue_email(*, to: str, template: str, subject: str, key: str, user=None, essential: bool = True,
                for_organisation=None, **context) -> OutboxMessage | None:
    """Add a message to the outbox in the caller's transaction.

    ``key`` makes queuing idempotent: the same key never queues twice.
    Headers are built from our own values only; the subject is stripped of line breaks
    so user text can never inject SMTP headers (ASVS 1.3.11).

    ``essential=False`` marks reminders, digests and chases: they carry an unsubscribe link
    and a List-Unsubscribe header, and are not queued at all (None is returned) for an address
    or account that unsubscribed. Consent, account and security email stays essential (the default).
    ``for_organisation`` (an Organisation or its id) shows the message on that provider's jobs page.
    """
    existing = db.session.execute(select(OutboxMessage).where(OutboxMessage.key == key)).scalar_one_or_none()
    if existing is not None:
        return existing
    from outreach.mail import unsubscribe

    if not essential and unsubscribe.is_unsubscribed(to, user):
        return None
    context.setdefault("site_name", current_app.config["SITE_NAME"])
    context.setdefault("base_url", current_app.config["BASE_URL"])
    context["subject"] = subject
    unsubscribe_url = None
    if not essential:
        unsubscribe_url = absolute_url(unsubscribe.path_for_address(to))
        context.setdefault("unsubscribe_url", unsubscribe_url)
    body_text = render_template(f"email/{template}.txt", **context)
    body_html = render_template(f"email/{template}.html", **context)
    if unsubscribe_url:
        body_text, body_html = add_unsubscribe_footer(body_text, body_html, unsubscribe_url)
    message = OutboxMessage(
        key=key,
        to_address=to.strip(),
        user_id=getattr(user, "id", None),
        template=template,
        subject=" ".join(subject.split())[:200],
        body_text=body_text,
        body_html=body_html,
        status="pending",
        next_attempt_at=clock.now(),
        essential=essential,
        organisation_id=_organisation_id(for_organisation),
    )
    db.session.add(message)
    db.session.flush()
    return message
