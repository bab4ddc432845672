"""Sign-up, verification, sign-in, reset and change password, as a user meets them."""
from __future__ import annotations

import re
import statistics
import time
from datetime import timedelta

from sqlalchemy import select

from outreach import clock
from outreach.extensions import db
from outreach.jobs.runner import run_job
from outreach.models.accounts import User, UserSession
from outreach.models.audit import AuditEvent
from outreach.models.outbox import OutboxMessage
from tests.factories import PASSWORD, make_user, sign_in


def signup_data(**overrides):
    data = {
        "account_type": "applicant", "first_name": "Jordan", "last_name": "Lee", "email": "jordan@example.com",
        "password": "a long memorable passphrase", "dob_day": "3", "dob_month": "4", "dob_year": "2000",
        "postcode": "dt1 1aa",
    }
    data.update(overrides)
    return data


def deliver(app):
    with app.app_context():
        run_job("send_outbox")


def test_sign_up_sends_a_real_email_and_the_link_verifies(app, client, smtp):
    response = client.post("/account/sign-up", data=signup_data())
    assert response.status_code == 302
    assert "/account/check-email" in response.headers["Location"]
    deliver(app)
    [message] = smtp.wait_for("jordan@example.com")
    assert message["Subject"] == "Confirm your email for CareWays"
    assert message.get_body(("html",)) is not None
    link = smtp.link_in(message, "/account/verify/")
    assert client.get(link).status_code == 302
    with app.app_context():
        user = db.session.execute(select(User).where(User.email == "jordan@example.com")).scalar_one()
        assert user.is_verified
        assert user.postcode_sector == "DT1 1"  # only the sector is stored, never the full postcode
    again = client.get(link, follow_redirects=True)  # single use: a second click changes nothing, and says so
    assert again.status_code == 200 and "already confirmed" in again.get_data(as_text=True)


def test_sign_up_errors_are_shown_next_to_fields_and_input_is_kept(client):
    response = client.post("/account/sign-up", data=signup_data(email="not-an-email", postcode="XX99 9ZZZ",
                                                               dob_day="31", dob_month="2", first_name=""))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'href="#email"' in html and "Enter an email address like name@example.com" in html
    assert "Enter a real UK postcode" in html
    assert "Date of birth must be a real date" in html
    assert "Enter your first name" in html
    assert 'value="not-an-email"' in html  # what they typed is kept
    assert 'value="Lee"' in html


def test_pupil_must_be_14_to_17_and_applicant_16_plus(client):
    year = clock.today_uk().year
    too_young = client.post("/account/sign-up", data=signup_data(account_type="pupil", dob_year=str(year - 12)))
    assert "aged 14 and over" in too_young.get_data(as_text=True)
    adult_pupil = client.post("/account/sign-up", data=signup_data(account_type="pupil", dob_year=str(year - 25)))
    assert "choose an applicant account" in adult_pupil.get_data(as_text=True)
    young_applicant = client.post("/account/sign-up", data=signup_data(dob_year=str(year - 15)))
    assert "Choose a pupil account" in young_applicant.get_data(as_text=True)


def test_pupil_sign_up_needs_no_last_name(app, client):
    response = client.post("/account/sign-up", data=signup_data(account_type="pupil", last_name="",
                                                               dob_year=str(clock.today_uk().year - 15)))
    assert response.status_code == 302
    with app.app_context():
        user = db.session.execute(select(User)).scalar_one()
        assert user.account_type == "pupil" and user.is_minor


def test_common_and_short_passwords_are_refused_long_ones_accepted(client):
    for weak, message in (("password1234", "most common"), ("short", "at least 12"), ("careways2024", "easy to guess")):
        html = client.post("/account/sign-up", data=signup_data(password=weak)).get_data(as_text=True)
        assert message in html, weak
    long_password = "ü " * 40  # 80 characters, spaces and Unicode allowed, no composition rules
    assert client.post("/account/sign-up", data=signup_data(password=long_password)).status_code == 302


def test_existing_email_gets_the_same_page_and_an_email_not_a_hint(app, client, smtp):
    with app.app_context():
        make_user("applicant", "taken@example.com")
    first = client.post("/account/sign-up", data=signup_data(email="taken@example.com"))
    second = client.post("/account/sign-up", data=signup_data(email="fresh@example.com"))
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"].split("?")[0] == second.headers["Location"].split("?")[0]
    deliver(app)
    [notice] = smtp.wait_for("taken@example.com")
    assert "already have one" in smtp.text_of(notice)


