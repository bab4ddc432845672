"""Pages reached from a link in an email (the friend's reply page, unsubscribe) hold someone's
name or address: no browser or proxy may keep a copy, whatever the outcome."""
from __future__ import annotations

from tests.referrals.factories import make_lead, provider_team


def link_pages(app) -> list[str]:
    from outreach.mail.unsubscribe import path_for_address
    from outreach.referrals.leads import response_token

    with app.test_request_context():
        organisation, _owner, _recruiter, staff = provider_team()
        lead = make_lead(organisation, staff, confirmed=False)
        return [f"/referrals/respond/{response_token(lead)}", "/referrals/respond/not-a-real-token",
                path_for_address("priya@example.com"), "/unsubscribe/not-a-real-token"]


def test_link_pages_are_never_stored(app, client):
    for path in link_pages(app):
        for response in (client.get(path), client.post(path, data={"action": "nothing-known"})):
            assert response.status_code < 500, path
            assert response.headers.get("Cache-Control") == "no-store", (path, response.status_code)
