"""The OpenAPI 3.1 document for /api/v1 (opportunities, roles and title normalisation), written by
hand. Tests check that every /api/v1 route is described, that every parameter and response field
documented here really exists, and that nothing undocumented is sent."""
from __future__ import annotations

from outreach.models.opportunities import TASTER_KINDS

# A UK postcode, sector or district in shape (whether it exists is checked against the data).
POSTCODE_PATTERN = r"^\s*[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*(?:[0-9](?:\s*[A-Za-z]{2})?)?\s*$"

PARAMETERS = {
    "postcode": {"type": "string", "pattern": POSTCODE_PATTERN, "examples": ["DT1 1HR"],
                 "description": "UK postcode, sector (DT1 1) or district (DT1) to search from. Without it, "
                                "only virtual sessions are returned."},
    "radius_km": {"type": "number", "minimum": 1, "maximum": 300, "default": 25,
                  "description": "Search radius in kilometres (as the crow flies)."},
    "kind": {"type": "string", "enum": list(TASTER_KINDS),
             "description": "Only this kind of taster. Without it, virtual sessions follow the in-person results."},
    "age": {"type": "integer", "minimum": 14, "maximum": 120,
            "description": "Only opportunities open to someone of this age (minimum age at most this)."},
    "date_from": {"type": "string", "format": "date", "description": "Only sessions on or after this UK date."},
    "date_to": {"type": "string", "format": "date", "description": "Only sessions on or before this UK date."},
    "page": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 1, "description": "Page number, from 1."},
    "per_page": {"type": "integer", "minimum": 1, "maximum": 50, "default": 10, "description": "Results per page."},
}

MAX_TITLE = 200
NORMALISE_PARAMETERS = {
    "title": {"type": "string", "minLength": 1, "maxLength": MAX_TITLE,
              "examples": ["snr care assistant - nights", "HCA", "reablement assistant"],
              "description": "A job title as an advert or a person writes it: pay, shifts, towns and "
                             "brackets may be left in, short forms (HCA, RGN, PA) and small misspellings are fine."},
}

NULLABLE_STRING = {"type": ["string", "null"]}

SCHEMAS = {
    "Session": {
        "type": "object",
        "required": ["id", "starts_at", "ends_at", "places_left"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string"},
            "starts_at": {"type": "string", "format": "date-time", "description": "UTC, ISO 8601."},
            "ends_at": {"type": "string", "format": "date-time", "description": "UTC, ISO 8601."},
            "places_left": {"type": "integer", "minimum": 0, "description": "0 means full (a waiting list is open)."},
        },
    },
    "Provider": {
        "type": "object",
        "required": ["id", "name", "url"],
        "additionalProperties": False,
        "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                       "url": {"type": "string", "format": "uri"}},
    },
    "Opportunity": {
        "type": "object",
        "required": ["id", "kind", "kind_label", "title", "description", "url", "provider", "setting", "role_slug",
                     "postcode_district", "distance_km", "min_age", "dbs_required", "sessions_available",
                     "next_session"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "description": "Public identifier."},
            "kind": {"type": "string", "enum": list(TASTER_KINDS)},
            "kind_label": {"type": "string"},
            "title": {"type": "string"},
            "description": {"type": "string"},
            "url": {"type": "string", "format": "uri", "description": "The page where people sign up."},
            "provider": {"$ref": "#/components/schemas/Provider"},
            "setting": {**NULLABLE_STRING, "description": "Type of care service, e.g. care_home."},
            "role_slug": {**NULLABLE_STRING, "description": "The role explainer this taster gives a taste of."},
            "postcode_district": {**NULLABLE_STRING, "description": "Null for virtual sessions."},
            "distance_km": {"type": ["number", "null"], "description": "From the searched postcode; null for virtual."},
            "min_age": {"type": "integer", "enum": [14, 16, 18]},
            "dbs_required": {"type": "boolean"},
            "sessions_available": {"type": "integer", "description": "Future sessions matching the dates."},
            "next_session": {"oneOf": [{"$ref": "#/components/schemas/Session"}, {"type": "null"}],
                             "description": "The next session with places left, or the next one if all are full."},
        },
    },
    "SearchResults": {
        "type": "object",
        "required": ["results", "total", "page", "per_page", "pages", "radius_km", "origin"],
        "additionalProperties": False,
        "properties": {
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/Opportunity"},
                        "description": "Nearest first; virtual sessions (no distance) after them."},
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "pages": {"type": "integer"},
            "radius_km": {"type": "number"},
            "origin": {"oneOf": [{"type": "null"}, {
                "type": "object", "required": ["postcode", "latitude", "longitude"], "additionalProperties": False,
                "properties": {"postcode": {"type": "string"}, "latitude": {"type": "number"},
                               "longitude": {"type": "number"}}}],
                "description": "The centre of the postcode searched from (sector or district centroid)."},
        },
    },
    "Pay": {
        "type": "object",
        "required": ["text", "source", "source_url", "date"],
        "additionalProperties": False,
        "properties": {
            "text": {"type": "string", "description": "What the role pays, in words."},
            "hourly_from": {"type": "number", "description": "Pounds an hour, lowest."},
            "hourly_to": {"type": "number", "description": "Pounds an hour, highest."},
            "annual_from": {"type": "number", "description": "Pounds a year, lowest."},
            "annual_to": {"type": "number", "description": "Pounds a year, highest."},
            "source": {"type": "string", "description": "Where the figure comes from."},
            "source_url": {"type": "string", "format": "uri"},
            "date": {"type": "string", "description": "When the figure was published, YYYY-MM."},
        },
    },
    "Role": {
        "type": "object",
        "required": ["title", "slug", "summary", "url"],
        "additionalProperties": False,
        "properties": {
            "title": {"type": "string"},
            "slug": {"type": "string", "description": "Use it as role_slug elsewhere."},
            "summary": {"type": "string"},
            "synonyms": {"type": ["array", "null"], "items": {"type": "string"},
                         "description": "Other names people search for."},
            "pay": {"oneOf": [{"$ref": "#/components/schemas/Pay"}, {"type": "null"}]},
            "min_age": {"type": ["integer", "null"], "description": "Youngest age to start, in years."},
            "start_at": {"type": ["array", "null"], "items": {"type": ["integer", "string"]},
                         "description": "Ages at which people usually start, or a stage such as \"degree\"."},
            "entry_routes": {"type": ["array", "null"], "items": {"type": "string"}},
            "qualifications": {"type": ["array", "null"], "items": {"type": "string"}},
            "next_roles": {"type": ["array", "null"], "items": {"type": "string"}, "description": "Role slugs."},
            "values": {"type": ["array", "null"], "items": {"type": "string"}},
            "settings": {"type": ["array", "null"], "items": {"type": "string"}},
            "url": {"type": "string", "format": "uri", "description": "The role's page on CareWays."},
        },
    },
    "RoleList": {
        "type": "object",
        "required": ["count", "roles"],
        "additionalProperties": False,
        "properties": {
            "count": {"type": "integer", "minimum": 0},
            "roles": {"type": "array", "items": {"$ref": "#/components/schemas/Role"}},
        },
    },
    "RoleCandidate": {
        "type": "object",
        "required": ["slug", "title", "confidence", "url"],
        "additionalProperties": False,
        "properties": {
            "slug": {"type": "string", "description": "The role's slug, as in /roles."},
            "title": {"type": "string"},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1,
                           "description": "How well the title fits this role, 0 to 1."},
            "url": {"type": "string", "format": "uri", "description": "The role's page on CareWays."},
        },
    },
    "NormalisedTitle": {
        "type": "object",
        "required": ["title", "role", "best_guess", "runner_up", "threshold"],
        "additionalProperties": False,
        "properties": {
            "title": {"type": "string", "description": "The title as received, spaces tidied."},
            "role": {"oneOf": [{"$ref": "#/components/schemas/RoleCandidate"}, {"type": "null"}],
                     "description": "The care role the title means, or null when no role reaches the threshold "
                                    "(not a care job, or too unsure: offer a choice instead of guessing)."},
            "best_guess": {"oneOf": [{"$ref": "#/components/schemas/RoleCandidate"}, {"type": "null"}],
                           "description": "The closest role even under the threshold (the same as role when "
                                          "role is set); null when nothing is close at all."},
            "runner_up": {"oneOf": [{"$ref": "#/components/schemas/RoleCandidate"}, {"type": "null"}],
                          "description": "The next closest role, so a client can show how clear the answer is."},
            "threshold": {"type": "number", "description": "The confidence a role needs to be returned as role."},
        },
    },
    "Error": {
        "type": "object",
        "required": ["error", "field"],
        "additionalProperties": False,
        "properties": {"error": {"type": "string", "description": "What was wrong, in plain words."},
                       "field": {"type": "string", "description": "The parameter at fault."}},
    },
}


