"""GET /api/v1/opportunities: the taster search as JSON; GET /api/v1/roles/normalise: the care role a typed
job title means; GET /api/v1/openapi.json describes them."""
from __future__ import annotations

import re
from datetime import date

from flask import Blueprint, current_app, jsonify, request, url_for

from matching.roles import NORMALISE_THRESHOLD
from outreach import content, geo, ratelimit
from outreach.api.openapi import MAX_TITLE, NORMALISE_PARAMETERS, PARAMETERS, POSTCODE_PATTERN, document
from outreach.domain import DomainError
from outreach.mail.links import path_for
from outreach.models.opportunities import TASTER_KINDS
from outreach.paging import paginate
from outreach.permissions import access
from outreach.tasters import search

bp = Blueprint("api", __name__, url_prefix="/api/v1")
MAX_PER_PAGE = 50


class BadParameter(DomainError):
    """A query parameter the API cannot read (400)."""

    def __init__(self, field: str, message: str):
        super().__init__(message, field)


class UnknownPostcode(DomainError):
    """A well-formed postcode we cannot place: the place is not found (404), the request is fine."""

    def __init__(self, field: str, message: str):
        super().__init__(message, field)


def _number(name: str, default, low, high, cast=float):
    if name not in request.args:
        return default
    raw = request.args.get(name, "").strip()
    try:
        value = cast(raw)
    except ValueError:
        raise BadParameter(name, f"{name} must be a {'whole ' if cast is int else ''}number") from None
    if value != value or not low <= value <= high:  # value != value catches NaN
        raise BadParameter(name, f"{name} must be from {low} to {high}")
    return value


def _day(name: str) -> date | None:
    if name not in request.args:
        return None
    raw = request.args.get(name, "").strip()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(name, f"{name} must be a date like 2026-12-24") from None


POSTCODE_SHAPE = re.compile(POSTCODE_PATTERN)


def _criteria() -> tuple[search.Criteria, int, int]:
    unknown = sorted(set(request.args) - set(PARAMETERS))
    if unknown:
        raise BadParameter(unknown[0], f"Unknown parameter {unknown[0]!r}. Allowed: {', '.join(PARAMETERS)}")
    kind = request.args.get("kind", "").strip()
    if kind and kind not in TASTER_KINDS:
        raise BadParameter("kind", f"kind must be one of {', '.join(TASTER_KINDS)}")
    postcode = request.args.get("postcode", "").strip()
    place = None
    if "postcode" in request.args:
        if not POSTCODE_SHAPE.match(postcode):
            raise BadParameter("postcode", "Enter a real UK postcode, for example DT1 1AA")
        try:
            place = geo.resolve(postcode)
        except geo.PostcodeError as error:
            raise UnknownPostcode("postcode", str(error)) from None
    # Without a postcode there is nowhere to measure from, so only virtual sessions are returned.
    radius = _number("radius_km", search.DEFAULT_RADIUS_KM, 1, search.MAX_RADIUS_KM)
    age = _number("age", None, 14, 120, int)
    date_from, date_to = _day("date_from"), _day("date_to")
    # A range that ends before it starts is valid and simply matches nothing.
    page = _number("page", 1, 1, 10000, int)
    per_page = _number("per_page", search.PER_PAGE, 1, MAX_PER_PAGE, int)
    criteria = search.Criteria(place=place, radius_km=radius, kinds=(kind,) if kind else TASTER_KINDS,
                               date_from=date_from, date_to=date_to, age=age)
    return criteria, page, per_page


def _absolute(path: str) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + path


def _result(found: search.Found) -> dict:
    opportunity = found.opportunity
    session = found.next_session
    return {
        "id": opportunity.public_id,
        "kind": opportunity.kind,
        "kind_label": opportunity.kind_label,
        "title": opportunity.title,
        "description": opportunity.description,
        "url": _absolute(path_for("tasters.detail", public_id=opportunity.public_id)),
        "provider": {
            "id": opportunity.organisation.public_id,
            "name": opportunity.organisation.name,
            "url": _absolute(path_for("tasters.provider_page", public_id=opportunity.organisation.public_id)),
        },
        "setting": opportunity.setting,
        "role_slug": opportunity.role_slug,
        "postcode_district": opportunity.postcode_district,
        "distance_km": found.distance_km,
        "min_age": opportunity.min_age,
        "dbs_required": opportunity.dbs_required,
        "sessions_available": len(found.upcoming),
        "next_session": None if session is None else {
            "id": session.public_id,
            "starts_at": session.starts_at.isoformat(),
            "ends_at": session.ends_at.isoformat(),
            "places_left": session.places_left,
        },
    }


@bp.route("/opportunities")
@ratelimit.by_address("api-opportunities", 300, 300)
@access("anyone")
def opportunities():
    try:
        criteria, page, per_page = _criteria()
    except BadParameter as error:
        return jsonify({"error": error.message, "field": error.field}), 400
    except UnknownPostcode as error:
        return jsonify({"error": error.message, "field": error.field}), 404
    results = search.find(criteria)
    items = results.in_person + results.virtual
    found = paginate(items, page, per_page)
    found.items = search.with_sessions(found.items, criteria)
    place = criteria.place
    return jsonify({
        "results": [_result(f) for f in found.items],
        "total": found.total,
        "page": found.page,
        "per_page": found.per_page,
        "pages": found.pages,
        "radius_km": criteria.radius_km,
        "origin": None if place is None else {"postcode": place.postcode, "latitude": place.latitude,
                                              "longitude": place.longitude},
    })


@bp.route("/openapi.json")
@access("anyone")
def openapi():
    return jsonify(document(_absolute("/api/v1")))


def _typed_title() -> str:
    unknown = sorted(set(request.args) - set(NORMALISE_PARAMETERS))
    if unknown:
        raise BadParameter(unknown[0], f"Unknown parameter {unknown[0]!r}. Allowed: {', '.join(NORMALISE_PARAMETERS)}")
    title = " ".join(request.args.get("title", "").split())
    if not title:
        raise BadParameter("title", "Give a job title, for example ?title=senior carer")
    if len(title) > MAX_TITLE:
        raise BadParameter("title", f"A job title can be up to {MAX_TITLE} characters; this one has {len(title)}")
    return title


def _role(library, slug: str | None, confidence: float) -> dict | None:
    role = library.role(slug) if slug else None
    if role is None:
        return None
    return {"slug": role.slug, "title": role.title, "confidence": confidence,
            "url": url_for("careers.role", slug=role.slug, _external=True)}


@bp.route("/roles/normalise")
@ratelimit.by_address("api-roles-normalise", 300, 300)
@access("anyone")
def roles_normalise():
    try:
        title = _typed_title()
    except BadParameter as error:
        return jsonify({"error": error.message, "field": error.field}), 400
    library = content.current()
    guess = library.taxonomy.guess_many([title])[0]
    return jsonify({
        "title": title,
        "role": _role(library, guess.slug, guess.confidence),
        "best_guess": _role(library, guess.best, guess.confidence),
        "runner_up": _role(library, guess.runner_up, guess.runner_up_confidence),
        "threshold": NORMALISE_THRESHOLD / 100,
    })
