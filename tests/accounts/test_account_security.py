"""Account hardening: reset links end together, reset mail is limited per account, password guesses
on signed-in pages are limited, a locked-out owner can get in by an emailed link, and the CSRF token
changes at sign-in."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from outreach import clock
from outreach.extensions import db
from outreach.jobs.runner import run_job
from outreach.models.accounts import EmailToken, User
from outreach.models.audit import AuditEvent
from outreach.models.outbox import OutboxMessage
from tests.client import csrf_token_from
from tests.factories import PASSWORD, make_member, make_organisation, make_user, sign_in

NEW = "a brand new passphrase"


def deliver(app):
    with app.app_context():
        run_job("send_outbox")


def reset_links(app, client, smtp, email: str, count: int) -> list[str]:
    for _ in range(count):
        client.post("/account/forgot-password", data={"email": email})
    deliver(app)
    return [smtp.link_in(m, "/account/reset-password/") for m in smtp.wait_for(email, count)]


def queued(app, template: str, to: str | None = None) -> int:
    with app.app_context():
        query = select(func.count()).select_from(OutboxMessage).where(OutboxMessage.template == template)
        if to:
            query = query.where(OutboxMessage.to_address == to)
        return db.session.execute(query).scalar()


def actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.execute(select(AuditEvent.action).order_by(AuditEvent.id)).scalars())


def without_tokens(html: str) -> str:
    return re.sub(r'name="csrf_token"[^>]*', "", html)


# --- 1. every outstanding reset link ends with a reset or a change ------------------------------

def test_a_reset_ends_every_other_outstanding_reset_link(app, client, smtp):
    with app.app_context():
        make_user("applicant", "links@example.com")
    first, second = reset_links(app, client, smtp, "links@example.com", 2)
    assert client.post(second, data={"password": NEW, "confirm": NEW}).status_code == 302
    assert client.get(first).status_code == 400
    assert client.post(first, data={"password": "an attacker passphrase", "confirm": "an attacker passphrase"}
                       ).status_code == 400
    assert sign_in(app.test_client(), "links@example.com", NEW).status_code == 302


def test_changing_the_password_ends_every_outstanding_reset_link(app, client, smtp):
    with app.app_context():
        make_user("applicant", "change-links@example.com")
    [link] = reset_links(app, app.test_client(), smtp, "change-links@example.com", 1)
    sign_in(client, "change-links@example.com")
    assert client.post("/account/change-password", data={
        "current_password": PASSWORD, "password": NEW, "confirm": NEW}).status_code == 302
    assert app.test_client().get(link).status_code == 400


# --- 2. reset email is limited per account too, with the same answer ----------------------------

def test_reset_emails_are_limited_per_account_from_any_address_with_the_same_page(app, client):
    app.config["RESET_MAX_PER_ACCOUNT"] = 3
    with app.app_context():
        make_user("applicant", "victim@example.com")
    pages = []
    for i in range(8):
        response = client.post("/account/forgot-password", data={"email": "Victim@Example.com"},
                               environ_base={"REMOTE_ADDR": f"10.1.0.{i + 1}"}, follow_redirects=True)
        assert response.status_code == 200
        pages.append(without_tokens(response.get_data(as_text=True)))
    assert queued(app, "reset_password", "victim@example.com") == 3
    ghost = client.post("/account/forgot-password", data={"email": "Victim@Example.com".replace("Victim", "Ghost")},
                        environ_base={"REMOTE_ADDR": "10.1.1.1"}, follow_redirects=True)
    assert len(set(pages)) == 1
    assert without_tokens(ghost.get_data(as_text=True)).replace("Ghost@", "Victim@") == pages[0]


# --- 3. guessing the current password on signed-in pages is limited and audited ----------------

def _guess_change(client, password):
    return client.post("/account/change-password", data={"current_password": password, "password": NEW,
                                                         "confirm": NEW})


def _guess_delete(client, password):
    return client.post("/account/delete", data={"password": password})


def test_current_password_guesses_are_limited_per_account_on_change_and_delete(app):
    app.config["SIGNIN_MAX_FAILURES_PER_ACCOUNT"] = 4
    for number, guess in enumerate((_guess_change, _guess_delete)):
        email = f"guessed{number}@example.com"
        with app.app_context():
            make_user("applicant", email)
        limit = app.config["SIGNIN_MAX_FAILURES_PER_ACCOUNT"]
        # The count is per account: a second browser of the same account adds to it.
        browsers = [app.test_client(), app.test_client()]
        for browser in browsers:
            sign_in(browser, email)
        for i in range(limit):
            html = guess(browsers[i % 2], f"wrong guess number {i}").get_data(as_text=True)
            assert "not right" in html
        blocked = guess(browsers[0], PASSWORD)
        html = blocked.get_data(as_text=True)
        assert blocked.status_code == 429, guess.__name__
        assert "Too many wrong passwords" in html and 'href="#' in html  # beside the field, in the summary
        with app.app_context():
            user = db.session.execute(select(User).where(User.email == email)).scalar_one()
            assert not user.is_disabled
        clock.freeze(clock.now() + timedelta(seconds=app.config["SIGNIN_WINDOW_SECONDS"] + 1))
        assert guess(browsers[0], PASSWORD).status_code == 302  # the lock is soft
        clock.freeze(None)
    assert actions(app).count("password.check_failed") == 2 * app.config["SIGNIN_MAX_FAILURES_PER_ACCOUNT"]
    assert actions(app).count("password.check_limited") == 2


# --- 4. a locked-out owner can still get in with an emailed one-time link -----------------------

def _lock_out(app, email):
    limit = app.config["SIGNIN_MAX_FAILURES_PER_ACCOUNT"]
    for i in range(limit):
        app.test_client().post("/account/sign-in", data={"email": email, "password": f"attacker guess {i}"},
                               environ_base={"REMOTE_ADDR": f"10.9.0.{i + 1}"})


def test_locked_out_owner_is_offered_a_sign_in_link_and_it_signs_them_in_once(app, client, smtp):
    with app.app_context():
        make_user("applicant", "owner@example.com")
    _lock_out(app, "owner@example.com")
    locked = sign_in(client, "owner@example.com")
    html = locked.get_data(as_text=True)
    assert locked.status_code == 429 and "Email me a sign-in link" in html
    sent = client.post("/account/sign-in-link", data={"email": "owner@example.com"}, follow_redirects=True)
    assert sent.status_code == 200 and "Check your email" in sent.get_data(as_text=True)
    deliver(app)
    [message] = smtp.wait_for("owner@example.com")
    link = smtp.link_in(message, "/account/sign-in-link/")
    assert len(link.rsplit("/", 1)[1]) >= 43  # 256 random bits
    with app.app_context():
        stored = db.session.execute(select(EmailToken.token_hash).where(EmailToken.purpose == "signin")).scalar_one()
        assert link.rsplit("/", 1)[1] not in stored and len(stored) == 64  # only the SHA-256 hash
    before = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    page = client.get(link)
    assert page.status_code == 200 and client.get("/dashboard").status_code == 302  # a GET signs no one in
    used = client.post(link)
    assert used.status_code == 302
    assert client.get("/dashboard").status_code == 200
    assert client.get_cookie(app.config["SESSION_COOKIE_NAME"]) != before
    assert "signin.link_used" in actions(app)
    other = app.test_client()
    assert other.post(link).status_code == 400  # single use
    assert other.get("/dashboard").status_code == 302


def test_sign_in_link_expires_and_ends_when_the_password_changes(app, client, smtp):
    with app.app_context():
        make_user("applicant", "expiry@example.com")
    client.post("/account/sign-in-link", data={"email": "expiry@example.com"})
    client.post("/account/sign-in-link", data={"email": "expiry@example.com"})
    deliver(app)
    first, second = [smtp.link_in(m, "/account/sign-in-link/") for m in smtp.wait_for("expiry@example.com", 2)]
    clock.freeze(clock.now() + app.config["SIGNIN_LINK_LIFETIME"] + timedelta(seconds=1))
    assert client.post(first).status_code == 400
    clock.freeze(None)
    signed_in = app.test_client()
    sign_in(signed_in, "expiry@example.com")
    signed_in.post("/account/change-password", data={"current_password": PASSWORD, "password": NEW, "confirm": NEW})
    assert client.post(second).status_code == 400
    assert client.get("/dashboard").status_code == 302


def test_asking_for_a_sign_in_link_gives_one_answer_and_is_limited(app, client):
    app.config["SIGNIN_LINK_MAX_PER_ACCOUNT"] = 2
    with app.app_context():
        make_user("applicant", "asker@example.com")
        organisation = make_organisation()
        disabled = make_member(organisation, "staff", "disabled-member@example.com")
        disabled.is_disabled = True
        db.session.commit()
    pages = set()
    for email in ("asker@example.com", "asker@example.com", "asker@example.com", "nobody@example.com",
                  "disabled-member@example.com"):
        response = client.post("/account/sign-in-link", data={"email": email}, follow_redirects=True)
        assert response.status_code == 200
        pages.add(without_tokens(response.get_data(as_text=True)).replace(email, "EMAIL"))
    assert len(pages) == 1
    assert queued(app, "sign_in_link", "asker@example.com") == 2
    assert queued(app, "sign_in_link") == 2
    app.config["SIGNIN_LINK_MAX_PER_ADDRESS"] = 6
    assert client.post("/account/sign-in-link", data={"email": "x@example.com"}).status_code == 302
    assert client.post("/account/sign-in-link", data={"email": "y@example.com"}).status_code == 429


def test_a_disabled_account_cannot_use_a_sign_in_link(app, client, smtp):
    with app.app_context():
        user_id = make_user("applicant", "gone@example.com").id
    client.post("/account/sign-in-link", data={"email": "gone@example.com"})
    deliver(app)
    link = smtp.link_in(smtp.wait_for("gone@example.com")[0], "/account/sign-in-link/")
    with app.app_context():
        db.session.get(User, user_id).is_disabled = True
        db.session.commit()
    assert client.post(link).status_code == 400
    assert client.get("/dashboard").status_code == 302


# --- 5. the CSRF token changes at sign-in ------------------------------------------------------

def _token_from(client, path):
    return csrf_token_from(client.get(path).get_data(as_text=True))


def test_a_csrf_token_from_before_sign_in_is_refused_after_it(app, client):
    with app.app_context():
        make_user("applicant", "fixation@example.com")
    before = _token_from(client, "/account/sign-in")
    response = client.post("/account/sign-in", data={"email": "fixation@example.com", "password": PASSWORD,
                                                     "csrf_token": before})
    assert response.status_code == 302
    after = _token_from(client, "/account/change-password")
    assert after and after != before
    refused = client.post("/account/sign-out", data={"csrf_token": before}, csrf=False)
    assert client.get("/dashboard").status_code == 200  # the old token did not sign us out
    assert client.post("/account/sign-out", data={"csrf_token": after}, csrf=False).status_code == 302
    assert client.get("/dashboard").status_code == 302
    assert refused.status_code in (302, 400)


def test_a_csrf_token_from_before_a_sign_in_link_is_refused_after_it(app, client, smtp):
    with app.app_context():
        make_user("applicant", "fixlink@example.com")
    client.post("/account/sign-in-link", data={"email": "fixlink@example.com"})
    deliver(app)
    link = smtp.link_in(smtp.wait_for("fixlink@example.com")[0], "/account/sign-in-link/")
    before = _token_from(client, link)
    assert client.post(link, data={"csrf_token": before}, csrf=False).status_code == 302
    assert client.get("/dashboard").status_code == 200
    client.post("/account/sign-out", data={"csrf_token": before}, csrf=False)
    assert client.get("/dashboard").status_code == 200
