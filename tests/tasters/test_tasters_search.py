"""Finding tasters by postcode and radius, kind, dates and age, as a page and as JSON, and
the OpenAPI document that describes the JSON."""
from __future__ import annotations

import re

import pytest

from outreach.extensions import db
from tests.factories import make_member, make_organisation, sign_in
from tests.tasters.factories import make_taster, make_visitor


@pytest.fixture
def tasters(app):
    """Dorchester (0 km), Wareham (about 27 km), Stafford (about 234 km) and one virtual session."""
    with app.test_request_context():
        places = {}
        for name, postcode, kind, min_age, days in (
                ("Fordington House", "DT1 1HR", "buddy", 14, 7),
                ("Purbeck Nursing Home", "BH20 4DY", "volunteer", 16, 20),
                ("Trent Valley Home Care", "ST16 2AB", "insight", 16, 7),
                ("Online Care Co", "LE11 1AA", "virtual", 14, 3)):
            organisation = make_organisation(name, postcode=postcode)
            author = make_member(organisation, "recruiter", f"r@{postcode.replace(' ', '').lower()}.example")
            taster = make_taster(organisation, author, kind=kind, min_age=min_age, postcode=postcode,
                                 title=f"{name} taster", sessions=((days, 2),))
            places[name] = taster.public_id
        return places


def titles(html: str) -> list[str]:
    """Titles in the main results list (the separate virtual list is left out)."""
    html = html.split("<h2>Virtual insight sessions</h2>")[0]
    return re.findall(r'<h3><a href="/tasters/[^"]+">([^<]+) taster</a>', html)


def test_results_are_sorted_by_distance_and_show_distance_and_next_session(client, tasters):
    html = client.get("/tasters/?postcode=DT1+1HR&radius=50&unit=km").get_data(as_text=True)
    assert titles(html)[:2] == ["Fordington House", "Purbeck Nursing Home"]
    assert "Trent Valley Home Care" not in titles(html)
    assert "0.0 km</strong> away" in html and re.search(r"2\d\.\d km</strong> away", html)
    assert "Next session:" in html and "2 places left" in html
    assert "Virtual insight sessions" in html and "Online Care Co taster" in html  # listed separately


def test_radius_can_be_in_miles(client, tasters):
    html = client.get("/tasters/?postcode=DT1+1HR&radius=10&unit=miles").get_data(as_text=True)
    assert titles(html) == ["Fordington House"]
    html = client.get("/tasters/?postcode=DT1+1HR&radius=20&unit=miles").get_data(as_text=True)
    assert titles(html)[:2] == ["Fordington House", "Purbeck Nursing Home"]
    assert re.search(r"1\d\.\d miles</strong> away", html)


def test_filters_for_kind_dates_and_age(app, client, tasters):
    assert titles(client.get("/tasters/?postcode=DT1&radius=50&kind=volunteer").get_data(as_text=True)) == [
        "Purbeck Nursing Home"]
    html = client.get("/tasters/?postcode=DT1&radius=50&date_from=2026-03-15&date_to=2026-03-31").get_data(as_text=True)
    assert titles(html) == ["Purbeck Nursing Home"]
    assert titles(client.get("/tasters/?postcode=DT1&radius=50&age=15").get_data(as_text=True)) == ["Fordington House"]
    with app.app_context():
        make_visitor(15, "fifteen@x.example")
    sign_in(client, "fifteen@x.example")
    html = client.get("/tasters/?postcode=DT1&radius=50&suitable=y").get_data(as_text=True)
    assert "Only show tasters suitable for my age" in html and titles(html) == ["Fordington House"]
    # Signed in with a postcode, the search starts from it.
    assert "Fordington House taster" in client.get("/tasters/").get_data(as_text=True)


def test_virtual_sessions_need_no_postcode(client, tasters):
    html = client.get("/tasters/?kind=virtual").get_data(as_text=True)
    assert titles(html) == ["Online Care Co"] and "away" not in html


def test_an_empty_search_suggests_a_wider_radius_and_virtual_sessions(client, tasters):
    html = client.get("/tasters/?postcode=DT1+1HR&radius=5&kind=insight").get_data(as_text=True)
    assert "No tasters match your search within 5 km" in html
    assert "Widen the search to 10 km" in html and "radius=10" in html
    assert "Try a virtual insight session" in html and "Show every kind of taster" in html


