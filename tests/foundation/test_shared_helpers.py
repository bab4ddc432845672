"""One home for shared helpers: links for emails and jobs (outreach.mail.links.path_for), pages of
in-memory lists (outreach.paging)."""
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


# --- The service-call contract (outreach.domain) ------------------------------------------------

def _count_submissions():
    from sqlalchemy import func, select

    from outreach.extensions import db
    from outreach.models.submissions import FormSubmission
    return db.session.execute(select(func.count()).select_from(FormSubmission)).scalar_one()


def test_a_transaction_commits_what_its_service_did(ctx):
    from outreach import submissions
    from outreach.domain import transaction
    from outreach.extensions import db

    @transaction
    def record(nonce):
        submissions.claim("test-form", nonce)
        return "done"

    assert record("one") == "done"
    db.session.remove()  # a new session only sees what was committed
    assert _count_submissions() == 1


def test_a_domain_error_rolls_everything_back_and_reaches_the_caller(ctx):
    from outreach import submissions
    from outreach.domain import DomainError, transaction
    from outreach.extensions import db

    @transaction
    def refuse(nonce):
        submissions.claim("test-form", nonce)
        raise DomainError("Choose a date in the future", field="starts_on")

    try:
        refuse("two")
    except DomainError as error:
        assert (error.field, error.message) == ("starts_on", "Choose a date in the future")
    else:
        raise AssertionError("the error did not reach the caller")
    db.session.remove()
    assert _count_submissions() == 0


def test_a_service_called_inside_another_joins_its_transaction(ctx):
    """Only the outermost service commits: a failure after a nested call undoes the nested work too."""
    from outreach import submissions
    from outreach.domain import DomainError, in_transaction, transaction
    from outreach.extensions import db

    @transaction
    def inner(nonce):
        assert in_transaction()
        submissions.claim("test-form", nonce)

    @transaction
    def outer():
        inner("three")
        raise DomainError("Something later failed")

    try:
        outer()
    except DomainError:
        pass
    assert not in_transaction()
    db.session.remove()
    assert _count_submissions() == 0


def test_show_error_puts_messages_beside_fields_and_returns_the_rest(app):
    from wtforms import Form, StringField

    from outreach.domain import DomainError, InvalidDetails
    from outreach.web import show_error

    class Details(Form):
        name = StringField()
        email = StringField()

    form = Details()
    leftover = show_error(form, InvalidDetails([("name", "Enter a name"), (None, "Try again later"),
                                                ("name", "A second message for the same field")]))
    assert form.name.errors == ["Enter a name"] and leftover == "Try again later"
    form = Details()
    assert show_error(form, DomainError("Not a real field", field="phone"), fallback="email") is None
    assert form.email.errors == ["Not a real field"]
