"""Every route answers as expected for every account type.

The table is built by hand; the test walks the app's URL map, so a new route
without an entry here fails. "login" means a redirect to the sign-in page.
"""
from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from outreach.extensions import db
from outreach.models.accounts import User
from outreach.models.organisations import Organisation
from outreach.permissions import ORGANISATION_AUDIENCES
from tests.access import (
    IDENTITIES,
    MEMBERS,
    NOT_APPROVED,
    ORG_STATUS_LEVELS,
    SETUP,
    SIGNED_IN,
    STATUS_MEMBERS,
    STATUS_PAGE,
    anonymous_only,
    everyone,
    expected_for_status,
    only,
)
from tests.factories import make_member, make_organisation, make_user, sign_in

# endpoint -> (method, url with placeholders, expected per identity)
MATRIX = {
    "static": ("GET", "/static/css/site.css", everyone(200)),
    "main.index": ("GET", "/", everyone(200)),
    "main.dashboard": ("GET", "/dashboard", only(SIGNED_IN)),
    "main.healthz": ("GET", "/healthz", everyone(200)),
    "main.favicon": ("GET", "/favicon.ico", everyone(200)),
    "accounts.sign_up": ("GET", "/account/sign-up", anonymous_only()),
    "accounts.check_email": ("GET", "/account/check-email?email=a@b.c", everyone(200)),
    "accounts.verify_email": ("GET", "/account/verify/not-a-real-token", everyone(400)),
    "accounts.resend_verification": ("POST", "/account/verify", only(SIGNED_IN, ok=302)),
    "accounts.sign_in": ("GET", "/account/sign-in", anonymous_only()),
    "accounts.sign_out": ("POST", "/account/sign-out", only(SIGNED_IN, ok=302)),
    "accounts.forgot_password": ("GET", "/account/forgot-password", everyone(200)),
    "accounts.reset_password": ("GET", "/account/reset-password/not-a-real-token", everyone(400)),
    "accounts.change_password": ("GET", "/account/change-password", only(SIGNED_IN)),
    "accounts.request_sign_in_link": ("GET", "/account/sign-in-link", everyone(200)),
    "accounts.sign_in_link_sent": ("GET", "/account/sign-in-link-sent", everyone(200)),
    "accounts.reset_sent": ("GET", "/account/reset-link-sent", everyone(200)),
    "accounts.use_sign_in_link": ("GET", "/account/sign-in-link/not-a-real-token", everyone(400)),
    "organisations.register_provider": ("GET", "/providers/register", anonymous_only()),
    "organisations.register_school": ("GET", "/schools/register", anonymous_only()),
    "organisations.team": ("GET", "/organisation/team", only(MEMBERS)),
    "organisations.revoke_invite": ("POST", "/organisation/invitations/nope/revoke",
                                    only(("owner_a", "school"), ok=404)),
    "organisations.remove_member": ("POST", "/organisation/members/nope/remove", only(("owner_a", "school"), ok=404)),
    "organisations.change_role": ("GET", "/organisation/members/nope/role", only(("owner_a", "school"), ok=404)),
    "organisations.accept_invite": ("GET", "/join/not-a-real-token", everyone(400)),
    "admin.overview": ("GET", "/admin/", only(("admin",))),
    "admin.organisations_list": ("GET", "/admin/organisations", only(("admin",))),
    "admin.organisation_detail": ("GET", "/admin/organisations/{org_a}", only(("admin",))),
    "admin.audit_log": ("GET", "/admin/audit", only(("admin",))),
    "titles.queue": ("GET", "/admin/titles/", only(("admin",))),
    "titles.decide": ("POST", "/admin/titles/decide", only(("admin",), ok=400)),
    "titles.undo": ("POST", "/admin/titles/undo", only(("admin",), ok=302)),
    "jobs.status": ("GET", "/admin/jobs/", only(("admin",))),
}

# endpoint -> SETUP or APPROVED_ONLY (see tests/access.py); the features add theirs.
ORG_STATUS = {
    "organisations.team": SETUP,
    "organisations.revoke_invite": SETUP,
    "organisations.remove_member": SETUP,
    "organisations.change_role": SETUP,
}


FEATURE_MODULES = [
    importlib.import_module(f"tests.{path.parent.name}.access_routes")
    for path in sorted(Path(__file__).resolve().parents[1].glob("*/access_routes.py"))
]
for _module in FEATURE_MODULES:
    _clash = set(_module.ROUTES) & set(MATRIX)
    assert not _clash, f"routes listed twice: {_clash}"
    MATRIX.update(_module.ROUTES)
    _clash = set(getattr(_module, "ORG_STATUS", {})) & set(ORG_STATUS)
    assert not _clash, f"organisation status listed twice: {_clash}"
    ORG_STATUS.update(getattr(_module, "ORG_STATUS", {}))


