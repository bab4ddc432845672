"""Building blocks for the route access matrix (tests/foundation/test_routes.py).

Each feature folder adds its routes in ``tests/<feature>/access_routes.py``:

    from tests.access import everyone, only, MEMBERS
    ROUTES = {"tasters.search": ("GET", "/tasters/", everyone(200)), ...}

    def make_objects(ids):            # optional; runs in an app context after the people exist
        taster = ...                  # e.g. a published taster of provider A
        return {"taster_a": taster.public_id}   # usable as {taster_a} in the URLs above

``ids`` holds "org_a", "org_b", "school_org" (public ids) and "user:<identity>" (User objects)
for every identity below. "login" means a redirect to the sign-in page.
"""
from __future__ import annotations

IDENTITIES = ("anonymous", "pupil", "applicant", "staff_a", "recruiter_a", "owner_a", "recruiter_b", "school", "admin")
SIGNED_IN = IDENTITIES[1:]
MEMBERS = ("staff_a", "recruiter_a", "owner_a", "recruiter_b", "school")
PROVIDERS = ("staff_a", "recruiter_a", "owner_a", "recruiter_b")
RECRUITERS = ("recruiter_a", "owner_a", "recruiter_b")


def everyone(code):
    return {who: code for who in IDENTITIES}


def anonymous_only(ok=200, signed_in=302):
    return {who: (ok if who == "anonymous" else signed_in) for who in IDENTITIES}


def only(allowed, ok=200, others=403):
    return {who: ("login" if who == "anonymous" else ok if who in allowed else others) for who in IDENTITIES}


def override(base: dict, **changes) -> dict:
    """A copy of an expectation with some identities changed, e.g. override(only(RECRUITERS), recruiter_b=404)."""
    result = dict(base)
    result.update(changes)
    return result
