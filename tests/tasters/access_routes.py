"""Who may use each taster and API route (see tests/access.py).

Provider A owns the taster, its session and the pupil's confirmed sign-up; provider B's
recruiter gets 404 for all of them, and the applicant gets 404 for the pupil's sign-up.
"""
from __future__ import annotations

from outreach.extensions import db
from tests.access import APPROVED_ONLY, PROVIDERS, RECRUITERS, SETUP, everyone, only, override
from tests.tasters.factories import book, make_taster

VISITORS = ("pupil", "applicant")
NOT_B = {"recruiter_b": 404}
PUPILS_OWN = override(only(VISITORS), applicant=404)
TASTER = "/tasters/manage/{taster_a}"
SESSION = "/tasters/manage/sessions/{session_a}"
SIGNUP = "/tasters/manage/sign-ups/{signup_a}"

ROUTES = {
    "tasters.search_page": ("GET", "/tasters/", everyone(200)),
    "tasters.detail": ("GET", "/tasters/{taster_a}", everyone(200)),
    "tasters.provider_page": ("GET", "/tasters/providers/{org_a}", everyone(200)),
    "tasters.consent": ("GET", "/tasters/consent/not-a-real-token", everyone(400)),
    "tasters.consent_cancel": ("POST", "/tasters/consent/not-a-real-token/cancel", everyone(400)),
    "tasters.sign_up": ("GET", "/tasters/{taster_a}/sessions/{session_a}/sign-up", only(VISITORS)),
    "tasters.my_signups": ("GET", "/tasters/sign-ups", only(VISITORS)),
    "tasters.my_signup": ("GET", "/tasters/sign-ups/{signup_a}", PUPILS_OWN),
    "tasters.cancel": ("POST", "/tasters/sign-ups/{signup_a}/cancel", override(only(VISITORS, ok=302), applicant=404)),
    "tasters.my_signup_calendar": ("GET", "/tasters/sign-ups/{signup_a}/calendar.ics", PUPILS_OWN),
    "tasters.feedback": ("GET", "/tasters/sign-ups/{signup_a}/feedback", PUPILS_OWN),
    "tasters.guardian_email": ("GET", "/tasters/sign-ups/{signup_a}/guardian-email", PUPILS_OWN),
    "tasters.share_values": ("POST", "/tasters/sign-ups/{signup_a}/share-values",
                             override(only(VISITORS, ok=302), applicant=404)),
    "tasters.manage_list": ("GET", "/tasters/manage/", only(PROVIDERS)),
    "tasters.new": ("GET", "/tasters/manage/new", only(RECRUITERS)),
    "tasters.edit": ("GET", TASTER + "/edit", override(only(RECRUITERS), **NOT_B)),
    "tasters.manage": ("GET", TASTER, override(only(PROVIDERS), **NOT_B)),
    # An empty form re-shows the manage page with errors beside the fields.
    "tasters.add_session": ("POST", TASTER + "/sessions", override(only(RECRUITERS), **NOT_B)),
    # Provider A's taster is published: the page says it can be closed, not deleted.
    "tasters.delete_draft": ("GET", TASTER + "/delete", override(only(RECRUITERS), **NOT_B)),
    "tasters.risk_assessment": ("GET", TASTER + "/risk-assessment", override(only(RECRUITERS), **NOT_B)),
    "tasters.submit": ("POST", TASTER + "/submit", override(only(RECRUITERS, ok=302), **NOT_B)),
    "tasters.close": ("POST", TASTER + "/close", override(only(RECRUITERS, ok=302), **NOT_B)),
    "tasters.session_register": ("GET", SESSION, override(only(PROVIDERS), **NOT_B)),
    "tasters.edit_session": ("GET", SESSION + "/edit", override(only(RECRUITERS), **NOT_B)),
    "tasters.cancel_session": ("POST", SESSION + "/cancel", override(only(RECRUITERS, ok=302), **NOT_B)),
    "tasters.session_calendar": ("GET", SESSION + "/calendar.ics", override(only(PROVIDERS), **NOT_B)),
    "tasters.accept": ("POST", SIGNUP + "/accept", override(only(RECRUITERS, ok=302), **NOT_B)),
    "tasters.end": ("GET", SIGNUP + "/end", override(only(RECRUITERS), **NOT_B)),
    "tasters.attendance": ("POST", SIGNUP + "/attendance", override(only(PROVIDERS, ok=302), **NOT_B)),
    "tasters.rate_values": ("GET", SIGNUP + "/values", override(only(PROVIDERS), **NOT_B)),
    "tasters.provider_feedback": ("GET", SIGNUP + "/feedback", override(only(PROVIDERS), **NOT_B)),
    "tasters.admin_pending": ("GET", "/admin/tasters", only(("admin",))),
    "tasters.admin_review": ("GET", "/admin/tasters/{taster_a}", only(("admin",))),
    "api.opportunities": ("GET", "/api/v1/opportunities?postcode=DT1+1HR&radius_km=10", everyone(200)),
    "api.openapi": ("GET", "/api/v1/openapi.json", everyone(200)),
    "api.roles_normalise": ("GET", "/api/v1/roles/normalise?title=senior+carer", everyone(200)),
}


def make_objects(ids):
    taster = make_taster(db.session.merge(ids["user:recruiter_a"]).organisation, ids["user:recruiter_a"])
    session = taster.sessions[0]
    signup = book(ids["user:pupil"], session)
    signup.status = "confirmed"  # a confirmed place, so the calendar file exists
    signup.provider_accepted_at = signup.confirmed_at = signup.created_at
    db.session.commit()
    return {"taster_a": taster.public_id, "session_a": session.public_id, "signup_a": signup.public_id}

# Drafting tasters and their sessions is setting up; registers, sign-ups and feedback are people's data.
ORG_STATUS = {
    **{endpoint: SETUP for endpoint in (
        "tasters.manage_list", "tasters.new", "tasters.edit", "tasters.manage", "tasters.add_session",
        "tasters.risk_assessment", "tasters.submit", "tasters.close", "tasters.edit_session", "tasters.cancel_session",
        "tasters.delete_draft",
    )},
    **{endpoint: APPROVED_ONLY for endpoint in (
        "tasters.session_register", "tasters.session_calendar", "tasters.accept", "tasters.end", "tasters.attendance",
        "tasters.rate_values", "tasters.provider_feedback",
    )},
}
