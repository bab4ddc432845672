"""Public endpoints that could be hammered answer 429 with a clear message once over their limit."""
from __future__ import annotations


def test_consent_links_are_rate_limited_per_address(client):
    for _ in range(60):
        assert client.get("/tasters/consent/guessing-a-token").status_code == 400
    blocked = client.get("/tasters/consent/guessing-again")
    assert blocked.status_code == 429 and "Too many attempts" in blocked.get_data(as_text=True)
    assert blocked.headers["Retry-After"]
    other_address = client.get("/tasters/consent/x", environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert other_address.status_code == 400


def test_public_api_is_rate_limited_per_address(client):
    for _ in range(300):
        client.get("/api/v1/opportunities?postcode=DT1+1AA&radius_km=5")
    blocked = client.get("/api/v1/opportunities?postcode=DT1+1AA&radius_km=5")
    assert blocked.status_code == 429 and blocked.get_json()["error"].startswith("Too many requests")


def test_oversized_requests_get_a_clear_413_page(client):
    response = client.post("/report-a-concern", data={"about": "other", "details": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413 and "That was too large" in response.get_data(as_text=True)


def test_oversized_fields_are_refused_beside_the_field(client):
    html = client.post("/report-a-concern", data={"about": "other", "details": "x" * 5000}).get_data(as_text=True)
    assert "Keep this under 4,000 characters" in html
