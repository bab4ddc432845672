"""Small helpers shared by views: numbers from the query string, a domain error beside its field, the
one too-many-requests answer, and pages no cache keeps."""
from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING

from flask import make_response, render_template, request

if TYPE_CHECKING:
    from outreach.domain import DomainError
    from outreach.ratelimit import RateLimited

MAX_PAGE = 10_000


def bounded_int(raw, default: int, low: int, high: int) -> int:
    """A whole number from untrusted text, clamped to low..high; anything unreadable is the default.

    Huge values are clamped rather than refused so that a hand-edited link still shows a page
    instead of an integer overflow in the database."""
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        return default
    return max(low, min(high, value))


def page_number(name: str = "page") -> int:
    """The page asked for in the query string: 1..MAX_PAGE, and 1 for anything that is not a number."""
    return bounded_int(request.args.get(name, 1), 1, 1, MAX_PAGE)


def no_store(view):
    """Mark every answer of the view ``Cache-Control: no-store``: for pages reached from a link in an
    email, which show someone's name or address to whoever holds the link, signed in or not."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        response.headers["Cache-Control"] = "no-store"
        return response

    return wrapper


def show_error(form, error: DomainError, fallback: str | None = None) -> str | None:
    """Put each of a domain error's messages beside its field; return what has no field, for the page top.

    With ``fallback``, a message that names no field of this form goes beside that field instead."""
    problems = error.problems
    if fallback:
        problems = [(name if name in form._fields else fallback, message) for name, message in problems]
    return add_problems(form, problems)


def add_problems(form, problems: list[tuple[str | None, str]]) -> str | None:
    """Add (field, message) pairs to the form's fields, skipping a field that already shows an error
    (one message per field, the first found). Returns the messages that belong to no field, joined."""
    leftover = []
    for name, message in problems:
        field = form._fields.get(name) if name else None
        if field is None or not hasattr(field, "errors"):
            leftover.append(message)
            continue
        if isinstance(field.errors, tuple):
            field.errors = list(field.errors)
        if not field.errors:
            field.errors.append(message)
    return " ".join(leftover) or None


def too_many(error: RateLimited):
    """The one answer to a client over a rate limit: the friendly page, 429 and Retry-After."""
    minutes = max(1, error.retry_after // 60)
    return render_template("errors/429.html", minutes=minutes), 429, {"Retry-After": str(error.retry_after)}
