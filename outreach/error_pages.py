"""Friendly error pages that never show a traceback, including the page for an organisation not yet
approved (or suspended or rejected) that tried something only an active one may do."""
from __future__ import annotations

from flask import Flask, abort, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError

from outreach.extensions import db
from outreach.organisations import standing

STANDING_TITLES = {
    "pending": "This opens once your organisation is approved",
    "suspended": "Your organisation is suspended",
    "rejected": "Your organisation was not approved",
}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def register(app: Flask) -> None:
    def page(code: int, template: str, **context):
        if _wants_json():
            return jsonify({"error": context.get("title", str(code))}), code
        return render_template(template, **context), code

    @app.errorhandler(400)
    def bad_request(error):
        return page(400, "errors/400.html", title="Something was wrong with that request")

    @app.errorhandler(CSRFError)
    def csrf_failed(error):
        return page(400, "errors/csrf.html", title="This form had expired")

    @app.errorhandler(403)
    def forbidden(error):
        return page(403, "errors/403.html", title="You cannot see this page")

    @app.errorhandler(404)
    def not_found(error):
        return page(404, "errors/404.html", title="Page not found")

    @app.errorhandler(405)
    def method_not_allowed(error):
        body, code = page(405, "errors/400.html", title="Something was wrong with that request")
        allowed = ", ".join(sorted(getattr(error, "valid_methods", None) or []))
        return body, code, ({"Allow": allowed} if allowed else {})

    @app.errorhandler(413)
    def too_large(error):
        return page(413, "errors/413.html", title="That was too large")

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        return page(500, "errors/500.html", title="Sorry, something went wrong")

    @app.errorhandler(standing.OrganisationNotActive)
    def organisation_not_active(error):
        """Any page or service refused for the organisation's status: say why, and what is still possible."""
        db.session.rollback()  # nothing half-done by the refused request is kept
        organisation = error.organisation
        if organisation is None:
            abort(403)
        return render_template(
            "organisations/standing.html", organisation=organisation,
            title=STANDING_TITLES.get(organisation.status, "This is not available"),
            support_email=current_app.config.get("SUPPORT_EMAIL"),
        ), 403
