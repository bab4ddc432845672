"""Every form that posts carries a CSRF token, so no form is one that "had expired" on every press.

Two checks that cover each other's blind spots: every page in the route access matrix is
rendered for every kind of identity and each ``<form method="post">`` in the HTML is read;
and every template's post forms are read statically, catching pages rarely rendered.
Forms posting to an endpoint that is deliberately exempt are listed here with the reason.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.exceptions import HTTPException

from outreach.extensions import csrf
from tests.access import IDENTITIES
from tests.foundation.test_routes import MATRIX, people  # noqa: F401 - the shared identities fixture
from tests.html_forms import post_forms_in

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

# endpoint -> why it takes posts without a token
EXEMPT_ENDPOINTS = {
    "mail.unsubscribe_page": "one-click unsubscribe (RFC 8058): mail clients post with no session",
}
# template -> the exempt endpoint its token-less forms post to
EXEMPT_TEMPLATES = {
    "mail/unsubscribe.html": "mail.unsubscribe_page",
}

TOKEN_IN_TEMPLATE = re.compile(r"csrf_token\(\)|form\.csrf_token|\bcsrf\(\s*\w+\s*\)|\w+\.csrf_token")
POST_FORM = re.compile(r"<form\b[^>]*\bmethod=[\"']post[\"'][^>]*>(.*?)</form>", re.IGNORECASE | re.DOTALL)


def test_the_exempt_list_matches_the_app(app):
    exempt = {endpoint for endpoint, view in app.view_functions.items()
              if f"{view.__module__}.{view.__name__}" in csrf._exempt_views}
    assert exempt == set(EXEMPT_ENDPOINTS)
    assert set(EXEMPT_TEMPLATES.values()) <= set(EXEMPT_ENDPOINTS)


def _endpoint_posted_to(app, page_url: str, action: str | None) -> str | None:
    path = urlsplit(action or page_url).path
    try:
        endpoint, _ = app.url_map.bind("localhost").match(path, method="POST")
    except HTTPException:
        return None
    return endpoint


def test_every_rendered_post_form_carries_a_csrf_token(app, people):  # noqa: F811
    """One pass over every page (setting the identities up once keeps this quick)."""
    clients, ids = people
    missing = []
    for endpoint, (method, url, _) in sorted(MATRIX.items()):
        if method != "GET":
            continue
        url = url.format(**ids)
        for who in IDENTITIES:
            response = clients[who].get(url)
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            for form in post_forms_in(response.get_data(as_text=True)):
                if _endpoint_posted_to(app, url, form.action) in EXEMPT_ENDPOINTS:
                    continue
                if not form.value("csrf_token"):
                    missing.append(f"{endpoint} as {who}: a form posting to {form.action or url}")
    assert not missing, "post forms without a csrf_token:\n" + "\n".join(sorted(set(missing)))


@pytest.mark.parametrize("template", sorted(str(p.relative_to(TEMPLATES)) for p in TEMPLATES.rglob("*.html")))
def test_every_post_form_in_the_templates_includes_the_token(template):
    source = (TEMPLATES / template).read_text()
    for body in POST_FORM.findall(source):
        if TOKEN_IN_TEMPLATE.search(body):
            continue
        assert template in EXEMPT_TEMPLATES, f"{template}: a post form without {{{{ csrf_token() }}}}"
