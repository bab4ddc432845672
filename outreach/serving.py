"""How gunicorn presents CareWays: no Server banner, and a quieter access log in development.

``wsgi.py`` calls :func:`hide_server_banner` so every deployment (``gunicorn wsgi:app``)
leaves out the ``Server`` header, which gunicorn writes itself and has no setting for.
``flask serve`` passes :class:`DevelopmentAccessLogger` so the console shows page requests,
not a line for every stylesheet and image.
"""
from __future__ import annotations

QUIET_PATHS = ("/static/", "/favicon.ico", "/healthz")


def hide_server_banner() -> None:
    """Drop gunicorn's ``Server`` response header (idempotent; a no-op without gunicorn)."""
    try:
        from gunicorn.http import wsgi as gunicorn_wsgi
    except ImportError:  # pragma: no cover - gunicorn is a dependency, but the app also runs without it
        return
    original = gunicorn_wsgi.Response.default_headers
    if getattr(original, "hides_server_banner", False):
        return

    def default_headers(self):
        return [line for line in original(self) if not line.lower().startswith("server:")]

    default_headers.hides_server_banner = True
    gunicorn_wsgi.Response.default_headers = default_headers


try:
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # pragma: no cover
    _GunicornLogger = object


class DevelopmentAccessLogger(_GunicornLogger):
    """gunicorn's logger, minus access lines for static files and health checks."""

    def access(self, resp, req, environ, request_time):
        if (environ.get("PATH_INFO") or "").startswith(QUIET_PATHS):
            return
        super().access(resp, req, environ, request_time)
