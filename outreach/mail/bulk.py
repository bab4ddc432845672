"""Queue many emails in one statement, for jobs that sweep thousands of rows at once.

Same rules as queue_email: idempotent by key (ON CONFLICT DO NOTHING), non-essential mail
gets an unsubscribe footer and is dropped for unsubscribed addresses.

Rendering is a mail merge: emails that differ only in their ``merge`` fields (name, links) are
rendered once per group with stand-in values, then each recipient's values are put in (escaped
for HTML). A group is only merged if rendering with two different sets of stand-ins proves the
fields appear verbatim (no filters changing them); otherwise each email is rendered on its own.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from markupsafe import escape

from outreach import clock
from outreach.mail import unsubscribe
from outreach.mail.fast_insert import insert_skipping_conflicts
from outreach.mail.outbox import absolute_url, add_unsubscribe_footer
from outreach.models.outbox import OutboxMessage

UNSUBSCRIBE = "unsubscribe_url"


@dataclass
class Email:
    to: str
    template: str
    subject: str
    key: str
    context: dict = field(default_factory=dict)
    user_id: int | None = None
    organisation_id: int | None = None
    essential: bool = True
    merge: tuple[str, ...] = ()  # context fields that differ per recipient (plain strings)


class _Renderer:
    def __init__(self):
        env = current_app.jinja_env
        self.env = env
        self.base = {"site_name": current_app.config["SITE_NAME"], "base_url": current_app.config["BASE_URL"]}
        self.templates: dict = {}
        self.groups: dict = {}

    def _templates(self, name: str):
        if name not in self.templates:
            self.templates[name] = (self.env.get_template(f"email/{name}.txt"),
                                    self.env.get_template(f"email/{name}.html"))
        return self.templates[name]

    def _render(self, email: Email, context: dict) -> tuple[str, str]:
        text, html = self._templates(email.template)
        full = {**self.base, **context, "subject": email.subject}
        return text.render(full), html.render(full)

    def _group(self, email: Email, fields: tuple[str, ...]):
        """(text, html, marks) rendered with stand-ins, or None if this template cannot be merged."""
        try:
            fixed = tuple(sorted((k, v) for k, v in email.context.items() if k not in fields))
            key = (email.template, email.subject, fields, fixed)
            hash(key)
        except TypeError:
            return None
        if key not in self.groups:
            renders = []
            for side in ("a", "b"):
                marks = {name: f"merge{side}field{index}x" for index, name in enumerate(fields)}
                renders.append((marks, self._render(email, {**email.context, **marks})))
            (marks_a, (text_a, html_a)), (marks_b, (text_b, html_b)) = renders
            for name in fields:
                text_a = text_a.replace(marks_a[name], marks_b[name])
                html_a = html_a.replace(marks_a[name], marks_b[name])
            self.groups[key] = (text_b, html_b, marks_b) if (text_a, html_a) == (text_b, html_b) else None
        return self.groups[key]

    def render(self, email: Email, values: dict) -> tuple[str, str]:
        fields = tuple(name for name in (*email.merge, *( (UNSUBSCRIBE,) if UNSUBSCRIBE in values else ()))
                       if isinstance(values.get(name), str))
        group = self._group(email, fields) if fields else None
        if group is None:
            return self._render(email, {**email.context, **values})
        text, html, marks = group
        for name in fields:
            text = text.replace(marks[name], values[name])
            html = html.replace(marks[name], str(escape(values[name])))
        return text, html


def queue_many(emails: list[Email]) -> int:
    """Insert the emails in the caller's transaction; returns how many were queued (after
    dropping non-essential mail to unsubscribed addresses)."""
    if not emails:
        return 0
    renderer = _Renderer()
    blocked = unsubscribe.unsubscribed_among(e.to for e in emails if not e.essential)
    now = clock.now()
    rows = []
    for email in emails:
        if not email.essential and unsubscribe.normalise(email.to) in blocked:
            continue
        values = {name: email.context.get(name) for name in email.merge}
        unsubscribe_url = None
        if not email.essential:
            unsubscribe_url = absolute_url(unsubscribe.path_for_address(email.to))
            values[UNSUBSCRIBE] = email.context.get(UNSUBSCRIBE, unsubscribe_url)
        body_text, body_html = renderer.render(email, values)
        if unsubscribe_url:
            body_text, body_html = add_unsubscribe_footer(body_text, body_html, unsubscribe_url)
        rows.append({
            "key": email.key, "to_address": email.to.strip(), "user_id": email.user_id, "template": email.template,
            "subject": " ".join(email.subject.split())[:200], "body_text": body_text, "body_html": body_html,
            "status": "pending", "attempts": 0, "next_attempt_at": now, "created_at": now,
            "essential": email.essential, "organisation_id": email.organisation_id,
        })
    if not rows:
        return 0
    insert_skipping_conflicts(OutboxMessage.__table__, rows, ["key"])
    return len(rows)
