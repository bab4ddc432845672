"""Control characters from outside (NUL and the rest of C0 but tab, newline and carriage return)
are stripped silently wherever text comes in: every form field, every query-string and form value,
and so the JSON API. PostgreSQL refuses NUL in text, so one missed path was a 500."""
from __future__ import annotations

import importlib
import inspect
import pkgutil

from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from wtforms import Form

import outreach
from outreach.extensions import db
from outreach.forms import BaseForm
from outreach.models.accounts import User
from outreach.models.organisations import Organisation
from outreach.untrusted_text import clean_text
from tests.accounts.test_accounts import signup_data
from tests.applications.factories import apply_for, make_applicant
from tests.applications.test_applications_shortlist import recruiter_client, setup_provider
from tests.foundation.test_organisations import provider_data

HOSTILE = "a\x00b\x01c\x1fd\x7f\te\nf\rg"
CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r"}


def outreach_form_classes() -> list[type]:
    for module in pkgutil.walk_packages(outreach.__path__, "outreach."):
        importlib.import_module(module.name)
    found, stack = [], [Form]
    while stack:
        for subclass in stack.pop().__subclasses__():
            stack.append(subclass)
            if subclass.__module__.startswith("outreach.") and subclass is not BaseForm:
                found.append(subclass)
    return found


def test_the_filter_keeps_tabs_and_line_breaks_and_drops_other_control_characters():
    assert clean_text(HOSTILE) == "abcd\x7f\te\nf\rg"
    assert clean_text("plain text, ünïcödé ✓") == "plain text, ünïcödé ✓"
    assert clean_text(["x\x00", "y"]) == ["x", "y"]
    assert clean_text(None) is None and clean_text(5) == 5


def test_every_form_in_the_app_inherits_the_base_form():
    classes = outreach_form_classes()
    assert len(classes) > 20
    strays = [f"{c.__module__}.{c.__name__}" for c in classes if not issubclass(c, BaseForm)]
    assert not strays, f"forms must inherit outreach.forms.BaseForm: {strays}"


def test_no_form_field_keeps_a_control_character(app):
    """Every field of every form, filled with hostile text, holds none of it afterwards."""
    leaks = []
    with app.test_request_context(method="POST"):
        for form_class in outreach_form_classes():
            needed = {name: {} for name, p in inspect.signature(form_class.__init__).parameters.items()
                      if p.kind is p.KEYWORD_ONLY and p.default is p.empty}
            names = [field.name for field in form_class(formdata=MultiDict(), **needed)]
            form = form_class(formdata=MultiDict({name: HOSTILE for name in names}), **needed)
            for field in form:
                values = field.data if isinstance(field.data, list) else [field.data]
                if any(isinstance(v, str) and CONTROL & set(v) for v in values):
                    leaks.append(f"{form_class.__name__}.{field.name}")
    assert not leaks, leaks


def test_query_strings_and_raw_form_values_are_cleaned_for_every_view(app):
    with app.test_request_context("/?q=a%00b%01c&k%00ey=v", method="POST", data={"name": "x\x00y\x02z"}):
        from flask import request

        assert request.args["q"] == "abc" and request.args["key"] == "v"
        assert request.form["name"] == "xyz" and request.values["q"] == "abc"


def test_anonymous_sign_up_with_nul_bytes_is_stored_without_them(app, client):
    response = client.post("/account/sign-up", data=signup_data(first_name="Jor\x00dan", last_name="L\x00ee\x01"))
    assert response.status_code == 302
    with app.app_context():
        user = db.session.execute(select(User).where(User.email == "jordan@example.com")).scalar_one()
        assert (user.first_name, user.last_name) == ("Jordan", "Lee")


def test_provider_registration_with_nul_bytes_is_stored_without_them(app, client):
    response = client.post("/providers/register", data=provider_data(name="Sunny\x00 Meadows", first_name="Pri\x00ya"))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.execute(select(Organisation.name)).scalar_one() == "Sunny Meadows"


def test_a_note_with_nul_bytes_is_saved_without_them(app):
    _organisation, _recruiter, vacancy_id, _ = setup_provider(app)
    with app.app_context():
        from outreach.vacancies.service import public_vacancy

        application = apply_for(make_applicant("one@example.com"), public_vacancy(vacancy_id)).public_id
    client = recruiter_client(app)
    response = client.post(f"/shortlists/applications/{application}/notes", data={"body": "Kind\x00 and calm\x1b"})
    assert response.status_code == 302
    assert "Kind and calm" in client.get(f"/shortlists/applications/{application}").get_data(as_text=True)


def test_the_json_api_cleans_its_query_parameters(client):
    response = client.get("/api/v1/opportunities", query_string={"kind": "virt\x00ual", "postcode": "DT1\x00 1AA"})
    assert response.status_code == 200, response.get_json()


def test_control_characters_in_a_url_part_are_not_found(client):
    for path in ("/tasters/a%00b", "/vacancies/%00", "/careers/care%00worker", "/tasters/%01x"):
        assert client.get(path).status_code == 404, path
