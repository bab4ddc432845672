"""Hostile input to every form and endpoint: never a server error, script always escaped.

Walks the URL map, so new routes are covered as they land. Fields are taken from the
form on the page where there is one, then filled by hypothesis with random and
hostile text (scripts, SQL, huge strings, control characters, odd Unicode). NUL bytes are always among them,
in every field and URL part at once, because PostgreSQL refuses them; run it on both engines.
"""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.factories import make_member, make_organisation, make_user, sign_in

HOSTILE = st.one_of(
    st.text(max_size=40),
    st.sampled_from([
        "<script>alert(1)</script>", "' OR 1=1 --", "\"><img src=x onerror=alert(1)>", "A" * 5000,
        "../../etc/passwd", "%00", "\u202e\u0000\ud7ff", "{{ 7*7 }}", "-1", "99999999999999999999", "",
        "2026-13-45", "javascript:alert(1)", "=HYPERLINK(\"x\")", "\x00", "Jor\x00dan\x01\x1b[2J",
    ]),
)
ARGUMENT = st.sampled_from(["nope", "0", "-1", "%2e%2e", "A" * 300, "<x>", "a\x00b", "%00", "\x1f"])
NUL_EVERYWHERE = "a\x00b"  # PostgreSQL refuses NUL in text: every field and URL part gets one in a fixed example


def form_fields(html: str) -> list[str]:
    return sorted(set(re.findall(r'name="([A-Za-z0-9_\-]+)"', html)) - {"csrf_token"})


def concrete(rule, value: str) -> str:
    """Fill a rule's placeholders: numbers for int converters, the given text otherwise."""
    def fill(match):
        return "1" if (match.group(1) or "").startswith("int") else value

    return re.sub(r"<(?:([^:>]+):)?[^>]+>", fill, rule.rule)


@pytest.fixture
def identities(app):
    with app.app_context():
        org = make_organisation("Fuzz Home")
        school = make_organisation("Fuzz School", kind="school", postcode="DT1 2EH")
        make_user("applicant", "fuzz-applicant@x.example")
        make_user("pupil", "fuzz-pupil@x.example")
        make_member(org, "owner", "fuzz-owner@x.example")
        make_member(school, "owner", "fuzz-school@x.example")
        make_user("admin", "fuzz-admin@x.example")
    clients = {"anonymous": app.test_client()}
    for who in ("applicant", "pupil", "owner", "school", "admin"):
        clients[who] = app.test_client()
        sign_in(clients[who], f"fuzz-{who}@x.example")
    return clients


def post_rules(app):
    return [r for r in app.url_map.iter_rules() if "POST" in r.methods and r.endpoint != "static"
            and r.endpoint != "accounts.sign_out"]


@pytest.mark.parametrize("who", ["anonymous", "applicant", "pupil", "owner", "school", "admin"])
def test_hostile_posts_never_cause_a_server_error(app, identities, who):
    """One test per account type, so parallel workers share the load."""
    rules = post_rules(app)
    assert rules and who in identities
    client = identities[who]
    problems: list[str] = []
    for rule in rules:
        url = concrete(rule, "nope")
        page = client.get(url) if "GET" in rule.methods else None
        fields = form_fields(page.get_data(as_text=True)) if page is not None and page.status_code == 200 else []
        attack(client, who, rule, fields, problems)
    assert not problems, "\n".join(problems[:20])


def attack(client, who: str, rule, fields: list[str], problems: list[str]) -> None:
    """Post hostile values in every field of one form (and in the URL's parts); note any server error."""
    @settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @example(values=[NUL_EVERYWHERE] * max(1, len(fields)), argument=NUL_EVERYWHERE)
    @given(values=st.lists(HOSTILE, min_size=max(1, len(fields)), max_size=max(1, len(fields))),
           argument=ARGUMENT)
    def post(values, argument):
        data = dict(zip(fields or ["anything"], values, strict=True))
        try:
            response = client.post(concrete(rule, argument), data=data)
        except Exception as error:  # the test app propagates exceptions instead of answering 500
            problems.append(f"{rule.rule} as {who} -> {type(error).__name__} with {data!r:.200}")
            return
        if response.status_code >= 500:
            problems.append(f"{rule.rule} as {who} -> {response.status_code} with {data!r:.200}")
        body = response.get_data(as_text=True)
        assert "<script>alert(1)</script>" not in body, f"unescaped script echoed by {rule.rule}"

    post()


@given(query=HOSTILE)
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_hostile_query_strings_on_public_pages(client, query):
    for path in ("/careers/search", "/careers/", "/careers/care-worker", "/careers/quiz/result", "/api/v1/roles"):
        response = client.get(path, query_string={"q": query, "postcode": query, "a": query, "setting": query,
                                                  "start": query, "page": query})
        assert response.status_code < 500, (path, query)
        assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


def test_every_post_route_needs_a_csrf_token(app, identities):
    app.config["WTF_CSRF_ENABLED"] = True
    for rule in post_rules(app):
        for who in ("anonymous", "owner", "admin"):
            response = identities[who].post(concrete(rule, "nope"), data={"x": "y"}, csrf=False)
            if rule.rule.startswith("/api/"):
                continue
            assert response.status_code in (400, 302, 403), f"{rule.rule} as {who}: {response.status_code}"
            if response.status_code == 302:
                assert "/account/sign-in" in response.headers["Location"], rule.rule  # never reached the view
