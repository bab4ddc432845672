"""Friendly error pages that never show a traceback."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError


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
        from outreach.extensions import db

        db.session.rollback()
        return page(500, "errors/500.html", title="Sorry, something went wrong")