def test_bad_search_input_gets_a_clear_message_and_keeps_it(client, tasters):
    html = client.get("/tasters/?postcode=ZZ99+9ZZ&radius=25").get_data(as_text=True)
    assert "We could not find that postcode" in html and 'value="ZZ99 9ZZ"' in html
    html = client.get("/tasters/?postcode=DT1&radius=lots").get_data(as_text=True)
    assert "Enter the distance as a number" in html and 'value="lots"' in html
    html = client.get("/tasters/?postcode=DT1&radius=1000&unit=miles").get_data(as_text=True)
    assert "Enter a distance from 1 to 186 miles" in html
    html = client.get("/tasters/?postcode=DT1&date_from=2026-04-01&date_to=2026-03-01").get_data(as_text=True)
    assert "The end date must be on or after the start date" in html
    html = client.get("/tasters/?postcode=DT1&date_from=tomorrow").get_data(as_text=True)
    assert "Enter a real date" in html


def test_results_are_paginated(app, client):
    with app.test_request_context():
        organisation = make_organisation("Big Home", postcode="DT1 1HR")
        author = make_member(organisation, "recruiter", "big@x.example")
        for number in range(12):
            make_taster(organisation, author, title=f"Taster {number:02d}")
    first = client.get("/tasters/?postcode=DT1+1HR&radius=10").get_data(as_text=True)
    assert "12 tasters" in first and "Page 1 of 2" in first and first.count('class="result"') == 10
    assert "page=2" in first and "postcode=DT1" in first
    second = client.get("/tasters/?postcode=DT1+1HR&radius=10&page=2").get_data(as_text=True)
    assert second.count('class="result"') == 2


def test_api_returns_results_with_distance(client, tasters):
    body = client.get("/api/v1/opportunities?postcode=DT1+1HR&radius_km=50").get_json()
    names = [r["provider"]["name"] for r in body["results"]]
    assert names == ["Fordington House", "Purbeck Nursing Home", "Online Care Co"]
    assert body["results"][0]["distance_km"] == 0.0 and 20 < body["results"][1]["distance_km"] < 35
    assert body["results"][2]["distance_km"] is None and body["total"] == 3
    assert body["results"][0]["next_session"]["places_left"] == 2
    only_kind = client.get("/api/v1/opportunities?postcode=DT1&radius_km=300&kind=insight").get_json()
    assert [r["provider"]["name"] for r in only_kind["results"]] == ["Trent Valley Home Care"]


def test_api_empty_date_range_matches_nothing(client, tasters):
    body = client.get("/api/v1/opportunities?postcode=DT1&date_from=2026-12-31&date_to=2026-01-01").get_json()
    assert body["results"] == [] and body["total"] == 0


def test_api_unknown_but_well_formed_postcode_is_not_found(client):
    response = client.get("/api/v1/opportunities?postcode=ZZ99+9ZZ")
    assert response.status_code == 404 and "could not find that postcode" in response.get_json()["error"]


def test_api_without_a_postcode_lists_only_virtual_sessions(client, tasters):
    body = client.get("/api/v1/opportunities").get_json()
    assert [r["provider"]["name"] for r in body["results"]] == ["Online Care Co"]
    assert body["results"][0]["distance_km"] is None and body["origin"] is None


@pytest.mark.parametrize("query, field, words", [
    ("postcode=hello", "postcode", "Enter a real UK postcode"),
    ("postcode=DT1&radius_km=abc", "radius_km", "must be a number"),
    ("postcode=DT1&radius_km=0", "radius_km", "from 1 to 300"),
    ("postcode=DT1&radius_km=nan", "radius_km", "from 1 to 300"),
    ("postcode=DT1&kind=party", "kind", "kind must be one of"),
    ("postcode=DT1&page=0", "page", "page must be from 1"),
    ("postcode=DT1&age=x", "age", "whole number"),
    ("postcode=DT1&date_from=soon", "date_from", "date like"),
    ("postcode=DT1&radius=5", "radius", "Unknown parameter"),
])
def test_api_validation_errors_are_400_json_with_a_clear_message(client, query, field, words):
    response = client.get(f"/api/v1/opportunities?{query}")
    assert response.status_code == 400 and response.is_json
    assert response.get_json()["field"] == field and words in response.get_json()["error"]