@pytest.fixture
def people(app):
    with app.app_context():
        org_a = make_organisation("Provider A")
        org_b = make_organisation("Provider B", postcode="ST16 2AB")
        school = make_organisation("A School", kind="school", postcode="DT1 2EH")
        make_user("pupil", "pupil@x.example")
        make_user("applicant", "applicant@x.example")
        ids = {"org_a": org_a.public_id, "org_b": org_b.public_id, "school_org": school.public_id}
        ids["user:pupil"] = db.session.execute(select(User).where(User.email == "pupil@x.example")).scalar_one()
        ids["user:applicant"] = db.session.execute(select(User).where(User.email == "applicant@x.example")).scalar_one()
        ids["user:staff_a"] = make_member(org_a, "staff", "staff_a@x.example")
        ids["user:recruiter_a"] = make_member(org_a, "recruiter", "recruiter_a@x.example")
        ids["user:owner_a"] = make_member(org_a, "owner", "owner_a@x.example")
        ids["user:recruiter_b"] = make_member(org_b, "recruiter", "recruiter_b@x.example")
        ids["user:school"] = make_member(school, "owner", "school@x.example")
        ids["user:admin"] = make_user("admin", "admin@x.example")
        for module in FEATURE_MODULES:
            if hasattr(module, "make_objects"):
                ids.update(module.make_objects(ids))
        ids = {k: v for k, v in ids.items() if not k.startswith("user:")}
    clients = {"anonymous": app.test_client()}
    for who in SIGNED_IN:
        clients[who] = app.test_client()
        assert sign_in(clients[who], f"{who}@x.example").status_code == 302, who
    return clients, ids


def test_every_route_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = endpoints - set(MATRIX)
    assert not missing, f"add these routes to the access matrix: {sorted(missing)}"
    stale = set(MATRIX) - endpoints
    assert not stale, f"remove these from the matrix: {sorted(stale)}"


def organisation_routes(app) -> dict:
    """Endpoints a member reaches through their organisation's role, with the status they need."""
    found = {}
    for endpoint, view in app.view_functions.items():
        audiences = getattr(view, "access", frozenset())
        if audiences & ORGANISATION_AUDIENCES and not audiences & {"anyone", "signed_in"}:
            found[endpoint] = getattr(view, "org_status", None)
    return found


def test_every_organisation_route_is_classified_by_organisation_status(app):
    declared = organisation_routes(app)
    missing = set(declared) - set(ORG_STATUS)
    assert not missing, f"say which organisation statuses may use these routes (ORG_STATUS): {sorted(missing)}"
    stale = set(ORG_STATUS) - set(declared)
    assert not stale, f"these are not organisation routes; remove them from ORG_STATUS: {sorted(stale)}"
    assert set(ORG_STATUS.values()) <= set(ORG_STATUS_LEVELS)
    differs = {e: (declared[e], ORG_STATUS[e]) for e in declared if declared[e] != ORG_STATUS[e]}
    assert not differs, f"the view declares one status rule and the matrix expects another: {differs}"


def test_every_view_declares_who_may_use_it(app):
    for endpoint, view in app.view_functions.items():
        if endpoint == "static":
            continue
        assert getattr(view, "access", None), f"{endpoint} has no @access(...) declaration"


def test_urls_are_kebab_case(app):
    for rule in app.url_map.iter_rules():
        static_part = re.sub(r"<[^>]+>", "", rule.rule)
        assert re.fullmatch(r"[a-z0-9/\-.]*", static_part), rule.rule


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_route_answers_each_account_type_as_expected(app, people, endpoint):
    clients, ids = people
    method, url, expected = MATRIX[endpoint]
    url = url.format(**ids)
    for who in IDENTITIES:
        response = clients[who].open(url, method=method)
        want = expected[who]
        if want == "login":
            assert response.status_code == 302, (who, response.status_code)
            assert "/account/sign-in" in response.headers["Location"], (who, response.status_code)
        else:
            assert response.status_code == want, f"{endpoint} as {who}: {response.status_code}, expected {want}"
        if response.status_code >= 400:
            assert "Traceback" not in response.get_data(as_text=True)
        # Sign-out must not sign out the shared client for the remaining checks.
        if endpoint == "accounts.sign_out" and who != "anonymous":
            sign_in(clients[who], f"{who}@x.example")
    if endpoint in ORG_STATUS:
        for status in NOT_APPROVED:
            _set_status(app, ids, status)
            _check_status(clients, endpoint, method, url, expected_for_status(expected, ORG_STATUS[endpoint], status),
                          status)
        _set_status(app, ids, "approved")
    with app.app_context():
        db.session.remove()


def _set_status(app, ids, status: str) -> None:
    """Provider A and the school take ``status``; provider B stays approved."""
    with app.app_context():
        for public_id in (ids["org_a"], ids["school_org"]):
            organisation = db.session.execute(
                select(Organisation).where(Organisation.public_id == public_id)).scalar_one()
            organisation.status = status
        db.session.commit()
        db.session.remove()


def _check_status(clients, endpoint, method, url, expected, status) -> None:
    for who in STATUS_MEMBERS:
        response = clients[who].open(url, method=method)
        want = expected[who]
        body = response.get_data(as_text=True)
        if want == STATUS_PAGE:
            assert response.status_code == 403 and f'data-organisation-status="{status}"' in body, (
                f"{endpoint} as {who} of a {status} organisation: {response.status_code}, expected the status page")
        else:
            assert response.status_code == want, (
                f"{endpoint} as {who} of a {status} organisation: {response.status_code}, expected {want}")
        assert "Traceback" not in body
