"""Every page, visited as each identity that may see it, survives hostile query values.

Built on the route access matrix (tests/foundation/test_routes.py), so a new page is
covered as soon as it is listed there; paginated pages get absurd page numbers.
"""
from __future__ import annotations

from tests.access import IDENTITIES
from tests.foundation.test_routes import MATRIX, people  # noqa: F401 - people is a fixture

HOSTILE_NUMBERS = ("99999999999999999999", "-99999999999999999999", "1e9", "nope\x00")
HOSTILE_TEXT = ("a\x00b", "\x1b[2J\x01")
GET_PAGES = sorted(endpoint for endpoint, (method, _url, _expected) in MATRIX.items()
                   if method == "GET" and endpoint != "static")


def with_query(url: str, **params) -> tuple[str, dict]:
    path, _, existing = url.partition("?")
    query = dict(part.partition("=")[::2] for part in existing.split("&") if part)
    query.update(params)
    return path, query


def test_absurd_page_numbers_and_control_characters_never_cause_a_server_error(app, people):  # noqa: F811
    clients, ids = people
    problems = []
    for endpoint in GET_PAGES:
        _method, url, expected = MATRIX[endpoint]
        url = url.format(**ids)
        for who in IDENTITIES:
            if expected[who] != 200:
                continue
            attempts = [dict(page=v, nearby_page=v, per_page=v, radius=v) for v in HOSTILE_NUMBERS]
            attempts += [dict(q=v, status=v, stage=v, action=v, kind=v, postcode=v) for v in HOSTILE_TEXT]
            for params in attempts:
                path, query = with_query(url, **params)
                try:
                    status = clients[who].get(path, query_string=query).status_code
                except Exception as error:  # the test app propagates exceptions instead of answering 500
                    status = f"{type(error).__name__}"
                if status != 200 and not (isinstance(status, int) and status < 500):
                    problems.append(f"{endpoint} as {who} with {params!r:.80}: {status}")
    assert not problems, "\n".join(problems)