def _resolve(schema, document):
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        schema = document["components"]["schemas"][name]
    return schema


def _check(value, schema, document, where):
    """A small JSON Schema check: types, required and no undocumented properties."""
    schema = _resolve(schema, document)
    if "oneOf" in schema:
        errors = []
        for option in schema["oneOf"]:
            try:
                _check(value, option, document, where)
                return
            except AssertionError as error:
                errors.append(str(error))
        raise AssertionError(f"{where}: matches no option: {errors}")
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds] if kinds else []
    python = {"string": str, "integer": int, "number": (int, float), "boolean": bool, "object": dict,
              "array": list, "null": type(None)}
    if kinds:
        assert any(isinstance(value, python[k]) and not (k in ("integer", "number") and isinstance(value, bool))
                   for k in kinds), f"{where}: {value!r} is not {kinds}"
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    if isinstance(value, dict) and "properties" in schema:
        assert set(schema.get("required", [])) <= set(value), f"{where}: missing {set(schema['required']) - set(value)}"
        undocumented = set(value) - set(schema["properties"])
        assert not undocumented, f"{where}: undocumented {undocumented}"
        for key, item in value.items():
            _check(item, schema["properties"][key], document, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            _check(item, schema["items"], document, f"{where}[{index}]")


def test_openapi_document_matches_what_the_api_really_does(client, tasters):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    operation = document["paths"]["/opportunities"]["get"]
    documented = {p["name"]: p for p in operation["parameters"]}
    examples = {"postcode": "DT1 1HR", "radius_km": "50", "kind": "buddy", "age": "16", "date_from": "2026-03-01",
                "date_to": "2026-12-31", "page": "1", "per_page": "5"}
    assert set(documented) == set(examples), "give every documented parameter an example"
    for name, value in examples.items():  # every documented parameter exists: it is accepted and used
        params = {"postcode": "DT1 1HR", name: value}
        response = client.get("/api/v1/opportunities", query_string=params)
        assert response.status_code == 200, (name, response.get_json())
    assert client.get("/api/v1/opportunities?postcode=DT1&kind=insight").get_json()["total"] == 0  # kind is used
    assert client.get("/api/v1/opportunities?postcode=DT1&radius_km=300&kind=insight").get_json()["total"] == 1
    assert len(client.get("/api/v1/opportunities?postcode=DT1&per_page=1").get_json()["results"]) == 1
    # Every documented response field exists, and nothing undocumented is sent.
    ok_schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    body = client.get("/api/v1/opportunities?postcode=DT1+1HR&radius_km=300").get_json()
    assert body["results"], "need results to check the fields"
    _check(body, ok_schema, document, "response")
    opportunity = _resolve({"$ref": "#/components/schemas/Opportunity"}, document)
    for result in body["results"]:
        assert set(result) == set(opportunity["properties"])
    assert set(body) == set(_resolve(ok_schema, document)["properties"])
    error_schema = operation["responses"]["400"]["content"]["application/json"]["schema"]
    _check(client.get("/api/v1/opportunities?postcode=nowhere").get_json(), error_schema, document, "error")


def test_the_api_lists_opportunities_only_never_people(app, client, tasters):
    from sqlalchemy import select

    from outreach.models.opportunities import Opportunity, TasterSession
    from tests.tasters.factories import book

    with app.test_request_context():
        session = db.session.execute(  # a session a 15-year-old may book (row order is not fixed without ORDER BY)
            select(TasterSession).join(Opportunity, Opportunity.id == TasterSession.opportunity_id)
            .where(Opportunity.min_age <= 15).order_by(TasterSession.id)).scalars().first()
        book(make_visitor(15, "secret-pupil@x.example", first_name="Zebedee"), session)
    raw = client.get("/api/v1/opportunities?postcode=DT1&radius_km=300").get_data(as_text=True)
    assert "Zebedee" not in raw and "secret-pupil" not in raw and "parent@home.example" not in raw
