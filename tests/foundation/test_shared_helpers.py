"""One home for shared helpers: links for emails and jobs (outreach.mail.links.path_for), pages of in-memory lists (outreach.paging)."""
from __future__ import annotations

import ast
from pathlib import Path

from flask import url_for

from outreach.mail.links import path_for

ROOT = Path(__file__).resolve().parents[2]


def test_in_a_request_it_is_url_for(app):
    with app.test_request_context():
        assert path_for("tasters.detail", public_id="abc") == url_for("tasters.detail", public_id="abc")


def test_in_a_scheduled_job_it_builds_the_same_path(app):
    with app.test_request_context():
        wanted = url_for("tasters.consent", token="t0k")
    with app.app_context():  # no request, as in the scheduler
        assert path_for("tasters.consent", token="t0k") == wanted


def test_it_honours_an_application_root(app):
    app.config["APPLICATION_ROOT"] = "/careways"
    app.extensions.pop("careways_email_url_adapter", None)
    try:
        with app.app_context():
            assert path_for("tasters.detail", public_id="abc").startswith("/careways/tasters/")
    finally:
        app.extensions.pop("careways_email_url_adapter", None)


def test_no_module_defines_its_own_path_for():
    owners = []
    for path in (ROOT / "outreach").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and node.name == "path_for":
                owners.append(str(path.relative_to(ROOT)))
    assert owners == ["outreach/mail/links.py"]


def test_lists_ranked_in_python_are_paged_by_one_helper():
    from outreach.paging import paginate

    page = paginate(list(range(23)), 3, per_page=10)
    assert (page.items, page.pages, page.has_prev, page.has_next) == ([20, 21, 22], 3, True, False)
    assert paginate([], 0).page == 1 and paginate([], 0).pages == 1
    owners = [str(path.relative_to(ROOT)) for path in (ROOT / "outreach").rglob("*.py")
              for node in ast.walk(ast.parse(path.read_text()))
              if isinstance(node, ast.FunctionDef) and node.name == "paginate"]
    assert owners == ["outreach/paging.py"]