def test_passwords_are_argon2id_at_or_above_the_asvs_minimum(app):
    from outreach.config import BaseConfig, ProductionConfig

    strength = ("ARGON2_TIME_COST", "ARGON2_MEMORY_COST", "ARGON2_PARALLELISM")
    assert all(getattr(ProductionConfig, k) == getattr(BaseConfig, k) for k in strength)
    app.config.update({k: getattr(ProductionConfig, k) for k in strength})  # tests hash cheaply; prove the real thing
    with app.app_context():
        user = make_user("applicant")
        match = re.match(r"^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$", user.password_hash)
        assert match, user.password_hash
        memory, time_cost, parallelism = map(int, match.groups())
        assert memory >= 19456 and time_cost >= 2 and parallelism >= 1


def test_password_is_not_truncated(app, client):
    long_password = "x" * 72 + "the end matters"
    with app.app_context():
        make_user("applicant", "long@example.com", password=long_password)
    assert sign_in(client, "long@example.com", "x" * 72 + "the end matterz").status_code == 200
    assert sign_in(client, "long@example.com", long_password).status_code == 302


def test_sign_in_error_is_the_same_for_unknown_email_and_wrong_password(app, client):
    with app.app_context():
        make_user("applicant", "known@example.com")
    unknown = client.post("/account/sign-in", data={"email": "nobody@example.com", "password": "whatever it is"})
    wrong = client.post("/account/sign-in", data={"email": "known@example.com", "password": "whatever it is"})
    assert unknown.status_code == wrong.status_code == 200
    def strip(response):
        html = re.sub(r'name="csrf_token"[^>]*', "", response.get_data(as_text=True))
        return html.replace("nobody@", "X@").replace("known@", "X@")

    assert strip(unknown) == strip(wrong)
    assert "The email or password is not right" in wrong.get_data(as_text=True)


def test_sign_in_takes_similar_time_whether_or_not_the_account_exists(app, client):
    with app.app_context():
        make_user("applicant", "timing@example.com")
        app.config["SIGNIN_MAX_FAILURES_PER_ACCOUNT"] = 1000
        app.config["SIGNIN_MAX_ATTEMPTS_PER_ADDRESS"] = 1000

    def timed(email):
        started = time.perf_counter()
        client.post("/account/sign-in", data={"email": email, "password": "wrong password here"})
        return time.perf_counter() - started

    known = statistics.median(timed("timing@example.com") for _ in range(7))
    unknown = statistics.median(timed(f"ghost{i}@example.com") for i in range(7))
    assert unknown / known > 0.5 and known / unknown < 3, (known, unknown)


def test_sign_in_is_throttled_per_account_across_addresses_and_unlocks_later(app, client):
    with app.app_context():
        make_user("applicant", "target@example.com")
    limit = app.config["SIGNIN_MAX_FAILURES_PER_ACCOUNT"]
    for i in range(limit):
        r = client.post("/account/sign-in", data={"email": "target@example.com", "password": "guess number %d" % i},
                        environ_base={"REMOTE_ADDR": f"10.0.0.{i + 1}"})
        assert r.status_code == 200
    blocked = client.post("/account/sign-in", data={"email": "target@example.com", "password": PASSWORD},
                          environ_base={"REMOTE_ADDR": "10.0.1.1"})
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)
    clock.freeze(clock.now() + timedelta(seconds=app.config["SIGNIN_WINDOW_SECONDS"] + 1))
    assert sign_in(client, "target@example.com").status_code == 302  # the lock is soft


def test_sign_in_is_throttled_per_address(app, client):
    app.config["SIGNIN_MAX_ATTEMPTS_PER_ADDRESS"] = 5
    for i in range(5):
        client.post("/account/sign-in", data={"email": f"p{i}@example.com", "password": "nope nope nope"})
    assert client.post("/account/sign-in", data={"email": "p9@example.com", "password": "x"}).status_code == 429


def test_sign_in_redirects_only_to_local_paths(app, client):
    with app.app_context():
        make_user("applicant", "next@example.com")
    assert sign_in(client, "next@example.com", next_url="https://evil.example/").headers["Location"] == "/dashboard"
    client.post("/account/sign-out")
    assert sign_in(client, "next@example.com", next_url="//evil.example").headers["Location"] == "/dashboard"
    client.post("/account/sign-out")
    assert sign_in(client, "next@example.com",
                   next_url="/account/change-password").headers["Location"] == "/account/change-password"


def test_signing_out_makes_a_copied_session_cookie_useless(app, client):
    with app.app_context():
        make_user("applicant", "replay@example.com")
    sign_in(client, "replay@example.com")
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    assert client.get("/dashboard").status_code == 200
    client.post("/account/sign-out")
    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    assert thief.get("/dashboard").status_code == 302