def document(server_url: str) -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "CareWays opportunities API",
            "version": "1.0.0",
            "description": "Public, read-only search of published taster placements in adult social care "
                           "(buddy shifts, volunteering, shadowing, insight days and virtual sessions), the care "
                           "roles explained on CareWays, and the role a typed job title means. It lists "
                           "opportunities and roles only, never people.",
            "license": {"name": "Open Government Licence v3.0 (postcode data)",
                        "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"},
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/opportunities": {
                "get": {
                    "operationId": "searchOpportunities",
                    "summary": "Search published tasters near a postcode",
                    "parameters": [
                        {"name": name, "in": "query", "required": False, "description": schema["description"],
                         "schema": {k: v for k, v in schema.items() if k != "description"}}
                        for name, schema in PARAMETERS.items()
                    ],
                    "responses": {
                        "200": {"description": "Matching opportunities",
                                "content": {"application/json": {"schema": {
                                    "$ref": "#/components/schemas/SearchResults"}}}},
                        "400": {"description": "A parameter is missing or not valid",
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                        "404": {"description": "The postcode is well formed but we cannot place it",
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                        "429": {"description": "Too many requests from this address; try again after Retry-After"},
                    },
                }
            },
            "/roles": {
                "get": {
                    "operationId": "listRoles",
                    "summary": "Every care role explained on CareWays",
                    "responses": {"200": {"description": "All roles, from the careers content",
                                          "content": {"application/json": {"schema": {
                                              "$ref": "#/components/schemas/RoleList"}}}}},
                }
            },
            "/roles/normalise": {
                "get": {
                    "operationId": "normaliseRole",
                    "summary": "The care role a typed job title means, how sure, and the runner-up",
                    "parameters": [
                        {"name": name, "in": "query", "required": True, "description": schema["description"],
                         "schema": {k: v for k, v in schema.items() if k != "description"}}
                        for name, schema in NORMALISE_PARAMETERS.items()
                    ],
                    "responses": {
                        "200": {"description": "The role (or null), its confidence and the runner-up",
                                "content": {"application/json": {"schema": {
                                    "$ref": "#/components/schemas/NormalisedTitle"}}}},
                        "400": {"description": "title is missing, empty, too long, or another parameter was sent",
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                        "429": {"description": "Too many requests from this address; try again after Retry-After"},
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "operationId": "openapi",
                    "summary": "This document",
                    "responses": {"200": {"description": "OpenAPI 3.1 document",
                                          "content": {"application/json": {"schema": {"type": "object"}}}}},
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }
