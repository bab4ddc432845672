"""Build link paths for emails, inside a request or in a scheduled job (which has no request)."""
from __future__ import annotations

from flask import current_app, has_request_context, url_for


def path_for(endpoint: str, **values) -> str:
    """The path for an endpoint, like url_for, but also outside a request (jobs). The one way to
    build a link for an email, a calendar file or an API body.

    Email templates put ``{{ base_url }}`` in front, so only the path is needed.
    """
    if has_request_context():
        return url_for(endpoint, **values)
    adapter = current_app.extensions.get("careways_email_url_adapter")
    if adapter is None:
        adapter = current_app.url_map.bind("localhost", url_scheme="http",
                                           script_name=current_app.config.get("APPLICATION_ROOT") or "/")
        current_app.extensions["careways_email_url_adapter"] = adapter
    return adapter.build(endpoint, values)


def path_template(endpoint: str, *names: str) -> str:
    """The endpoint's path with ``{name}`` holes, built once and cached, for jobs that make many links.

    Only for values that need no escaping in a URL path (tokens, public ids).
    """
    cache = current_app.extensions.setdefault("careways_path_templates", {})
    key = (endpoint, names)
    if key not in cache:
        marks = {name: f"HOLE{index}HOLE" for index, name in enumerate(names)}
        path = path_for(endpoint, **marks)
        for name, mark in marks.items():
            path = path.replace(mark, "{" + name + "}")
        cache[key] = path
    return cache[key]
