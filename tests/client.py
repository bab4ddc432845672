"""The test client: posts carry a real CSRF token, as a browser submitting our forms would.

Tests run with CSRF protection on, as production does. A form post without a
``csrf_token`` gets one taken from a page the app rendered for this client's own
session (the report-a-concern form, which every visitor can open and which changes
nothing), so the token is the one the server issued, bound to the same session and
refreshed after sign-in. Pass ``csrf=False`` to post exactly what you give (for tests
that prove a missing token is refused), or your own ``csrf_token`` in ``data``.
"""
from __future__ import annotations

import re

from flask.testing import FlaskClient

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
TOKEN_PAGE = "/report-a-concern"


def csrf_token_from(html: str) -> str | None:
    match = TOKEN.search(html)
    return match.group(1) if match else None


class CsrfClient(FlaskClient):
    def csrf_token(self) -> str:
        response = super().open(TOKEN_PAGE, method="GET")
        token = csrf_token_from(response.get_data(as_text=True))
        assert token, f"{TOKEN_PAGE} rendered no CSRF token"
        return token

    def open(self, *args, csrf: bool = True, **kwargs):
        method = (kwargs.get("method") or "GET").upper()
        if csrf and method in ("POST", "PUT", "PATCH", "DELETE") and "json" not in kwargs:
            data = kwargs.get("data")
            if data is None:
                kwargs["data"] = {"csrf_token": self.csrf_token()}
            elif isinstance(data, dict) and "csrf_token" not in data:
                kwargs["data"] = {**data, "csrf_token": self.csrf_token()}
        return super().open(*args, **kwargs)