def test_changing_password_ends_every_session_including_copies(app, client):
    with app.app_context():
        make_user("applicant", "change@example.com")
    other_device = app.test_client()
    sign_in(other_device, "change@example.com")
    sign_in(client, "change@example.com")
    copied = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    response = client.post("/account/change-password", data={
        "current_password": PASSWORD, "password": "a brand new passphrase", "confirm": "a brand new passphrase"})
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 200  # this browser carries on with a new session
    assert other_device.get("/dashboard").status_code == 302
    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], copied)
    assert thief.get("/dashboard").status_code == 302
    assert sign_in(app.test_client(), "change@example.com", "a brand new passphrase").status_code == 302


def test_change_password_needs_the_current_one(app, client):
    with app.app_context():
        make_user("applicant", "cur@example.com")
    sign_in(client, "cur@example.com")
    html = client.post("/account/change-password", data={
        "current_password": "wrong wrong wrong", "password": "a brand new passphrase",
        "confirm": "a brand new passphrase"}).get_data(as_text=True)
    assert "Your current password is not right" in html


def test_sessions_expire_when_idle(app, client):
    with app.app_context():
        make_user("applicant", "idle@example.com")
    sign_in(client, "idle@example.com")
    clock.freeze(clock.now() + app.config["SESSION_IDLE_TIMEOUT"] + timedelta(minutes=1))
    assert client.get("/dashboard").status_code == 302


def test_disabled_account_loses_its_session(app, client):
    with app.app_context():
        user_id = make_user("applicant", "disabled@example.com").id
    sign_in(client, "disabled@example.com")
    with app.app_context():
        db.session.get(User, user_id).is_disabled = True
        db.session.commit()
    assert client.get("/dashboard").status_code == 302


def test_password_reset_by_email_is_single_use_and_expires(app, client, smtp):
    with app.app_context():
        make_user("applicant", "reset@example.com")
    same_for_unknown = client.post("/account/forgot-password", data={"email": "ghost@example.com"},
                                   follow_redirects=True)
    response = client.post("/account/forgot-password", data={"email": "reset@example.com"}, follow_redirects=True)
    assert response.status_code == same_for_unknown.status_code == 200
    deliver(app)
    assert smtp.to("ghost@example.com") == []
    [message] = smtp.wait_for("reset@example.com")
    link = smtp.link_in(message, "/account/reset-password/")
    token = link.rsplit("/", 1)[1]
    assert len(token) >= 43  # 256 random bits
    bad = client.post(link, data={"password": "short", "confirm": "short"})
    assert "at least 12" in bad.get_data(as_text=True)
    ok = client.post(link, data={"password": "my new reset passphrase", "confirm": "my new reset passphrase"})
    assert ok.status_code == 302
    assert client.get(link).status_code == 400
    assert sign_in(client, "reset@example.com", "my new reset passphrase").status_code == 302
    # A second link expires after its lifetime.
    client.post("/account/sign-out")
    client.post("/account/forgot-password", data={"email": "reset@example.com"})
    deliver(app)
    second = smtp.link_in(smtp.wait_for("reset@example.com", 2)[-1], "/account/reset-password/")
    clock.freeze(clock.now() + app.config["RESET_TOKEN_LIFETIME"] + timedelta(seconds=1))
    assert client.get(second).status_code == 400


def test_reset_ends_existing_sessions(app, client, smtp):
    with app.app_context():
        make_user("applicant", "resetsess@example.com")
    sign_in(client, "resetsess@example.com")
    fresh = app.test_client()
    fresh.post("/account/forgot-password", data={"email": "resetsess@example.com"})
    deliver(app)
    link = smtp.link_in(smtp.wait_for("resetsess@example.com")[0], "/account/reset-password/")
    fresh.post(link, data={"password": "another good passphrase", "confirm": "another good passphrase"})
    assert client.get("/dashboard").status_code == 302
    with app.app_context():
        assert db.session.execute(select(UserSession)).first() is None


def test_sign_in_and_failures_are_audited_without_passwords(app, client):
    with app.app_context():
        make_user("applicant", "audit@example.com")
    client.post("/account/sign-in", data={"email": "audit@example.com", "password": "not my password"})
    sign_in(client, "audit@example.com")
    with app.app_context():
        events = db.session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars().all()
        actions = [e.action for e in events]
        assert "signin.failed" in actions and "signin.succeeded" in actions
        assert all(PASSWORD not in str(e.detail) and "not my password" not in str(e.detail) for e in events)


def test_resend_verification_queues_a_new_link(app, client):
    with app.app_context():
        make_user("applicant", "unverified@example.com", verified=False)
    sign_in(client, "unverified@example.com")
    assert "Please confirm your email address" in client.get("/dashboard").get_data(as_text=True)
    client.post("/account/verify")
    with app.app_context():
        assert db.session.execute(select(OutboxMessage).where(OutboxMessage.template == "verify_email")).first()
