"""GET /api/v1/roles/normalise: the care role a typed job title means, its confidence and the runner-up."""
from __future__ import annotations

import pytest

from outreach.api.openapi import MAX_TITLE
from tests.tasters.test_tasters_search import _check

URL = "/api/v1/roles/normalise"


def _schema(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/roles/normalise"]["get"]
    return document, operation


@pytest.mark.parametrize("title,slug", [
    ("snr care assistant - nights - £12.60ph", "senior-care-worker"),
    ("nursing home care assistant", "care-worker"),
    ("care at home worker", "home-care-worker"),
    ("HCA", "care-worker"),
    ("reg manager", "registered-manager"),
])
def test_a_typed_title_gets_its_role_confidence_and_runner_up(client, title, slug):
    response = client.get(URL, query_string={"title": title})
    assert response.status_code == 200
    body = response.get_json()
    assert body["title"] == title
    assert body["role"]["slug"] == slug and body["best_guess"] == body["role"]
    assert body["threshold"] <= body["role"]["confidence"] <= 1
    assert body["role"]["url"].endswith(f"/careers/{slug}")
    runner_up = body["runner_up"]
    assert runner_up is not None and runner_up["slug"] != slug
    assert runner_up["confidence"] <= body["role"]["confidence"]


@pytest.mark.parametrize("title", ["veterinary nurse", "customer care advisor", "software engineer"])
def test_a_title_outside_care_gets_no_role(client, title):
    body = client.get(URL, query_string={"title": title}).get_json()
    assert body["role"] is None
    if body["best_guess"] is not None:
        assert body["best_guess"]["confidence"] < body["threshold"]


def test_the_response_is_exactly_what_the_openapi_document_describes(client):
    document, operation = _schema(client)
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    for title in ("senior carer", "pet carer", "care assistant (nights)"):
        _check(client.get(URL, query_string={"title": title}).get_json(), schema, document, title)
    assert [p["name"] for p in operation["parameters"]] == ["title"]
    assert operation["parameters"][0]["required"] is True
    assert operation["parameters"][0]["schema"]["maxLength"] == MAX_TITLE


@pytest.mark.parametrize("query,message", [
    ({}, "Give a job title"),
    ({"title": "   "}, "Give a job title"),
    ({"title": "c" * (MAX_TITLE + 1)}, f"up to {MAX_TITLE} characters"),
])
def test_a_missing_or_too_long_title_is_a_clear_400(client, query, message):
    response = client.get(URL, query_string=query)
    assert response.status_code == 400
    body = response.get_json()
    assert body["field"] == "title" and message in body["error"]
    document, operation = _schema(client)
    _check(body, operation["responses"]["400"]["content"]["application/json"]["schema"], document, "error")


def test_an_unknown_parameter_is_a_400_naming_it(client):
    response = client.get(URL, query_string={"title": "carer", "role": "x"})
    assert response.status_code == 400 and response.get_json()["field"] == "role"


def test_a_title_of_exactly_the_limit_is_accepted(client):
    title = ("care assistant " * 20)[:MAX_TITLE]
    assert client.get(URL, query_string={"title": title}).status_code == 200


def test_the_normaliser_is_rate_limited_per_address_like_the_rest_of_the_api(client):
    for _ in range(300):
        client.get(URL, query_string={"title": "carer"})
    blocked = client.get(URL, query_string={"title": "carer"})
    assert blocked.status_code == 429 and blocked.get_json()["error"].startswith("Too many requests")
    assert blocked.headers["Retry-After"]
    other = client.get(URL, query_string={"title": "carer"}, environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert other.status_code == 200
