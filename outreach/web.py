"""Small helpers shared by views: reading numbers from the query string safely, and pages no cache keeps."""
from __future__ import annotations

from functools import wraps

from flask import make_response, request

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
