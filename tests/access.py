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


# --- the organisation's status: a second dimension of the matrix --------------------------------
#
# Every route a provider or school member reaches through their organisation is classified in the
# feature's ``ORG_STATUS`` dict (endpoint -> SETUP or APPROVED_ONLY). The matrix then runs those
# routes again with provider A and the school pending, suspended and rejected:
#   SETUP          pending organisations get what approved ones get; suspended and rejected get the status page
#   APPROVED_ONLY  every organisation that is not approved gets the status page (403 with an explanation)

SETUP = "setup"
APPROVED_ONLY = "approved"
ORG_STATUS_LEVELS = (SETUP, APPROVED_ONLY)
NOT_APPROVED = ("pending", "suspended", "rejected")
STATUS_PAGE = "status page"
# The identities whose organisation (provider A or the school) changes status in the matrix.
STATUS_MEMBERS = ("staff_a", "recruiter_a", "owner_a", "school")


def expected_for_status(base: dict, level: str, status: str) -> dict:
    """What each member of provider A and the school gets when their organisation has ``status``.

    Someone outside the route's audience keeps their plain answer; everyone else gets the
    route's normal answer if the level admits the status, else the status page.
    """
    result = {}
    for who in STATUS_MEMBERS:
        want = base[who]
        if want == 403 or (level == SETUP and status == "pending"):
            result[who] = want
        else:
            result[who] = STATUS_PAGE
    return result
