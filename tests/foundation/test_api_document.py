"""The OpenAPI document describes every /api/v1 route, and what /api/v1/roles really sends."""
from __future__ import annotations

import re

from tests.tasters.test_tasters_search import _check, _resolve


def test_every_api_route_is_in_the_openapi_document(app, client):
    document = client.get("/api/v1/openapi.json").get_json()
    prefix = "/api/v1"
    routes = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith(prefix + "/")]
    assert len(routes) >= 3
    for rule in routes:
        path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule[len(prefix):])
        assert path in document["paths"], f"{rule.rule} is not in /api/v1/openapi.json"
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in document["paths"][path], f"{method} {rule.rule} is not documented"


def test_the_roles_document_matches_what_the_roles_api_sends(client):
    document = client.get("/api/v1/openapi.json").get_json()
    schema = document["paths"]["/roles"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    body = client.get("/api/v1/roles").get_json()
    assert body["roles"], "need roles to check the fields"
    _check(body, schema, document, "roles")
    role = _resolve({"$ref": "#/components/schemas/Role"}, document)
    for item in body["roles"]:
        assert set(item) == set(role["properties"]), set(item) ^ set(role["properties"])
