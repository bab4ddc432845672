"""Mistakes can be undone on tasters: deleting a draft (never a published one or one with
sign-ups), adding a weekly run of sessions at once, and a pupil correcting their parent's or
guardian's email before anyone has answered. SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from outreach import clock, ratelimit
from outreach.extensions import db
from outreach.models.audit import AuditEvent
from outreach.models.opportunities import Opportunity, RiskAssessment, TasterSession
from outreach.models.signups import GuardianConsent
from outreach.organisations.standing import OrganisationNotActive
from outreach.tasters import consent as consents
from outreach.tasters import posting
from outreach.tasters.errors import ConsentLinkInvalid, NotAllowed, NotEligible, TasterError
from tests.factories import make_member, sign_in
from tests.tasters.factories import (
    MONDAY_10AM,
    book,
    consent_token,
    make_provider,
    make_taster,
    make_visitor,
    outbox,
    signup_of,
)


def _count(model, *where) -> int:
    return db.session.execute(select(func.count()).select_from(model).where(*where)).scalar()


def _actions(action: str) -> list[AuditEvent]:
    return list(db.session.execute(select(AuditEvent).where(AuditEvent.action == action)).scalars())


# --- deleting drafts ------------------------------------------------------------------------------

def test_a_draft_is_deleted_with_its_sessions_and_risk_assessment_and_audited(app):
    with app.app_context():
        organisation, recruiter = make_provider()
        draft = make_taster(organisation, recruiter, status="draft", sessions=((7, 3), (14, 3)))
        assert posting.delete_draft(draft, recruiter) == "Buddy shift in the lounge"
        assert _count(Opportunity) == _count(TasterSession) == _count(RiskAssessment) == 0
        event = _actions("taster.draft_deleted")[0]
        assert event.actor_id == recruiter.id and event.detail["title"] == "Buddy shift in the lounge"


def test_published_or_pending_tasters_and_drafts_with_sign_ups_are_never_deleted(app):
    with app.app_context():
        organisation, recruiter = make_provider()
        published = make_taster(organisation, recruiter, title="Published buddy shift")
        with pytest.raises(NotAllowed) as refused:
            posting.delete_draft(published, recruiter)
        assert "closed instead" in refused.value.message
        pending = make_taster(organisation, recruiter, status="pending", title="Pending buddy shift")
        with pytest.raises(NotAllowed):
            posting.delete_draft(pending, recruiter)
        book(make_visitor(age=17, email="pupil@example.com"), published.sessions[0])
        published.status = "draft"  # sent back for changes after sign-ups: still kept
        db.session.commit()
        with pytest.raises(NotAllowed):
            posting.delete_draft(published, recruiter)
        db.session.rollback()
        assert _count(Opportunity) == 2 and not _actions("taster.draft_deleted")


def test_a_suspended_provider_cannot_delete_a_draft(app):
    with app.app_context():
        organisation, recruiter = make_provider()
        draft = make_taster(organisation, recruiter, status="draft")
        organisation.status = "suspended"
        db.session.commit()
        with pytest.raises(OrganisationNotActive):
            posting.delete_draft(draft, recruiter)
        assert _count(Opportunity) == 1


def test_the_delete_page_confirms_first_and_guards_other_providers_and_staff(app, client):
    with app.app_context():
        organisation, recruiter = make_provider(email="rec@a.example")
        make_member(organisation, "staff", "staff@a.example")
        draft = make_taster(organisation, recruiter, status="draft")
        other, _ = make_provider("Trent Valley", "ST16 2AB", email="rec@b.example")
        draft_id = draft.public_id
    sign_in(client, "rec@b.example")
    assert client.get(f"/tasters/manage/{draft_id}/delete").status_code == 404
    assert client.post(f"/tasters/manage/{draft_id}/delete").status_code == 404
    client.post("/account/sign-out")
    sign_in(client, "staff@a.example")
    assert client.post(f"/tasters/manage/{draft_id}/delete").status_code == 403
    client.post("/account/sign-out")
    sign_in(client, "rec@a.example")
    assert f"/tasters/manage/{draft_id}/delete" in client.get(f"/tasters/manage/{draft_id}").get_data(as_text=True)
    confirm = client.get(f"/tasters/manage/{draft_id}/delete")
    assert confirm.status_code == 200 and "Yes, delete the draft" in confirm.get_data(as_text=True)
    with app.app_context():
        assert _count(Opportunity) == 1  # nothing happens until the button is pressed
    deleted = client.post(f"/tasters/manage/{draft_id}/delete")
    assert deleted.status_code == 302 and deleted.headers["Location"].endswith("/tasters/manage/")
    assert "Draft deleted" in client.get("/tasters/manage/").get_data(as_text=True)
    with app.app_context():
        assert _count(Opportunity) == 0


def test_a_published_taster_page_offers_no_delete_and_the_post_is_refused(app, client):
    with app.app_context():
        organisation, recruiter = make_provider(email="rec@a.example")
        taster_id = make_taster(organisation, recruiter).public_id
    sign_in(client, "rec@a.example")
    manage = client.get(f"/tasters/manage/{taster_id}").get_data(as_text=True)
    assert f"/tasters/manage/{taster_id}/delete" not in manage
    page = client.get(f"/tasters/manage/{taster_id}/delete").get_data(as_text=True)
    assert "Yes, delete the draft" not in page and "Close it instead" in page
    refused = client.post(f"/tasters/manage/{taster_id}/delete")
    assert refused.status_code == 302
    assert "Only a draft can be deleted" in client.get(refused.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert _count(Opportunity) == 1


# --- a weekly run of sessions -----------------------------------------------------------------------

def _weekly_form(date="2026-03-07", weeks="6", **changes):
    data = {"date": date, "starts": "10:00", "ends": "13:00", "places": "4", "supervisor_name": "Sam Reid",
            "repeat_weeks": weeks}
    data.update(changes)
    return data


def test_every_saturday_for_six_weeks_keeps_the_uk_time_across_the_clock_change(app, client):
    with app.app_context():
        organisation, recruiter = make_provider(email="rec@a.example")
        taster_id = make_taster(organisation, recruiter, status="draft", sessions=()).public_id
    sign_in(client, "rec@a.example")
    added = client.post(f"/tasters/manage/{taster_id}/sessions", data=_weekly_form())
    assert added.status_code == 302
    assert "6 sessions added." in client.get(added.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        starts = db.session.execute(select(TasterSession.starts_at).order_by(TasterSession.starts_at)).scalars().all()
        uk = [clock.to_uk(s) for s in starts]
        assert [d.date().isoformat() for d in uk] == ["2026-03-07", "2026-03-14", "2026-03-21", "2026-03-28",
                                                      "2026-04-04", "2026-04-11"]
        assert {d.strftime("%A %H:%M") for d in uk} == {"Saturday 10:00"}  # BST starts on 29 March
        assert len(_actions("taster.session_added")) == 6


def test_weeks_already_there_are_skipped_and_all_there_is_a_clear_message(app):
    with app.app_context():
        organisation, recruiter = make_provider()
        taster = make_taster(organisation, recruiter, status="draft", sessions=())
        first = MONDAY_10AM + timedelta(days=5)
        weekly = [(first + timedelta(weeks=w), first + timedelta(weeks=w, hours=3)) for w in range(3)]
        posting.add_sessions(taster, recruiter, times=weekly[1:2], places_count=4, supervisor="Sam Reid")
        added = posting.add_sessions(taster, recruiter, times=weekly, places_count=4, supervisor="Sam Reid")
        assert (len(added.sessions), added.skipped) == (2, 1)
        assert _count(TasterSession) == 3
        with pytest.raises(TasterError) as again:
            posting.add_sessions(taster, recruiter, times=weekly, places_count=4, supervisor="Sam Reid")
        assert "already has a session at that time" in again.value.message
        assert _count(TasterSession) == 3


def test_a_weekly_run_is_all_or_nothing_and_capped(app, client):
    with app.app_context():
        organisation, recruiter = make_provider(email="rec@a.example")
        taster_id = make_taster(organisation, recruiter, status="draft", sessions=()).public_id
    sign_in(client, "rec@a.example")
    too_many = client.post(f"/tasters/manage/{taster_id}/sessions", data=_weekly_form(weeks="13"))
    assert "Repeat for between 1 and 12 weeks" in too_many.get_data(as_text=True)
    words = client.post(f"/tasters/manage/{taster_id}/sessions", data=_weekly_form(weeks="six"))
    page = words.get_data(as_text=True)
    assert "Enter the number of weeks as a whole number, like 6" in page and 'value="six"' in page
    past = client.post(f"/tasters/manage/{taster_id}/sessions", data=_weekly_form(date="2026-03-01"))
    assert "The session must start in the future" in past.get_data(as_text=True)
    # The first week is in range but the last would be more than a year ahead: nothing is added.
    late = client.post(f"/tasters/manage/{taster_id}/sessions", data=_weekly_form(date="2027-02-20", weeks="4"))
    assert "too far ahead" in late.get_data(as_text=True)
    with app.app_context():
        assert _count(TasterSession) == 0
    one = client.post(f"/tasters/manage/{taster_id}/sessions", data=_weekly_form(weeks=""))
    assert one.status_code == 302
    assert "Session added." in client.get(one.headers["Location"]).get_data(as_text=True)


def test_sessions_cannot_be_added_by_staff_another_provider_or_a_suspended_one(app, client):
    with app.app_context():
        organisation, recruiter = make_provider(email="rec@a.example")
        make_member(organisation, "staff", "staff@a.example")
        taster = make_taster(organisation, recruiter, status="draft", sessions=())
        taster_id = taster.public_id
        make_provider("Trent Valley", "ST16 2AB", email="rec@b.example")
    sign_in(client, "staff@a.example")
    assert client.post(f"/tasters/manage/{taster_id}/sessions", data=_weekly_form()).status_code == 403
    client.post("/account/sign-out")
    sign_in(client, "rec@b.example")
    assert client.post(f"/tasters/manage/{taster_id}/sessions", data=_weekly_form()).status_code == 404
    client.post("/account/sign-out")
    with app.app_context():
        db.session.merge(organisation).status = "suspended"
        db.session.commit()
    sign_in(client, "rec@a.example")
    assert client.post(f"/tasters/manage/{taster_id}/sessions", data=_weekly_form()).status_code == 403
    with app.app_context():
        assert _count(TasterSession) == 0


# --- correcting the guardian's email ----------------------------------------------------------------

def _pupil_waiting_for_consent(typo="parnet@home.example"):
    organisation, recruiter = make_provider()
    taster = make_taster(organisation, recruiter)
    pupil = make_visitor(age=15, email="pupil@example.com")
    signup = book(pupil, taster.sessions[0], guardian_email=typo)
    assert signup.status == "pending_consent"
    return pupil, signup


def test_a_pupil_corrects_the_email_the_request_goes_again_and_the_old_link_stops(app):
    with app.app_context():
        pupil, signup = _pupil_waiting_for_consent()
        old_link = consent_token("parnet@home.example")
        clock.freeze(MONDAY_10AM + timedelta(minutes=5))
        assert consents.change_guardian_email(pupil, signup, "parent@home.example") is True
        assert db.session.get(GuardianConsent, signup.consent.id).guardian_email == "parent@home.example"
        assert len(outbox("parent@home.example", "taster_consent_request")) == 1
        with pytest.raises(ConsentLinkInvalid):
            consents.for_token(old_link)
        consents.decide(consent_token("parent@home.example"), "consented")
        event = _actions("taster.guardian_email_changed")[0]
        assert event.actor_id == pupil.id and event.detail == {"resent": True, "minor": True}
        assert "home.example" not in str(event.detail)


def test_the_pupils_own_inbox_is_still_refused(app):
    with app.app_context():
        pupil, signup = _pupil_waiting_for_consent()
        with pytest.raises(NotEligible) as own:
            consents.change_guardian_email(pupil, signup, "Pupil+mum@Example.com")
        assert own.value.field == "guardian_email" and "not your own" in own.value.message
        with pytest.raises(NotEligible):
            consents.change_guardian_email(pupil, signup, "parnet@home.example")  # the same as before


def test_once_the_guardian_has_answered_the_email_cannot_change(app):
    with app.app_context():
        pupil, signup = _pupil_waiting_for_consent("parent@home.example")
        consents.decide(consent_token("parent@home.example"), "consented")
        with pytest.raises(NotAllowed) as answered:
            consents.change_guardian_email(pupil, signup_of(pupil), "other@home.example")
        assert "already answered" in answered.value.message


def test_only_the_pupil_themselves_may_change_it(app):
    with app.app_context():
        pupil, signup = _pupil_waiting_for_consent()
        someone = make_visitor(age=15, email="someone@example.com")
        with pytest.raises(NotAllowed):
            consents.change_guardian_email(someone, signup, "attacker@evil.example")
        db.session.rollback()
        assert db.session.get(GuardianConsent, signup.consent.id).guardian_email == "parnet@home.example"


def test_changes_are_rate_limited(app):
    with app.app_context():
        pupil, signup = _pupil_waiting_for_consent()
        for index in range(consents.GUARDIAN_EMAIL_CHANGES.max_count):
            clock.freeze(MONDAY_10AM + timedelta(minutes=index + 1))
            consents.change_guardian_email(pupil, signup_of(pupil), f"parent{index}@home.example")
        with pytest.raises(ratelimit.RateLimited):
            consents.change_guardian_email(pupil, signup_of(pupil), "parent-last@home.example")


def test_the_page_corrects_the_email_and_keeps_what_was_typed_on_a_mistake(app, client):
    with app.app_context():
        _, signup = _pupil_waiting_for_consent()
        signup_id = signup.public_id
    sign_in(client, "pupil@example.com")
    place = client.get(f"/tasters/sign-ups/{signup_id}").get_data(as_text=True)
    assert f"/tasters/sign-ups/{signup_id}/guardian-email" in place
    own = client.post(f"/tasters/sign-ups/{signup_id}/guardian-email", data={"guardian_email": "pupil@example.com"})
    assert own.status_code == 400
    assert "not your own" in own.get_data(as_text=True) and 'value="pupil@example.com"' in own.get_data(as_text=True)
    bad = client.post(f"/tasters/sign-ups/{signup_id}/guardian-email", data={"guardian_email": "not an email"})
    assert bad.status_code == 400 and "Enter an email address like name@example.com" in bad.get_data(as_text=True)
    clock.freeze(MONDAY_10AM + timedelta(minutes=5))
    changed = client.post(f"/tasters/sign-ups/{signup_id}/guardian-email",
                          data={"guardian_email": "parent@home.example"})
    assert changed.status_code == 302
    assert "emailed your parent or guardian at the new address" in client.get(
        changed.headers["Location"]).get_data(as_text=True)
