"""Redirects after a shortlist action are built from known parameters only: the query string
can neither break the redirect nor choose its scheme, host or target."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.applications.factories import apply_for, make_applicant
from tests.applications.test_applications_shortlist import recruiter_client, setup_provider

HOSTILE_QUERIES = [
    {"public_id": "someone-else"},
    {"_scheme": "javascript", "_external": "1"},
    {"_external": "1", "_anchor": "x"},
    {"endpoint": "main.index", "values": "x", "unknown": "<x>"},
]
KNOWN = {"sort", "min_availability", "min_values", "max_km", "stage", "page", "nearby_page"}


@pytest.mark.parametrize("action", ["invite", "stage"])
def test_shortlist_redirects_keep_only_known_parameters(app, action):
    _organisation, _recruiter, vacancy_id, _ = setup_provider(app)
    with app.app_context():
        from outreach.vacancies.service import public_vacancy

        application = apply_for(make_applicant("one@example.com"), public_vacancy(vacancy_id)).public_id
    client = recruiter_client(app)
    data = {"selected": [application], "to_stage": "shortlisted", "reason": ""} if action == "stage" else {}
    for query in HOSTILE_QUERIES:
        query = {**query, "sort": "distance", "page": "2", "stage": "applied"}
        response = client.post(f"/shortlists/{vacancy_id}/{action}", query_string=query, data=data)
        assert response.status_code == 302, (query, response.status_code)
        location = urlsplit(response.headers["Location"])
        assert location.scheme in ("", "http") and location.netloc in ("", "localhost"), location
        assert location.path == f"/shortlists/{vacancy_id}" and not location.fragment
        kept = parse_qs(location.query)
        assert set(kept) <= KNOWN, kept
        assert kept["sort"] == ["distance"] and kept["page"] == ["2"] and kept["stage"] == ["applied"]


def test_search_page_links_carry_only_the_search_fields(app, client):
    from tests.factories import make_member, make_organisation
    from tests.tasters.factories import make_taster

    with app.test_request_context():
        organisation = make_organisation("Big Home", postcode="DT1 1HR")
        author = make_member(organisation, "recruiter", "big@x.example")
        for number in range(12):
            make_taster(organisation, author, title=f"Taster {number:02d}")
    for extra in ({"_scheme": "javascript", "_external": "1"}, {"endpoint": "x", "pagination": "y"}, {"zzz": "<x>"}):
        response = client.get("/tasters/", query_string={"postcode": "DT1 1HR", "radius": "10", **extra})
        assert response.status_code == 200, extra
        html = response.get_data(as_text=True)
        links = re.findall(r'href="([^"]*page=2[^"]*)"', html)
        assert links and all(link.startswith("/tasters/?") for link in links), links
        assert not any(name in link for link in links for name in extra), links
