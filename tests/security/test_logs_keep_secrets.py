"""A database error inside a request logs the statement, never its parameters or the form's values.

A second app (same database) gets one extra route that saves an account whose email is
already taken, from a form full of personal details: a real unique violation on either
engine, reaching Flask's error logging. Everything is captured at DEBUG, which also turns
on SQLAlchemy's statement logging, so that is checked too.
"""
from __future__ import annotations

import logging

from flask import request

from outreach import config, create_app
from outreach.accounts import service as accounts
from outreach.extensions import db
from outreach.forms import parse_date_parts
from outreach.geo import Place
from outreach.permissions import access
from tests.factories import make_user

PERSON = {"email": "kezia.walters@example.com", "first_name": "Kezia", "last_name": "Quennell-Walters",
          "dob_day": "27", "dob_month": "3", "dob_year": "2009", "postcode": "DT1 9ZZ",
          "password": "violet-lantern-harbour-42"}


def _app_with_a_failing_save():
    app = create_app(config.TestConfig)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer 500 and log, as production does

    @app.post("/test-only/save-twice")
    @access("anyone")
    def save_twice():
        form = request.form
        accounts.create_user(
            account_type="pupil", email=form["email"], password=form["password"], first_name=form["first_name"],
            last_name=form["last_name"], place=Place(form["postcode"], "DT1 9", "DT1", 50.7, -2.4, "sector"),
            date_of_birth=parse_date_parts(form["dob_day"], form["dob_month"], form["dob_year"]))
        db.session.commit()
        return "saved"

    return app


def test_a_database_error_in_a_request_logs_no_personal_details(app, caplog):
    with app.app_context():
        make_user("pupil", PERSON["email"], age=15)
    failing = _app_with_a_failing_save()
    with failing.app_context():
        password_hash_start = accounts.hash_password(PERSON["password"])[:9]  # "$argon2id"
    client = failing.test_client()
    caplog.set_level(logging.DEBUG)
    response = client.post("/test-only/save-twice", data={**PERSON, "csrf_token": _token(failing, client)})
    assert response.status_code == 500
    logged = "\n".join(record.getMessage() + "\n" + (logging.Formatter().formatException(record.exc_info)
                                                       if record.exc_info else "") for record in caplog.records)
    assert "IntegrityError" in logged or "UniqueViolation" in logged  # the error itself is logged
    for secret in (PERSON["email"], PERSON["first_name"], PERSON["last_name"], PERSON["password"], "2009-03-27",
                   "2009, 3, 27", "DT1 9", password_hash_start):
        assert secret not in logged, f"the log holds {secret!r}"
    with failing.app_context():
        db.engine.dispose()


def _token(app, client) -> str:
    from tests.client import csrf_token_from

    token = csrf_token_from(client.get("/report-a-concern").get_data(as_text=True))
    assert token
    return token
